// Conformance: every vector recorded from real Exim 4.96 (`exim -be`, see
// spec/expand/README.md) must come out of our -be identically. Known
// differences are listed with their reason in spec/expand/exceptions.json;
// an exception that starts to pass fails the test too, so the list stays true.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/read-main.js';
import { beLine, beSession } from '../../src/cli/be.js';

const root = resolve(__dirname, '../..');
const vecDir = join(root, 'spec/expand/vectors');
const fixtures = join(root, 'spec/expand/fixtures');
const confFile = join(root, 'spec/oracle/min.conf');
const exceptionsFile = join(root, 'spec/expand/exceptions.json');

interface Vector { in: string; out: string; fed?: string; file?: string; line?: number }

// spec/expand/README.md: paths in vectors stand as placeholders, longest path first
const places: [string, string][] = [
  ['@FIXTURES@', fixtures], ['@CONFIG@', confFile], ['@CONFIG_DIR@', join(root, 'spec/oracle')], ['@REPO@', root],
];
const fill = (s: string) => places.reduce((t, [k, v]) => t.split(k).join(v), s);
const unfill = (s: string) => [...places].sort((a, b) => b[1].length - a[1].length)
  .reduce((t, [k, v]) => t.split(v).join(k), s);

const files = existsSync(vecDir) ? readdirSync(vecDir).filter((f) => f.endsWith('.jsonl')).sort() : [];
const exceptions: Record<string, string> = existsSync(exceptionsFile)
  ? JSON.parse(readFileSync(exceptionsFile, 'utf8'))
  : {};

import { fromBytes, toBytes } from '../helpers/bytes.js';

describe('expansion vectors recorded from exim 4.96', () => {
  it('has vectors to check', () => {
    const n = files.reduce((a, f) => a + readFileSync(join(vecDir, f), 'utf8').split('\n').filter(Boolean).length, 0);
    expect(n).toBeGreaterThanOrEqual(1000);
  });

  for (const f of files) {
    it(f, async () => {
      const session = beSession(loadConfig(confFile), confFile, {}, () => undefined);
      const vectors: Vector[] = readFileSync(join(vecDir, f), 'utf8').split('\n').filter(Boolean)
        .map((l) => JSON.parse(l)).filter((v) => 'in' in v && 'out' in v);
      const wrong: string[] = [];
      const fixed: string[] = [];
      let same = 0;
      for (const v of vectors) {
        const want = v.out;
        let r = beLine(toBytes(fill(v.fed ?? v.in)), session);
        if (r instanceof Promise) r = await r;
        const got = unfill(fromBytes(r ?? ''));
        const key = `${f}:${v.in}`;
        if (got === want) {
          same++;
          if (exceptions[key]) fixed.push(key);
        } else if (!exceptions[key]) {
          wrong.push(`${v.file ?? f}:${v.line ?? '?'}\n  in:   ${v.in}\n  exim: ${JSON.stringify(want)}\n  ours: ${JSON.stringify(got)}`);
        }
      }
      console.log(`${f}: ${same}/${vectors.length} identical`);
      expect(fixed, 'exceptions that now pass: remove them from spec/expand/exceptions.json').toEqual([]);
      expect(wrong.join('\n')).toBe('');
    });
  }
});
