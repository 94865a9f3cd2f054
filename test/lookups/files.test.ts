// File lookups: cdb (files written by cdbMake, read back by real exim), the
// lsearch family's partial-/partialN-/partial(affix), *, *@, ret=key,
// ret=full and cache=no_rd, and the search cache against a changing file.
// Expected texts recorded from exim -be on the same files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { be, ctxFor } from '../helpers/expand.js';
import { cdbFind, cdbHash, cdbMake } from '../../src/lookups/cdb.js';
import { searchTidyup } from '../../src/lookups/registry.js';

const DOM = `# comment
example.com: exact
*.wild.org: star-dot
wild.org: plain
*@corp.net: any-at-corp
*: default
user@corp.net: user-at-corp
"quoted key": q
  continued
a.b.c.d: deep
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'exim-ts-files-'));
  writeFileSync(join(dir, 'dom.lsearch'), DOM);
  writeFileSync(join(dir, 't.cdb'), cdbMake([['alpha', 'one'], ['beta', 'two'], ['alpha', 'second'], ['', 'empty key'], ['sp ace', 'v w'],
    ['nul', 'a\0b'], ...Array.from({ length: 300 }, (_, i) => [`k${i}`, `v${i}`] as [string, string])]));
  writeFileSync(join(dir, 'short.cdb'), 'too short');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cases: [string, string][] = [
  ['${lookup{alpha}cdb{D/t.cdb}}', 'one'],
  ['${lookup{beta}cdb{D/t.cdb}{[$value]}{no}}', '[two]'],
  ['${lookup{gamma}cdb{D/t.cdb}{[$value]}{no}}', 'no'],
  ['${lookup{k299}cdb{D/t.cdb}}', 'v299'],
  ['${lookup{sp ace}cdb{D/t.cdb}}', 'v w'],
  ['${lookup{nul}cdb{D/t.cdb}{[$value]}}', '[a]'],
  ['${lookup{}cdb{D/t.cdb}{[$value]}{no}}', 'no'],
  ['${lookup{x}cdb{D/short.cdb}{[$value]}{no}}', 'Failed: failed to open D/short.cdb too short for cdb lookup: Success'],
  ['${lookup{x}cdb{D/nonexist.cdb}{[$value]}{no}}', 'Failed: failed to open D/nonexist.cdb for cdb lookup: No such file or directory'],
  ['${lookup{x}cdb{D}{[$value]}{no}}', 'Failed: failed to open cannot read header from D for cdb lookup: Is a directory'],
  ['${lookup{zzz}cdb*{D/t.cdb}{[$value]}{no}}', 'no'],
  ['${lookup{alpha}cdb,ret=key{D/t.cdb}{[$value]}{no}}', '[alpha]'],
  ['${lookup{www.example.com}partial-lsearch{D/dom.lsearch}{[$value][$1][$2]}{no}}', 'no'],
  ['${lookup{x.y.wild.org}partial-lsearch{D/dom.lsearch}{[$value][$1][$2]}{no}}', '[star-dot][x.y][wild.org]'],
  ['${lookup{wild.org}partial-lsearch{D/dom.lsearch}{[$value][$1][$2]}{no}}', '[plain][][wild.org]'],
  ['${lookup{x.a.b.c.d}partial2-lsearch{D/dom.lsearch}{[$value][$1][$2]}{no}}', 'no'],
  ['${lookup{x.b.c.d}partial3-lsearch{D/dom.lsearch}{[$value][$1][$2]}{no}}', 'no'],
  ['${lookup{x.y.wild.org}partial(*.)lsearch{D/dom.lsearch}{[$value][$1][$2]}{no}}', '[star-dot][x.y][wild.org]'],
  ['${lookup{other@corp.net}lsearch*@{D/dom.lsearch}{[$value][$1][$2]}{no}}', '[any-at-corp][other][]'],
  ['${lookup{user@corp.net}lsearch*@{D/dom.lsearch}{[$value][$1][$2]}{no}}', '[user-at-corp][][]'],
  ['${lookup{nothing}lsearch*{D/dom.lsearch}{[$value][$1][$2]}{no}}', '[default][nothing][]'],
  ['${lookup{nothing}lsearch{D/dom.lsearch}{[$value]}{no}}', 'no'],
  ['${lookup{quoted key}lsearch{D/dom.lsearch}{[$value]}{no}}', '[q continued]'],
  ['${lookup{quoted key}lsearch,ret=full{D/dom.lsearch}{[$value]}{no}}', '[quoted key: q continued]'],
  ['${lookup{EXAMPLE.com}lsearch,ret=key{D/dom.lsearch}{[$value]}{no}}', '[EXAMPLE.com]'],
  ['${lookup{example.com}lsearch,cache=no_rd{D/dom.lsearch}{[$value]}{no}}', '[exact]'],
  ['${lookup{www.example.com}partial-lsearch,ret=key{D/dom.lsearch}{[$value]}{no}}', 'no'],
  ['${lookup{nothing}partial-lsearch*{D/dom.lsearch}{[$value][$1][$2]}{no}}', '[default][nothing][]'],
  ['${lookup{a@b}partial-lsearch*@{D/dom.lsearch}{[$value][$1][$2]}{no}}', '[default][a@b][]'],
  ['${lookup{other@corp.net}cdb*@{D/t.cdb}{[$value]}{no}}', 'no'],
];

describe('as exim -be gives them', () => {
  it.each(cases)('%s', (line, want) => {
    expect(be(line.replace(/\bD\b/g, dir))).toBe(want.replace(/\bD\b/g, dir));
  });
});

describe('cdb format', () => {
  it('hash as cdb defines it', () => {
    expect(cdbHash('')).toBe(5381);
    expect(cdbHash('a')).toBe(((5381 * 33) ^ 97) >>> 0);
  });
  it('the first record of a repeated key wins; every key of a big file is found', () => {
    const recs = Array.from({ length: 5000 }, (_, i) => [`key${i}`, `data${i}`] as [string, string]);
    const buf = cdbMake([...recs, ['key1', 'later']]);
    for (const [k, v] of recs) expect(cdbFind(buf, 'f', k)).toBe(v);
    expect(cdbFind(buf, 'f', 'absent')).toBeUndefined();
  });
  it('a table pointing past the end is a corrupt file (defer)', () => {
    const buf = cdbMake([['a', 'b']]);
    const bad = buf.subarray(0, buf.length - 8);
    expect(() => cdbFind(bad, 'f', 'a')).toThrow('cdb: corrupt cdb file f (too short)');
  });
});

describe('the search cache and changing files', () => {
  it('a file that changes is read again at the next lookup (after tidyup as within one message)', () => {
    const f = join(dir, 'chg.lsearch');
    writeFileSync(f, 'k: one\n');
    const ctx = ctxFor();
    expect(be(`\${lookup{k}lsearch{${f}}}`, ctx)).toBe('one');
    writeFileSync(f, 'k: two, longer\n');
    // Exim keeps what it found for the rest of the message
    expect(be(`\${lookup{k}lsearch{${f}}}`, ctx)).toBe('one');
    expect(be(`\${lookup{k}lsearch,cache=no_rd{${f}}}`, ctx)).toBe('two, longer');
    searchTidyup(ctx.lookups);
    writeFileSync(f, 'k: three, much longer\n');
    expect(be(`\${lookup{k}lsearch{${f}}}`, ctx)).toBe('three, much longer');
  });
});
