// string_dequote(): one word, or a "quoted string" with backslash escapes.
import { isSpace } from '../../lang/util/ctype.js';

export function dequote(s: string, pos: number): { value: string; end: number } {
  let out = '';
  if (s[pos] !== '"') {
    while (pos < s.length && !isSpace(s[pos])) out += s[pos++];
    return { value: out, end: pos };
  }
  pos++;
  while (pos < s.length && s[pos] !== '"') {
    if (s[pos] === '\\') {
      const r = escape(s, pos);
      out += r.ch;
      pos = r.end;
    } else out += s[pos++];
  }
  if (pos < s.length) pos++;
  return { value: out, end: pos };
}

/** string_interpret_escape(): pos at the backslash; returns the byte and the position after the escape */
function escape(s: string, pos: number): { ch: string; end: number } {
  let p = pos + 1;
  const c = s[p];
  if (c === undefined) return { ch: '\\', end: p };
  const oct = (q: number) => s[q] !== undefined && s[q]! >= '0' && s[q]! <= '7';
  const hex = (q: number) => /^[0-9a-fA-F]$/.test(s[q] ?? '');
  let ch: number;
  if (oct(p)) {
    ch = s.charCodeAt(p) - 48;
    if (oct(p + 1)) { ch = ch * 8 + s.charCodeAt(++p) - 48; if (oct(p + 1)) ch = ch * 8 + s.charCodeAt(++p) - 48; }
  } else {
    const simple: Record<string, number> = { b: 8, f: 12, n: 10, r: 13, t: 9, v: 11 };
    if (simple[c] !== undefined) ch = simple[c]!;
    else if (c === 'x') {
      ch = 0;
      if (hex(p + 1)) { ch = parseInt(s[++p]!, 16); if (hex(p + 1)) ch = ch * 16 + parseInt(s[++p]!, 16); }
    } else ch = s.charCodeAt(p);
  }
  return { ch: String.fromCharCode(ch & 0xff), end: p + 1 };
}
