// The lookup types ${lookup} knows, by name. Each says whether it is a
// single-key lookup (a key and a file) or query-style, and how to find.
// The set is Debian's exim4-daemon-heavy 4.96 build (exim -bV); the types
// exim-ts does not implement yet have no `find` and fail when used.
import { lookupTable, type LookupType } from '../lang/lookups/types.js';
import { lsearchLookup } from './lsearch.js';
import { wildlsearchLookup, nwildlsearchLookup } from './wildlsearch.js';
import { iplsearchLookup } from './iplsearch.js';
import { dsearchLookup } from './dsearch.js';

export type { LookupKind, LookupEnv, LookupType, LookupRegistry } from '../lang/lookups/types.js';
export { LookupError } from '../lang/lookups/types.js';

/** A fresh registry of the standard lookup types; callers may add their own. */
export function standardLookups(): Map<string, LookupType> {
  // the types not implemented yet stay as table entries without find(): they fail when used
  const m = lookupTable();
  for (const t of [lsearchLookup, wildlsearchLookup, nwildlsearchLookup, iplsearchLookup, dsearchLookup]) m.set(t.name, t);
  return m;
}
