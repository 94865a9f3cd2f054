// iplsearch: lsearch files keyed by IP addresses and networks (CIDR); the
// key looked up must be an IP address (or "*").
import type { LookupType } from '../lang/lookups/types.js';
import { LookupError } from '../lang/lookups/types.js';
import { lsearchFile } from './lsearch.js';
import type { FileCache } from './file-cache.js';
import { ipType } from '../lang/util/ip.js';
import { hostIsInNet } from '../lang/match/host.js';

/** iplsearch, reading its files through the registry's file cache */
export const iplsearchLookup = (files: FileCache): LookupType => ({
  name: 'iplsearch',
  kind: 'single',
  open: (file) => { files.read(file, 'lsearch', ' for linear search'); },
  find(file, key, opts, env) {
    if (key !== '*' && ipType(key) === 0) {
      throw new LookupError(`"${key}" is not a valid iplsearch key (an IP address, with optional CIDR mask, is wanted): `
        + 'in a host list, use net-iplsearch as the search type');
    }
    return lsearchFile('iplsearch', file!, key, opts, env, (lineKey, k) => {
      if (lineKey === '*') return k === '*' ? 'match' : 'no';
      if (k === '*') return 'no';
      const mask = { offset: 0 };
      if (ipType(lineKey, true, mask) === 0) return 'no';
      return hostIsInNet(k, lineKey, mask.offset) ? 'match' : 'no';
    }, files);
  },
});
