// The table-driven scanner (tokens.ts tokenize) against chevrotain's Lexer
// built from the same token definitions: the same tokens, images and
// offsets for every recorded vector, for random bytes and for
// expansion-like strings, with and without forced cuts.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { IToken } from 'chevrotain';
import { referenceLexer, tokenize } from '../../../src/grammar/expansion/tokens.js';

const lexer = referenceLexer();
const shape = (ts: IToken[]) => ts.map((t) => [t.tokenType.name, t.image, t.startOffset]);

/** what the scanner must give: the reference lexer over each piece between cuts, offsets moved back */
function reference(src: string, cuts: number[]): IToken[] {
  const out: IToken[] = [];
  let from = 0;
  for (const to of [...cuts, src.length]) {
    const r = lexer.tokenize(src.slice(from, to));
    expect(r.errors).toEqual([]);
    for (const t of r.tokens) out.push({ ...t, startOffset: t.startOffset + from });
    from = to;
  }
  return out;
}

const same = (src: string, cuts: number[] = []) => expect(shape(tokenize(src, cuts)), JSON.stringify(src)).toEqual(shape(reference(src, cuts)));

describe('expansion scanner', () => {
  it.each([
    '', 'abc', '${lc:A}', '\\', 'a\\', '\\N', '\\Nab', '\\Na\\Nb', '\\x', '\\x4', '\\x41z', '\\xg', '\\0', '\\1234', '\\7777',
    '\\\\', '\\\n', '$h_x\\ y', 'a-b!=c<>,d', '\t\v\f\r\n x', '\x00\x01\x7f\xff\u0100', '~@#%^&*()[]|;\'"./?`+',
    '${substr_-1_2:abc}', '$1abc_9', '${if !!eq{a}{b}}', 'ÄÖü',
  ])('%j', (s) => same(s));

  it('cuts split a token where they fall', () => {
    same('$h_x\\ y', [5]);
    same('\\Nabc\\N', [3]);
    same('\\x41', [2]);
    same('abcdef', [1, 3, 3]);
  });

  it('matches on every recorded vector', () => {
    const dir = resolve(__dirname, '../../../spec/expand/vectors');
    let n = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl'))) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean)) {
        same(Buffer.from(JSON.parse(line).in as string, 'utf8').toString('latin1'));
        n++;
      }
    }
    expect(n).toBeGreaterThan(2500);
  });

  it('matches on random bytes and expansion-like strings, with random cuts', () => {
    const text = fc.oneof(
      fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a).toString('latin1')),
      fc.array(fc.constantFrom('\\', 'N', 'x', '4', '1', '7', '$', '{', '}', ':', ' ', '\t', 'a', '_', '-', '!', '~', '\x01', '\xe9'), { maxLength: 30 }).map((a) => a.join('')),
    );
    fc.assert(fc.property(text, fc.array(fc.nat(), { maxLength: 3 }), (s, raw) => {
      same(s);
      same(s, [...new Set(raw.map((c) => c % (s.length + 1)))].sort((a, b) => a - b));
    }), { numRuns: 3000 });
  });
});
