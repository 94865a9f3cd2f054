// Exim's cleanup_environment() at start-up, once the main section is read:
// each name in the environment is matched against keep_environment, and a
// lookup there of an unknown type or on a file that cannot be opened ends
// the process (LOG_PANIC_DIE), whatever it was started for.
import { checkString, matchCheckList, MatchPanic, type MatchServices } from '../lang/match/list.js';
import { parseLookupType } from '../lang/lookups/search.js';
import { LookupError, type LookupRegistry } from '../lang/lookups/types.js';
import { noServices } from '../lang/util/environment.js';
import { standardLookups } from '../lookups/registry.js';

class Panic extends Error {}

/** the message Exim dies with while matching the environment against keep_environment, if it does */
export function keepEnvironmentPanic(keep: unknown, env: Record<string, string | undefined>): string | undefined {
  if (typeof keep !== 'string' || keep === '' || keep === '*') return undefined;
  let lookups: LookupRegistry | undefined;
  const svc: MatchServices = {
    ...noServices,
    lookup(pattern) {
      const semi = pattern.indexOf(';');
      const registry = (lookups ??= standardLookups());
      const spec = parseLookupType(pattern.slice(0, semi).replace(/[ \t\n\v\f\r]+$/, ''), registry);
      if (typeof spec === 'string') throw new Panic(spec);
      const type = registry.get(spec.type.name) ?? spec.type;
      try {
        if (type.kind === 'single') type.open?.(pattern.slice(semi + 1).replace(/^[ \t\n\v\f\r]+/, ''));
      } catch (e) {
        if (e instanceof LookupError) throw new Panic(e.message);
        throw e;
      }
      // what it finds changes which names are kept, not whether Exim goes on
      return null;
    },
  };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const n = Buffer.from(name, 'utf8').toString('latin1');
    const cb = { subject: n, origSubject: n, caseless: false, atSpecial: false, expandSetup: -1 };
    try {
      matchCheckList(keep, { kind: 'string', named: false }, (pat, out) => checkString(cb, pat, out, svc), svc);
    } catch (e) {
      if (e instanceof Panic) return e.message;
      if (e instanceof MatchPanic) return e.dies;
      throw e;
    }
  }
  return undefined;
}
