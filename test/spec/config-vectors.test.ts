// Conformance: exim-ts -bV / -bP on every config in spec/config/cases/ must
// print what real exim 4.96 printed (spec/config/vectors.jsonl, recorded by
// scripts/record-config.py). For -bV only the verdict is compared (stderr,
// exit code, "Configuration file is" line): the version lines are our own.
// Known differences: spec/config/exceptions.json ("case args" -> reason); an
// exception that starts to pass fails the test, so the list stays true.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runBp, runBv, systemUsers } from '../../src/cli/bp.js';

const root = resolve(__dirname, '../..');
const cases = join(root, 'spec/config/cases');
const vecFile = join(root, 'spec/config/vectors.jsonl');
const exFile = join(root, 'spec/config/exceptions.json');
interface Vector { case: string; args: string[]; stdout: string; stderr: string; rc: number }
const vectors: Vector[] = existsSync(vecFile) ? readFileSync(vecFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
const exceptions: Record<string, string> = existsSync(exFile) ? JSON.parse(readFileSync(exFile, 'utf8')) : {};
const users = systemUsers();

function ours(v: Vector): Vector {
  let out = '';
  let err = '';
  const io = {
    out: (s: string) => { out += s; }, err: (s: string) => { err += s; },
    now: () => new Date(2000, 0, 1), env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' }, users, admin: true, root: true,
  };
  const file = join(cases, v.case);
  const rc = v.args[0] === '-bV' ? runBv(file, [], io) : runBp(file, [], v.args.slice(1), io);
  const norm = (s: string) => s.split(cases).join('@CASES@');
  return { ...v, stdout: norm(out), stderr: norm(err), rc };
}

const verdict = (v: Vector) => v.args[0] === '-bV'
  ? { stderr: v.stderr, rc: v.rc, config: v.stdout.split('\n').filter((l) => l.startsWith('Configuration file is')) }
  : { stdout: v.stdout, stderr: v.stderr, rc: v.rc };

describe('config vectors recorded from exim 4.96 (-bV, -bP)', () => {
  it('has enough vectors', () => expect(new Set(vectors.map((v) => v.case)).size).toBeGreaterThanOrEqual(60));
  it('replays them', () => {
    const wrong: string[] = [];
    const fixed: string[] = [];
    let same = 0;
    for (const v of vectors) {
      const key = `${v.case} ${v.args.join(' ')}`;
      const want = verdict(v);
      const got = verdict(ours(v));
      const ok = JSON.stringify(want) === JSON.stringify(got);
      if (ok) { same++; if (exceptions[key]) fixed.push(key); } else if (!exceptions[key]) {
        wrong.push(`${key}\n  exim: ${JSON.stringify(want)}\n  ours: ${JSON.stringify(got)}`);
      }
    }
    console.log(`config vectors: ${same}/${vectors.length} identical`);
    expect(fixed, 'exceptions that now pass: remove them from spec/config/exceptions.json').toEqual([]);
    expect(wrong.join('\n')).toBe('');
  });
});
