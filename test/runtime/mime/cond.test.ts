// decode (to a directory, a name in the scan directory, a full path, false,
// an unwritable place), regex reading the current part up to its boundary, and
// mime_regex on decoded binary data (NULs kept, only the first 32k): as real
// exim -bh logged them with cond.conf (recorded-cond.json, scripts/record-mime.py).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeConfAcl, runMime } from './harness.js';

const here = new URL('.', import.meta.url).pathname;
const recorded = JSON.parse(readFileSync(join(here, 'recorded-cond.json'), 'utf8')) as Record<string, { log: string[] }>;

// Exim's log buffer overflows on the base64 of the big decoded part; exim-ts writes it
const comparable = (l: string) => !l.startsWith('<= ') && !l.startsWith('named: ') && !l.startsWith('****');

describe('decode, regex and mime_regex against exim -bh', () => {
  for (const [name, rec] of Object.entries(recorded)) {
    it(name, async () => {
      const acl = (spool: string) => {
        mkdirSync(join(spool, 'out'));
        return mimeConfAcl('cond.conf').split('/tmp/exim-ts-mime').join(spool);
      };
      const r = await runMime(acl, readFileSync(join(here, 'cond', name), 'latin1'));
      expect(r.logs.filter(comparable).map((l) => l.split('SPOOL/').join(''))).toEqual(rec.log.filter(comparable).map((l) => l.split('/tmp/exim-ts-mime/').join('')));
      const named = rec.log.filter((l) => l.startsWith('named: '));
      if (!rec.log.some((l) => l.startsWith('****'))) expect(r.logs.filter((l) => l.startsWith('named: '))).toEqual(named);
    });
  }
});
