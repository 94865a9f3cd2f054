// exim-ts -bh against the sessions recorded from real exim -bh (spec/bh): the
// same config, input and normalisation; stdout, stderr (the >>> trace and the
// LOG: lines) and the exit status must be identical. Known differences are listed, with reasons, in
// spec/bh/exceptions.json; the test fails when one of them starts to pass.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig } from '../../src/config/read-main.js';
import { parseEximArgs } from '../../src/cli/exim-args.js';
import { feedText, runBh } from '../../src/cli/bh.js';

const dir = resolve(__dirname, '../../spec/bh');
interface Vector {
  config: string; session: string; ip: string; args: string[]; input: string; stdout: string; stderr: string; log: string[]; exit: number;
  /** DNS answers: master files (relative to the project) exim was run against */
  dnsZones?: string[];
}
const vectors: Vector[] = readFileSync(`${dir}/vectors.jsonl`, 'latin1').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const rules: { pattern: string; replacement: string }[] = JSON.parse(readFileSync(`${dir}/normalise.json`, 'utf8')).rules;
const exceptions: Record<string, string> = JSON.parse(readFileSync(`${dir}/exceptions.json`, 'utf8'));
/** sessions whose replies and log lines are right but whose >>> trace is not yet Exim's */
const traceExceptions: Record<string, string> = JSON.parse(readFileSync(`${dir}/trace-exceptions.json`, 'utf8'));

const normalise = (s: string) => rules.reduce((t, r) => t.replace(new RegExp(r.pattern, 'gm'), () => r.replacement), s);

// the configs read their lookup files from here, as under the recorder
mkdirSync('/tmp/exim-ts-bh/files', { recursive: true });
for (const f of readdirSync(`${dir}/configs/files`)) copyFileSync(`${dir}/configs/files/${f}`, `/tmp/exim-ts-bh/files/${f}`);

async function run(v: Vector): Promise<{ stdout: string; stderr: string; log: string[]; exit: number }> {
  const file = `${dir}/configs/${v.config}.conf`;
  const zones = (v.dnsZones ?? []).flatMap((z) => ['--dns-zone', resolve(__dirname, '../..', z)]);
  const args = parseEximArgs([...v.args, ...zones, '-C', file, '-bh', v.ip]);
  const cfg = loadConfig(file, args.defines);
  let out = '';
  let err = '';
  const exit = await runBh(cfg, file, v.ip, args, { out: (s) => { out += s; }, err: (s) => { err += s; }, feed: feedText(v.input) });
  const stderr = normalise(err);
  return { stdout: normalise(out), stderr, log: stderr.split('\n').filter((l) => l.startsWith('LOG: ')), exit };
}

describe('exim -bh corpus', () => {
  it(`has at least 100 recorded sessions (${vectors.length})`, () => {
    expect(vectors.length).toBeGreaterThanOrEqual(100);
  });
  for (const v of vectors) {
    const name = `${v.config}/${v.session}`;
    const why = exceptions[name];
    it(`${name}${why ? ' (known difference)' : ''}`, async () => {
      const got = await run(v);
      const same = got.stdout === v.stdout && got.stderr === v.stderr && got.exit === v.exit;
      if (why) {
        expect(same, `listed as a known difference (${why}) but now identical: remove it from spec/bh/exceptions.json`).toBe(false);
        return;
      }
      // the replies and log lines first (what matters most), then the whole trace
      expect({ stdout: got.stdout, log: got.log, exit: got.exit }).toEqual({ stdout: v.stdout, log: v.log, exit: v.exit });
      const traceWhy = traceExceptions[name];
      if (traceWhy) {
        expect(got.stderr === v.stderr, `trace listed as different (${traceWhy}) but now identical: remove it from spec/bh/trace-exceptions.json`).toBe(false);
      } else expect(got.stderr).toBe(v.stderr);
    });
  }
});
