// Source offsets of the AST: every node the grammar makes carries the span of
// the source it was read from, and a string's nodes cover it end to end.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseExpansion } from '../../../src/grammar/expansion/parser.js';
import type { Expr, Node } from '../../../src/lang/expand-api.js';

const spanned = (n: Node) => (n.k === 'error' ? undefined : n);

describe('AST source offsets', () => {
  it.each([
    ['plain text', 'abc', [['text', 0, 3]]],
    ['escapes keep their source span', 'a\\x41\\Nb$c\\N!', [['text', 0, 13]]],
    ['text, a variable, text', 'x $primary_hostname y', [['text', 0, 2], ['var', 2, 19], ['text', 19, 21]]],
    ['numbered variables', '$1${2}', [['nvar', 0, 2], ['nvar', 2, 6]]],
    ['a header', '$h_subject: z', [['header', 0, 11], ['text', 11, 13]]],
    ['an operator and an item', '${lc:A}${if eq{a}{b}{y}{n}}.', [['op', 0, 7], ['item', 7, 27], ['text', 27, 28]]],
  ])('%s', (_name, src, want) => {
    const got = parseExpansion(src).map((n) => {
      const s = spanned(n)!;
      return [s.k, s.start, s.end];
    });
    expect(got).toEqual(want);
  });

  it('covers every recorded vector that parses, in order: a gap between nodes is only source that yields no text (\\N\\N)', () => {
    const dir = resolve(__dirname, '../../../spec/expand/vectors');
    let checked = 0;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.jsonl'))) {
      for (const line of readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean)) {
        const src = Buffer.from(JSON.parse(line).in as string, 'utf8').toString('latin1');
        const ast: Expr = parseExpansion(src);
        if (ast.some((n) => n.k === 'error')) continue;
        const gapIsEmpty = (from: number, to: number) => {
          expect(to, `${f}: ${src}`).toBeGreaterThanOrEqual(from);
          if (to > from) expect(parseExpansion(src.slice(from, to)), `${f}: ${src}`).toEqual([]);
        };
        let at = 0;
        for (const n of ast) {
          const s = spanned(n)!;
          gapIsEmpty(at, s.start);
          at = s.end;
        }
        gapIsEmpty(at, src.length);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });
});
