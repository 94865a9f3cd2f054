// The lookup types ${lookup} knows, by name. Each says whether it is a
// single-key lookup (a key and a file) or query-style, and how to find.
// The set is Debian's exim4-daemon-heavy 4.96 build (exim -bV); the types
// exim-ts does not implement yet have no `find` and fail when used.
import type { MatchServices } from '../lang/match/list.js';
import { lookupQuoters } from '../lang/util/lookup-quote.js';
import { lsearchLookup } from './lsearch.js';
import { wildlsearchLookup, nwildlsearchLookup } from './wildlsearch.js';
import { iplsearchLookup } from './iplsearch.js';
import { dsearchLookup } from './dsearch.js';

export type LookupKind = 'single' | 'query' | 'absfilequery';

/** What a lookup may use from the expansion it runs in. */
export interface LookupEnv {
  /** expand a string (wildlsearch expands its keys) */
  expand(s: string): string;
  /** list-matching services (wildlsearch keys are one-item string lists) */
  match: MatchServices;
}

export interface LookupType {
  name: string;
  kind: LookupKind;
  /** Exim's open + check of the file or directory; throws a LookupError */
  open?(file: string): void;
  /**
   * The data for the key (the query for query-style types); undefined when
   * not found. Throws a LookupError with defer set for a temporary failure.
   */
  find?(file: string | undefined, key: string, opts: string | undefined, env: LookupEnv):
    string | undefined | Promise<string | undefined>;
  /** ${quote_<type>:} */
  quote?(s: string, opt?: string): string | undefined;
}

export class LookupError extends Error {
  constructor(message: string, readonly defer = true) {
    super(message);
  }
}

export type LookupRegistry = ReadonlyMap<string, LookupType>;

/** Debian's lookup types that exim-ts does not search yet (kinds as in Exim's lookup_info) */
const NOT_YET: [string, LookupKind][] = [
  ['cdb', 'single'], ['dbm', 'single'], ['dbmjz', 'single'], ['dbmnz', 'single'],
  ['dnsdb', 'query'], ['ldap', 'query'], ['ldapdn', 'query'], ['ldapm', 'query'],
  ['mysql', 'query'], ['nis', 'single'], ['nis0', 'single'], ['passwd', 'query'],
  ['pgsql', 'query'], ['readsock', 'query'], ['sqlite', 'absfilequery'],
];

/** A fresh registry of the standard lookup types; callers may add their own. */
export function standardLookups(): Map<string, LookupType> {
  const m = new Map<string, LookupType>();
  for (const t of [lsearchLookup, wildlsearchLookup, nwildlsearchLookup, iplsearchLookup, dsearchLookup]) m.set(t.name, t);
  for (const [name, kind] of NOT_YET) {
    const q = lookupQuoters.get(name);
    m.set(name, { name, kind, ...(q ? { quote: q } : {}) });
  }
  return m;
}
