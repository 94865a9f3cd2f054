// cleanup_environment(): the environment Exim keeps after reading its config.
// keep_environment unset or empty clears it, "*" keeps all, otherwise a string
// list of names (exact, *suffix, ^regex); add_environment then adds NAME=value items.
import { checkString, matchCheckList, type MatchServices } from '../match/list.js';
import { ListReader } from './list.js';

/** list matching with nothing but the list: no hostname, named lists, files or lookups */
export const noServices: MatchServices = {
  primaryHostname: '',
  namedList: () => undefined,
  expand: (s) => s,
  readFile: () => '',
  localInterfaces: () => [],
};

export function keptEnvironment(keep: string | undefined, add: string | undefined,
  from: Record<string, string | undefined>): Map<string, string> {
  const env = new Map<string, string>();
  if (keep !== undefined && keep !== '') {
    for (const [name, value] of Object.entries(from)) {
      if (value === undefined) continue;
      const n = Buffer.from(name, 'utf8').toString('latin1');
      const v = Buffer.from(value, 'utf8').toString('latin1');
      if (keep === '*') { env.set(n, v); continue; }
      const cb = { subject: n, origSubject: n, caseless: false, atSpecial: false, expandSetup: -1 };
      const r = matchCheckList(keep, { kind: 'string', named: false }, (pat, out) => checkString(cb, pat, out, noServices),
        noServices);
      if (r.rc === 'ok') env.set(n, v);
    }
  }
  if (add) {
    const r = new ListReader(add);
    for (let item = r.next(); item !== undefined; item = r.next()) {
      // putenv(): NAME=value sets, a bare NAME removes
      const eq = item.indexOf('=');
      if (eq < 0) env.delete(item);
      else env.set(item.slice(0, eq), item.slice(eq + 1));
    }
  }
  return env;
}
