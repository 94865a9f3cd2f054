// ESMTP parameters after MAIL FROM:/RCPT TO: (extract_option(), taken from the
// end of the line backwards) and xtext (RFC 3461) as auth_xtextdecode() reads it.
import { isSpace } from '../lang/util/ctype.js';

export interface Option { name: string; value: string; rest: string }

const isAlpha = (c: string | undefined) => c !== undefined && /^[A-Za-z]$/.test(c);

/** extract_option(): the last NAME=VALUE (or NAME) of the line, and the line without it */
export function extractOption(data: string): Option | undefined {
  if (data.length === 0) return undefined;
  let end = data.length - 1;
  while (end > 0 && isSpace(data[end])) end--;
  const d = data.slice(0, end + 1);
  let v = d.length - 1;
  while (v > 0 && d[v] !== '=' && !isSpace(d[v])) {
    if (d[v] === '"') {
      do v--; while (v > 0 && d[v] !== '"');
      if (v <= 0) return undefined;
    }
    v--;
  }
  if (v <= 0) return undefined;
  let n = v;
  let restEnd: number;
  if (d[v] === '=') {
    while (n > 0 && isAlpha(d[n - 1])) n--;
    if (n <= 0 || !isSpace(d[n - 1])) return undefined;
    restEnd = n - 1;
    return { name: d.slice(n, v), value: d.slice(v + 1), rest: d.slice(0, restEnd) };
  }
  n++;
  return { name: d.slice(n), value: d.slice(n), rest: d.slice(0, v) };
}

/** auth_xtextdecode(): "+XX" hex escapes; undefined on a bad one */
export function xtextDecode(s: string): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '+') {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(h)) return undefined;
      out += String.fromCharCode(parseInt(h, 16));
      i += 2;
    } else out += c;
  }
  return out;
}
