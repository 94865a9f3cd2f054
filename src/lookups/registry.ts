// The lookup types ${lookup} knows, by name. Each says whether it is a
// single-key lookup (a key and a file) or query-style, and how to find.
// The set is Debian's exim4-daemon-heavy 4.96 build (exim -bV) plus redis;
// the types exim-ts does not implement have no `find` and fail when used.
// A registry owns its caches and connections: one per session (or process),
// with searchTidyup() at the end of each message and closeLookups() at exit.
import { lookupTable, SearchCache, type LookupRegistry, type LookupType } from '../lang/lookups/types.js';
import { lsearchLookup } from './lsearch.js';
import { wildlsearchLookups } from './wildlsearch.js';
import { iplsearchLookup } from './iplsearch.js';
import { dsearchLookup } from './dsearch.js';
import { dnsdbLookup } from './dnsdb.js';
import { cdbLookup } from './cdb.js';
import { FileCache } from './file-cache.js';
import { sqliteLookup } from './sql/sqlite.js';
import { pgsqlLookup } from './sql/pgsql.js';
import { mysqlLookup } from './sql/mysql.js';
import { redisLookup } from './sql/redis.js';
import { defaultServerOptions, type ServerOptions } from './sql/options.js';

export type { LookupKind, LookupEnv, LookupType, LookupRegistry } from '../lang/lookups/types.js';
export { LookupError } from '../lang/lookups/types.js';

/** A registry with the search cache and the connections its lookups hold. */
export class Lookups extends Map<string, LookupType> {
  readonly cache = new SearchCache();
  readonly files = new FileCache();
  readonly closers: (() => Promise<void>)[] = [];
}

/** A fresh registry of the standard lookup types; callers may add their own. */
export function standardLookups(options: Partial<ServerOptions> = {}): Lookups {
  const o = { ...defaultServerOptions, ...options };
  const m = new Lookups();
  // the types not implemented stay as table entries without find(): they fail when used
  for (const [name, t] of lookupTable()) m.set(name, t);
  const servers = [sqliteLookup(), pgsqlLookup(o), mysqlLookup(o), redisLookup(o)];
  for (const s of servers) m.closers.push(() => s.close());
  for (const t of [lsearchLookup(m.files), ...wildlsearchLookups(m.files), iplsearchLookup(m.files), dsearchLookup, dnsdbLookup,
    cdbLookup(m.files), ...servers]) {
    m.set(t.name, t);
  }
  // every type answers through the registry's search cache (entries are copies: the shared ones stay as they are)
  const set = m.set.bind(m);
  m.set = (name, t) => set(name, t.find ? { ...t, quote: t.quote ?? m.get(name)?.quote, cache: m.cache } : t);
  for (const [name, t] of [...m]) m.set(name, t);
  return m;
}

/** Exim's search_tidyup(): forget what the lookups found (the end of a message) */
export function searchTidyup(registry: LookupRegistry | undefined): void {
  if (registry instanceof Lookups) {
    registry.cache.tidyup();
  }
}

/** close every connection and file the registry's lookups hold */
export async function closeLookups(registry: LookupRegistry | undefined): Promise<void> {
  if (registry instanceof Lookups) {
    registry.cache.tidyup();
    registry.files.clear();
    await Promise.all(registry.closers.map((c) => c()));
  }
}
