// The MIME ACL over the messages of messages/: every $mime_* variable per
// part, mime_regex and decode results, as real exim -bh logged them with
// mime.conf (recorded.json, made by scripts/record-mime.py).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mimeConfAcl, runMime } from './harness.js';

const here = new URL('.', import.meta.url).pathname;
const recorded = JSON.parse(readFileSync(join(here, 'recorded.json'), 'utf8')) as Record<string, { log: string[]; reply: string }>;

/** the walks (the message's, then each RFC822 attachment's), cut where $mime_part_count starts again */
function passes(lines: string[]): string[][] {
  const out: string[][] = [];
  for (const l of lines) {
    if (l.startsWith('mime: n=0 ') || !out.length) out.push([]);
    out[out.length - 1]!.push(l);
  }
  return out;
}

describe('MIME ACL walk against exim -bh', () => {
  for (const [name, rec] of Object.entries(recorded)) {
    it(name, async () => {
      const r = await runMime(mimeConfAcl(), readFileSync(join(here, 'messages', name), 'latin1'));
      const want = rec.log.filter((l) => /^(mime|regex|decoded): /.test(l));
      const got = r.logs.filter((l) => /^(mime|regex|decoded): /.test(l));
      // the attachments' walks come in the scan directory's readdir order (file system dependent)
      const [wantFirst, ...wantRest] = passes(want);
      const [gotFirst, ...gotRest] = passes(got);
      expect(gotFirst ?? []).toEqual(wantFirst ?? []);
      expect(gotRest.map((p) => p.join('\n')).sort()).toEqual(wantRest.map((p) => p.join('\n')).sort());
      expect(r.ran).toBe(want.length > 0);
      const reply = /^(\d)\d\d (.*)$/.exec(rec.reply);
      if (reply && reply[1] === '5') expect({ rc: r.rc, userMsg: r.userMsg }).toEqual({ rc: 'FAIL', userMsg: reply[2] });
      else expect(r.rc).toBe('OK');
    });
  }
});
