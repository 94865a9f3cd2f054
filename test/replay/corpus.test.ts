// Replay against real Exim: every -bh session of spec/bh (recorded from exim
// -bh) that a session record can carry (no extra arguments, CRLF-ended ASCII
// lines; the DNS zones it ran against go in the record) is replayed with `exim-ts replay`'s runner; the replies to each
// command and the log lines must be exactly what Exim wrote.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../src/config/read-main.js';
import { addressAndPort } from '../../src/cli/be.js';
import { replayerFor } from '../../src/cli/replay.js';
import { toSessionRecord } from '../../src/replay/record.js';
import type { Replayer } from '../../src/replay/run.js';

const dir = resolve(__dirname, '../../spec/bh');
interface Vector { config: string; session: string; ip: string; args: string[]; input: string; stdout: string; log: string[]; dnsZones?: string[] }
const vectors: Vector[] = readFileSync(`${dir}/vectors.jsonl`, 'latin1').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const rules: { pattern: string; replacement: string }[] = JSON.parse(readFileSync(`${dir}/normalise.json`, 'utf8')).rules;
const exceptions: Record<string, string> = JSON.parse(readFileSync(`${dir}/exceptions.json`, 'utf8'));
const normalise = (s: string) => rules.reduce((t, r) => t.replace(new RegExp(r.pattern, 'gm'), () => r.replacement), s);

mkdirSync('/tmp/exim-ts-bh/files', { recursive: true });
for (const f of readdirSync(`${dir}/configs/files`)) copyFileSync(`${dir}/configs/files/${f}`, `/tmp/exim-ts-bh/files/${f}`);

/** the client lines of a vector, when a record can carry them exactly */
function lines(v: Vector): string[] | undefined {
  if (v.args.length || !v.input.endsWith('\r\n') || /[^\x20-\x7e\r\n\t]/.test(v.input)) return undefined;
  const l = v.input.slice(0, -2).split('\r\n');
  return l.some((x) => /[\r\n]/.test(x)) ? undefined : l;
}

/** exim -bh's stdout without the banner and the "not a real message id" notes: the replies */
const replies = (stdout: string) => stdout.replace(/^\n(\*\*\*\*.*\n)+\n/, '').replace(/\n\*\*\*\* SMTP testing: that is not a real message id!\n\n/g, '');

const replayers = new Map<string, Replayer>();
const usable = vectors.filter((v) => lines(v) && !exceptions[`${v.config}/${v.session}`]);

describe('replay against the exim -bh corpus', () => {
  it(`covers most of the corpus (${usable.length} of ${vectors.length})`, () => {
    expect(usable.length).toBeGreaterThanOrEqual(100);
  });
  for (const v of usable) {
    it(`${v.config}/${v.session}`, async () => {
      const file = `${dir}/configs/${v.config}.conf`;
      let r = replayers.get(file);
      if (!r) replayers.set(file, r = replayerFor(loadConfig(file, []), file));
      const hp = addressAndPort(v.ip)!;
      // the zones the session was recorded against travel in the record, as master-file text
      const dns = (v.dnsZones ?? []).map((z) => readFileSync(resolve(__dirname, '../..', z), 'latin1')).join('\n');
      const rec = toSessionRecord({ id: v.session, timestamp: '2026-11-29T10:00:00Z', client: { ip: hp.address, port: hp.port }, dialogue: lines(v), dns }, 'x');
      const o = await r.run(rec, 1);
      expect(o.error).toBeUndefined();
      const got = o.steps.map((s) => s.reply.map((l) => `${l}\r\n`).join('')).join('');
      expect(normalise(got)).toBe(replies(v.stdout));
      expect(o.log.map((l) => normalise(`LOG: ${l}`))).toEqual(v.log);
    });
  }
});
