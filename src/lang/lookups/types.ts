// The lookup types as the expansion language sees them: what a lookup type
// is (single-key or query-style, how it finds, how it quotes) and the names
// and kinds of every type of Debian's exim4-daemon-heavy 4.96 build. The
// implementations live in src/lookups and reach the evaluator through
// ctx.lookups; this table is what the parser checks names against.
import type { MatchServices } from '../match/list.js';
import { lookupQuoters } from '../util/lookup-quote.js';

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

/** every lookup type name of the build, with its kind (Exim's lookup_info) */
export const LOOKUP_KINDS: ReadonlyMap<string, LookupKind> = new Map<string, LookupKind>([
  ['lsearch', 'single'], ['wildlsearch', 'single'], ['nwildlsearch', 'single'], ['iplsearch', 'single'],
  ['dsearch', 'single'], ['cdb', 'single'], ['dbm', 'single'], ['dbmjz', 'single'], ['dbmnz', 'single'],
  ['dnsdb', 'query'], ['ldap', 'query'], ['ldapdn', 'query'], ['ldapm', 'query'],
  ['mysql', 'query'], ['nis', 'single'], ['nis0', 'single'], ['passwd', 'query'],
  ['pgsql', 'query'], ['readsock', 'query'], ['sqlite', 'absfilequery'],
]);

/** The known types without implementations: for parsing, and the fallback when a context has none. */
export function lookupTable(): Map<string, LookupType> {
  const m = new Map<string, LookupType>();
  for (const [name, kind] of LOOKUP_KINDS) {
    const q = lookupQuoters.get(name);
    m.set(name, { name, kind, ...(q ? { quote: q } : {}) });
  }
  return m;
}
