// The lookup types as the expansion language sees them: what a lookup type
// is (single-key or query-style, how it finds, how it quotes) and the names
// and kinds of every type of Debian's exim4-daemon-heavy 4.96 build. The
// implementations live in src/lookups and reach the evaluator through
// ctx.lookups; this table is what the parser checks names against.
import type { MatchServices } from '../match/list.js';
import type { DnsResolver } from '../services/dns.js';
import { lookupQuoters } from '../util/lookup-quote.js';

export type LookupKind = 'single' | 'query' | 'absfilequery';

/** What a lookup may use from the expansion it runs in. */
export interface LookupEnv {
  /** expand a string (wildlsearch expands its keys) */
  expand(s: string): string;
  /** list-matching services (wildlsearch keys are one-item string lists) */
  match: MatchServices;
  /** a main option's raw value (sqlite_dbfile, pgsql_servers, ...) */
  option?(name: string): string | undefined;
  /** the session's resolver (dnsdb) */
  dns?: DnsResolver;
}

/**
 * What find() may answer beside the plain data: `cache` 0 says "do not cache
 * this and forget what this lookup type cached" (SQL writes, Redis nil);
 * n > 0 keeps the answer for n seconds (Exim's do_cache).
 */
export interface FindData {
  value: string | undefined;
  cache?: number;
}

export type FindAnswer = string | undefined | FindData;

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
    FindAnswer | Promise<FindAnswer>;
  /** ${quote_<type>:} */
  quote?(s: string, opt?: string): string | undefined;
  /** the search cache of the registry this entry belongs to (Exim's per-file item cache) */
  cache?: SearchCache;
}

/**
 * Exim's search cache: answers by lookup type, file and key (with the
 * options they were found with), kept until tidyup() - which the caller
 * does at the end of each message, as Exim's search_tidyup().
 */
export class SearchCache {
  private files = new Map<string, Map<string, { value: string | undefined; opts: string | undefined; expiry: number }>>();

  private static fileKey(type: string, file: string | undefined): string {
    return `${type}\0${file ?? ''}`;
  }

  get(type: string, file: string | undefined, key: string, opts: string | undefined): { value: string | undefined } | undefined {
    const e = this.files.get(SearchCache.fileKey(type, file))?.get(key);
    if (!e || e.opts !== opts || (e.expiry && e.expiry <= Date.now())) return undefined;
    return { value: e.value };
  }

  /** ttl: seconds, 0 for "forget everything cached for this type and file" */
  put(type: string, file: string | undefined, key: string, opts: string | undefined, value: string | undefined, ttl?: number): void {
    const fk = SearchCache.fileKey(type, file);
    if (ttl === 0) { this.files.delete(fk); return; }
    let m = this.files.get(fk);
    if (!m) this.files.set(fk, (m = new Map()));
    m.set(key, { value, opts, expiry: ttl === undefined ? 0 : Date.now() + ttl * 1000 });
  }

  tidyup(): void {
    // a fresh map is cheaper than clearing one (this runs before every message)
    if (this.files.size) this.files = new Map();
  }
}

export class LookupError extends Error {
  constructor(message: string, readonly defer = true) {
    super(message);
  }
}

export type LookupRegistry = ReadonlyMap<string, LookupType>;

/** every lookup type name of the build (and redis), with its kind (Exim's lookup_info) */
export const LOOKUP_KINDS: ReadonlyMap<string, LookupKind> = new Map<string, LookupKind>([
  ['lsearch', 'single'], ['wildlsearch', 'single'], ['nwildlsearch', 'single'], ['iplsearch', 'single'],
  ['dsearch', 'single'], ['cdb', 'single'], ['dbm', 'single'], ['dbmjz', 'single'], ['dbmnz', 'single'],
  ['dnsdb', 'query'], ['ldap', 'query'], ['ldapdn', 'query'], ['ldapm', 'query'],
  ['mysql', 'query'], ['nis', 'single'], ['nis0', 'single'], ['passwd', 'query'],
  ['pgsql', 'query'], ['readsock', 'query'], ['sqlite', 'absfilequery'],
  // not in Debian's build; exim-ts has it
  ['redis', 'query'],
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
