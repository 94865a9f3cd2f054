// inlist / inlisti, and the list-matching conditions match_domain,
// match_local_part, match_address and match_ip. Their second argument is not
// expanded (only backslashes are interpreted), for safety, as in Exim.
import { ExpandError, type ConditionEntry, type Evaluator } from '../expand-api.js';
import { readTwo } from './args.js';
import { ListReader } from '../util/list.js';
import { ipType } from '../util/ip.js';
import { MatchPanic, type MatchResult, type MatchServices, type ListKind } from '../match/list.js';
import { matchDomainList } from '../match/domain.js';
import { matchLocalPartList } from '../match/localpart.js';
import { matchAddressList } from '../match/address.js';
import { matchIpList } from '../match/host.js';
import { readFileSync } from 'node:fs';
import { lookupTable, LookupError, type LookupEnv, type LookupRegistry } from '../lookups/types.js';
import { parseLookupType, searchFind, type FindResult } from '../lookups/search.js';

const lower = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

function inlist(name: string, caseless: boolean, doc: string): ConditionEntry {
  return {
    name,
    doc,
    asRead: true,
    parse: (p, n) => ({ args: readTwo(p, n) }),
    test(node, ev) {
      const s = ev.str(node.args[0]);
      const list = ev.str(node.args[1]);
      const r = new ListReader(list);
      const want = caseless ? lower(s) : s;
      for (let x = r.next(); x !== undefined; x = r.next()) {
        if ((caseless ? lower(x) : x) === want) {
          ev.condValue = x;
          return true;
        }
      }
      return false;
    },
  };
}

/** the expander's services for list matching: config named lists, primary_hostname, file reads through ev.io */
export function matchServices(ev: Evaluator): MatchServices {
  return new EvaluatorMatchServices(ev);
}

/** one object per list match, its methods shared (list matching runs for most ACL conditions) */
class EvaluatorMatchServices implements MatchServices {
  readonly primaryHostname: string;
  readonly trace: ((line: string) => void) | undefined;
  namedCache: MatchServices['namedCache'];
  constructor(private readonly ev: Evaluator) {
    const ctx = ev.ctx;
    this.primaryHostname = ctx.getVar?.('primary_hostname') ?? ctx.config?.options?.get('primary_hostname') ?? '';
    this.trace = ctx.trace;
  }
  namedList(kind: ListKind, name: string): string | undefined {
    const nl = this.ev.ctx.config?.namedLists?.get(name);
    return nl && nl.kind === kind ? nl.value : undefined;
  }
  expand(s: string): string { return this.ev.expandNested(s); }
  readFile(path: string): string {
    return this.ev.io(() => {
      try {
        return readFileSync(Buffer.from(path, 'latin1')).toString('latin1');
      } catch (e) {
        throw new ExpandError(`failed to open ${path} when checking a list: ${(e as Error).message}`);
      }
    });
  }
  localInterfaces(): string[] {
    const ctx = this.ev.ctx;
    return typeof ctx.localInterfaces === 'function' ? ctx.localInterfaces() : ctx.localInterfaces ?? [];
  }
  lookup(pattern: string, key: string): string | null | { defer: string } { return listLookup(this.ev, pattern, key); }
}

/** "type;file" (or "type;query") in a list: search_findtype_partial(), search_open(), search_find() */
function listLookup(ev: Evaluator, pattern: string, key: string): string | null | { defer: string } {
  const ctx = ev.ctx;
  const semi = pattern.indexOf(';');
  const typeName = pattern.slice(0, semi).replace(/[ \t\n\v\f\r]+$/, '');
  const rest = pattern.slice(semi + 1).replace(/^[ \t\n\v\f\r]+/, '');
  const registry: LookupRegistry = ctx.lookups ?? lookupTable();
  const spec = parseLookupType(typeName, registry);
  if (typeof spec === 'string') throw new ExpandError(spec);
  const type = registry.get(spec.type.name) ?? spec.type;
  if (!type.find) return { defer: `lookup type "${type.name}" is not supported by exim-ts` };
  const single = type.kind === 'single';
  const env: LookupEnv = { expand: (t) => ev.expandNested(t), match: matchServices(ev), option: (name) => ctx.config?.options?.get(name), dns: ctx.services?.dns };
  const r: FindResult | { defer: string } = ev.io(() => {
    try {
      if (single) type.open?.(rest);
      const f = searchFind({ ...spec, type }, single ? rest : undefined, single ? key : rest, env);
      return f instanceof Promise ? f.catch((e) => (e instanceof LookupError ? { defer: e.message } : Promise.reject(e))) : f;
    } catch (e) {
      if (e instanceof LookupError) return { defer: e.message };
      throw e;
    }
  });
  ctx.searchErrorMessage = 'defer' in r ? r.defer : '';
  if ('defer' in r) return r;
  return r.value ?? null;
}

function listCond(name: string, doc: string, run: (subject: string, list: string, svc: MatchServices) => MatchResult,
  check?: (subject: string) => void): ConditionEntry {
  return {
    name,
    doc,
    asRead: true,
    parse: (p, n) => ({ args: readTwo(p, n, false) }),
    test(node, ev) {
      const subject = ev.str(node.args[0]);
      const list = ev.str(node.args[1]);
      check?.(subject);
      let r: MatchResult;
      try {
        r = run(subject, list, matchServices(ev));
      } catch (e) {
        if (e instanceof MatchPanic) throw new ExpandError(e.message);
        throw e;
      }
      if (r.rc === 'defer') throw new ExpandError(`unable to complete match against "${list}": ${r.error ?? ev.ctx.searchErrorMessage ?? 'NULL'}`);
      if (r.rc === 'ok') {
        if (r.value !== undefined) ev.condValue = r.value;
        if (r.matches) ev.matches = r.matches.map((x) => x ?? '');
        return true;
      }
      return false;
    },
  };
}

export const listConditions: ConditionEntry[] = [
  inlist('inlist', false, 'inlist {<string>}{<list>}: the string is an item of the list ($value gets it)'),
  inlist('inlisti', true, 'inlisti {<string>}{<list>}: as inlist, ignoring ASCII case'),
  listCond('match_domain', 'match_domain {<domain>}{<domain list>}: the domain matches the list (not expanded)',
    (s, l, svc) => matchDomainList(s, l, svc)),
  listCond('match_local_part', 'match_local_part {<local part>}{<local part list>}: caseless list match (not expanded)',
    (s, l, svc) => matchLocalPartList(s, l, svc)),
  listCond('match_address', 'match_address {<address>}{<address list>}: caseless address list match (not expanded)',
    (s, l, svc) => matchAddressList(s, l, svc)),
  listCond('match_ip', 'match_ip {<IP address>}{<host list>}: the address matches an IP item of the list (not expanded)',
    (s, l, svc) => matchIpList(s, l, svc),
    (s) => { if (s !== '' && ipType(s) === 0) throw new ExpandError(`"${s}" is not an IP address`); }),
];
