// lsearch and its relatives (wildlsearch, nwildlsearch, iplsearch): linear
// search of "key: data" files with continuation lines, comments and
// "quoted keys", as Exim's internal_lsearch_find().
import type { LookupEnv, LookupType } from '../lang/lookups/types.js';
import { LookupError } from '../lang/lookups/types.js';
import { fgetsChunks, readLookupFile } from './file-lines.js';
import type { FileCache } from './file-cache.js';
import { isSpace } from '../lang/items/common.js';
import { interpretEscape } from '../lang/util/escape.js';

const BUFFER = 4096;

/** How a line's key is tested against the key looked up: 'match' or 'no', or 'defer' */
export type KeyTest = (lineKey: string, key: string, env: LookupEnv) => 'match' | 'no' | 'defer';

/** One key line of a file: its chunk, its key, and where the key ended. */
interface KeyLine { n: number; key: string; quoted: boolean; end: number }

/** A file cut into fgets() buffers, with its key lines. */
export interface LsearchTable {
  chunks: string[];
  /** each chunk (trailing white space gone when it ended a line) and whether it ended a line */
  text: string[];
  eol: boolean[];
  lines: KeyLine[];
}

/** the file as the lsearch loop sees it: key lines with their keys, comments and continuations skipped */
export function lsearchTable(data: string): LsearchTable {
  const chunks = [...fgetsChunks(data, BUFFER)];
  const text: string[] = [];
  const eol: boolean[] = [];
  const lines: KeyLine[] = [];
  let lastWasEol = true;
  for (let n = 0; n < chunks.length; n++) {
    let buffer = chunks[n]!;
    const thisIsEol = buffer.endsWith('\n');
    const wasEol = lastWasEol;
    lastWasEol = thisIsEol;
    if (thisIsEol) buffer = buffer.replace(/[ \t\n\v\f\r]+$/, '');
    text.push(buffer);
    eol.push(thisIsEol);
    // the tail of an over-long line
    if (!wasEol) continue;
    if (buffer === '' || buffer[0] === '#' || isSpace(buffer[0])) continue;
    if (buffer[0] === '"') {
      // a quoted key, with backslash escapes
      let key = '';
      let s = 1;
      while (s < buffer.length && buffer[s] !== '"') {
        if (buffer[s] === '\\') {
          const e = interpretEscape(buffer, s);
          key += e.ch;
          s = e.next;
        } else key += buffer[s++];
      }
      if (s < buffer.length) s++;
      lines.push({ n, key, quoted: true, end: s });
    } else {
      let s = 0;
      while (s < buffer.length && buffer[s] !== ':' && !isSpace(buffer[s])) s++;
      lines.push({ n, key: buffer.slice(0, s), quoted: false, end: s });
    }
  }
  return { chunks, text, eol, lines };
}

/** the data of a key line: after white space and an optional colon, with its continuation lines */
function lineData(t: LsearchTable, line: KeyLine, retFull: boolean): string {
  let buffer = t.text[line.n]!;
  let s = line.end;
  // with ret=full Exim moves the rest of the line up behind the unquoted key
  if (retFull && line.quoted) buffer = line.key + buffer.slice(s);
  if (!retFull) {
    while (isSpace(buffer[s])) s++;
    if (buffer[s] === ':') {
      s++;
      while (isSpace(buffer[s])) s++;
    }
  }
  let out = retFull ? buffer : buffer.slice(s);
  // continuation lines (leading white space becomes one blank); a comment ends them for good
  let isComment = false;
  let prevEol = t.eol[line.n]!;
  for (let m = line.n + 1; m < t.chunks.length; m++) {
    let b = t.text[m]!;
    const eol = t.eol[m]!;
    if (prevEol) {
      isComment = isComment || b === '' || b[0] === '#';
      if (isComment) { prevEol = eol; continue; }
      if (!isSpace(b[0])) break;
      b = ' ' + b.replace(/^[ \t\n\v\f\r]+/, '');
    }
    prevEol = eol;
    if (isComment) continue;
    out += b;
  }
  return out;
}

/** the search shared by the lsearch family: the data of the first line whose key passes the test */
export function lsearchFile(type: string, file: string, key: string, opts: string | undefined, env: LookupEnv,
  test: KeyTest, files?: FileCache): string | undefined {
  const t = files
    ? files.derive<[LsearchTable]>(file, 'lsearch', ' for linear search', [['lsearch', lsearchTable]])[0]
    : lsearchTable(readLookupFile(file, 'lsearch', ' for linear search'));
  const retFull = !!opts && opts.split(',').includes('ret=full');
  for (const line of t.lines) {
    const r = test(line.key, key, env);
    if (r === 'defer') throw new LookupError('');
    if (r === 'match') return lineData(t, line, retFull);
  }
  return undefined;
}

/** plain lsearch: caseless exact keys, through an index of the first line of each key */
function lsearchExact(file: string, key: string, opts: string | undefined, files: FileCache): string | undefined {
  const [t, index] = files.derive<[LsearchTable, Map<string, KeyLine>]>(file, 'lsearch', ' for linear search', [
    ['lsearch', lsearchTable],
    ['lsearch-index', (_data, [table]) => {
      const m = new Map<string, KeyLine>();
      for (const line of (table as LsearchTable).lines) {
        const k = lower(line.key);
        if (!m.has(k)) m.set(k, line);
      }
      return m;
    }],
  ]);
  const line = index.get(lower(key));
  return line ? lineData(t, line, !!opts && opts.split(',').includes('ret=full')) : undefined;
}

const lower = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/** search_open() of the family: the file must open and be a regular file */
export const openLsearch = (file: string): void => { readLookupFile(file, 'lsearch', ' for linear search'); };

/** lsearch, reading its files through the registry's file cache */
export function lsearchLookup(files: FileCache): LookupType {
  return {
    name: 'lsearch',
    kind: 'single',
    open: (file) => { files.read(file, 'lsearch', ' for linear search'); },
    find: (file, key, opts) => lsearchExact(file!, key, opts, files),
  };
}
