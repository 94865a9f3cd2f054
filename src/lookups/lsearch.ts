// lsearch and its relatives (wildlsearch, nwildlsearch, iplsearch): linear
// search of "key: data" files with continuation lines, comments and
// "quoted keys", as Exim's internal_lsearch_find().
import type { LookupEnv, LookupType } from '../lang/lookups/types.js';
import { LookupError } from '../lang/lookups/types.js';
import { fgetsChunks, readLookupFile } from './file-lines.js';
import { isSpace } from '../lang/items/common.js';
import { interpretEscape } from '../lang/util/escape.js';

const BUFFER = 4096;

/** How a line's key is tested against the key looked up: 'match' or 'no', or 'defer' */
export type KeyTest = (lineKey: string, key: string, env: LookupEnv) => 'match' | 'no' | 'defer';

/** the search shared by the lsearch family: the data of the first line whose key passes the test */
export function lsearchFile(type: string, file: string, key: string, opts: string | undefined, env: LookupEnv,
  test: KeyTest): string | undefined {
  const data = readLookupFile(file, 'lsearch', ' for linear search');
  const retFull = !!opts && opts.split(',').includes('ret=full');
  const chunks = [...fgetsChunks(data, BUFFER)];
  let lastWasEol = true;
  for (let n = 0; n < chunks.length; n++) {
    let buffer = chunks[n]!;
    const thisIsEol = buffer.endsWith('\n');
    const wasEol = lastWasEol;
    lastWasEol = thisIsEol;
    // the tail of an over-long line
    if (!wasEol) continue;
    if (thisIsEol) buffer = buffer.replace(/[ \t\n\v\f\r]+$/, '');
    if (buffer === '' || buffer[0] === '#' || isSpace(buffer[0])) continue;

    let lineKey: string;
    let s: number;
    if (buffer[0] === '"') {
      // a quoted key, with backslash escapes
      lineKey = '';
      s = 1;
      while (s < buffer.length && buffer[s] !== '"') {
        if (buffer[s] === '\\') {
          const e = interpretEscape(buffer, s);
          lineKey += e.ch;
          s = e.next;
        } else lineKey += buffer[s++];
      }
      if (s < buffer.length) s++;
      // with ret=full Exim moves the rest of the line up behind the unquoted key
      if (retFull) buffer = lineKey + buffer.slice(s);
    } else {
      s = 0;
      while (s < buffer.length && buffer[s] !== ':' && !isSpace(buffer[s])) s++;
      lineKey = buffer.slice(0, s);
    }
    const t = test(lineKey, key, env);
    if (t === 'defer') throw new LookupError('');
    if (t === 'no') continue;

    // the data: after white space and an optional colon
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
    let prevEol = thisIsEol;
    for (let m = n + 1; m < chunks.length; m++) {
      let b = chunks[m]!;
      const eol = b.endsWith('\n');
      if (eol) b = b.replace(/[ \t\n\v\f\r]+$/, '');
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
  return undefined;
}

const lower = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/** search_open() of the family: the file must open and be a regular file */
export const openLsearch = (file: string): void => { readLookupFile(file, 'lsearch', ' for linear search'); };

export const lsearchLookup: LookupType = {
  name: 'lsearch',
  kind: 'single',
  open: openLsearch,
  find: (file, key, opts, env) =>
    lsearchFile('lsearch', file!, key, opts, env, (lineKey, k) => (lineKey.length === k.length && lower(lineKey) === lower(k) ? 'match' : 'no')),
};
