// Exim's string lists: string_nextinlist() exactly, with its separator rules.
import { isSpace } from './ctype.js';
/** C ispunct() in the C locale */
export const isPunct = (c: string | undefined) => c !== undefined && /^[!-/:-@[-`{-~]$/.test(c);
export const isCntrl = (c: string | undefined) => c !== undefined && (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);

/**
 * Iterates a list like string_nextinlist(). `sep` > 0 forces that separator;
 * 0 means ':' unless the list starts with "<c"; a negative value -c means c
 * unless the list starts with "<c". After the first item, `listSep` holds the
 * separator in use.
 */
export class ListReader {
  private s: string;
  private i = 0;
  sep: number;

  constructor(list: string, sep = 0) {
    this.s = list;
    this.sep = sep;
  }

  /** The next item, or undefined at the end. `buffered` mimics the fixed-buffer variant's trimming. */
  next(buffered = false): string | undefined {
    const s = this.s;
    let i = this.i;
    let sep = this.sep;
    while (isSpace(s[i]) && s.charCodeAt(i) !== sep) i++;
    if (sep <= 0) {
      // the string's terminating NUL counts as a control character: "<" alone is an empty list
      if (s[i] === '<' && (isPunct(s[i + 1]) || isCntrl(s[i + 1]) || i + 1 >= s.length)) {
        sep = i + 1 >= s.length ? 0 : s.charCodeAt(i + 1);
        i++;
        if (i < s.length) i++;
        while (isSpace(s[i]) && s.charCodeAt(i) !== sep) i++;
      } else {
        sep = sep ? -sep : 58;
      }
      this.sep = sep;
    }
    if (i >= s.length) { this.i = i; return undefined; }
    const special = sep < 32 || sep === 127;
    const sc = String.fromCharCode(sep);
    let out = '';
    if (buffered) {
      for (; i < s.length; i++) {
        if (s[i] === sc) {
          i++;
          if (s[i] !== sc || special) break;
        }
        out += s[i] ?? '';
      }
      this.i = i;
      return out.replace(/[ \t\n\v\f\r]+$/, '');
    }
    if (s[i] === sc) {
      i++;
      if (s[i] !== sc || special) { this.i = i; return ''; }
    }
    for (;;) {
      let j = i + 1;
      while (j < s.length && s[j] !== sc) j++;
      out += s.slice(i, j);
      i = j;
      if (i >= s.length) break;
      i++;
      if (s[i] !== sc || special) break;
    }
    this.i = i;
    let end = out.length;
    while (end > 0 && isSpace(out[end - 1]) && (end === 1 || out[end - 2] !== '\\')) end--;
    return out.slice(0, end);
  }

  /** the separator character in use (valid after the first next()) */
  get sepChar(): string {
    return String.fromCharCode(this.sep > 0 ? this.sep : 58);
  }
}

/** All items of a list. */
export function listItems(list: string, sep = 0, buffered = false): string[] {
  const r = new ListReader(list, sep);
  const out: string[] = [];
  for (let x = r.next(buffered); x !== undefined; x = r.next(buffered)) out.push(x);
  return out;
}
