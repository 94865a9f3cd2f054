// RFC 2047 encoded words: parse_quote_2047() and rfc2047_decode2(), with
// charset translation through TextDecoder where Exim uses iconv.
import { b64decode } from '../operators/encodings.js';

/** Q-encode if anything needs it; the string unchanged otherwise */
export function quote2047(s: string, charset = 'iso-8859-1', fold = false): string {
  const head = `=?${charset}?Q?`;
  let g = head;
  let l = 0;
  let coded = false;
  let firstByte = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (g.length - l > 67 && !firstByte) {
      g += fold ? '?=\n ' : '?= ';
      l = g.length;
      g += head;
    }
    if (ch < 33 || ch > 126 || '?=()<>@,;:\\".[]_'.includes(s[i]!)) {
      if (ch === 32) { g += '_'; firstByte = false; }
      else { g += '=' + ch.toString(16).toUpperCase().padStart(2, '0'); coded = true; firstByte = !firstByte; }
    } else { g += s[i]; firstByte = false; }
  }
  return coded ? g + '?=' : s;
}

function qpdecode(s: string): string | undefined {
  let out = '';
  for (let i = 0; i < s.length;) {
    const ch = s[i++]!;
    if (ch === '_') out += ' ';
    else if (ch === '=') {
      const a = s[i], b = a === undefined ? undefined : s[i + 1];
      if (!/^[0-9a-fA-F]$/.test(a ?? '') || !/^[0-9a-fA-F]$/.test(b ?? '')) return undefined;
      out += String.fromCharCode(parseInt(a! + b!, 16));
      i += 2;
    } else if (ch === ' ' || ch === '\t') return undefined;
    else out += ch;
  }
  return out;
}

interface MimeWord { start: number; charsetEnd: number; end: number; data: string }

function findMimeWord(s: string, from: number, lencheck: boolean): MimeWord | undefined {
  for (let at = from; ;) {
    const start = s.indexOf('=?', at);
    if (start < 0) return undefined;
    const q1 = s.indexOf('?', start + 2);
    const q2 = q1 < 0 ? -1 : s.indexOf('?', q1 + 1);
    const end = q2 < 0 ? -1 : s.indexOf('?=', q2 + 1);
    if (end < 0) return undefined;
    at = start + 2;
    if ((lencheck && end - start > 73) || q2 - q1 !== 2) continue;
    const enc = s[q1 + 1]!.toUpperCase();
    const body = s.slice(q2 + 1, end);
    const data = enc === 'B' ? b64decode(body) : enc === 'Q' ? qpdecode(body) : undefined;
    if (data !== undefined) return { start, charsetEnd: q1, end, data };
  }
}

/** translate bytes from `from` to UTF-8; undefined if the charset is unknown */
function toUtf8(bytes: string, from: string): string | undefined {
  let dec: TextDecoder;
  try {
    dec = new TextDecoder(from.replace(/\*.*$/, ''), { fatal: true });
  } catch {
    return undefined;
  }
  try {
    return Buffer.from(dec.decode(Buffer.from(bytes, 'latin1')), 'utf8').toString('latin1');
  } catch {
    return bytes; // iconv stops at the bad byte; Exim then copies the rest as it is
  }
}

/** Decode all encoded words; `target` is the charset to translate to (headers_charset). */
export function decode2047(s: string, lencheck: boolean, target: string | undefined, zeroval = 0): { value: string; error?: string } {
  let w = findMimeWord(s, 0, lencheck);
  if (!w) return { value: s };
  let out = '';
  let pos = 0;
  let error: string | undefined;
  while (w) {
    out += s.slice(pos, w.start);
    const charset = s.slice(w.start + 2, w.charsetEnd);
    let data = w.data;
    if (target && charset.toLowerCase() !== target.toLowerCase()) {
      if (target.toUpperCase().replace('-', '') !== 'UTF8') {
        error = `iconv_open("${target}", "${charset}") failed: Invalid argument (maybe unsupported conversion)`;
      } else {
        const t = toUtf8(data, charset);
        if (t === undefined) error = `iconv_open("${target}", "${charset}") failed: Invalid argument (maybe unsupported conversion)`;
        else data = t;
      }
    }
    if (zeroval) data = data.replace(/\0/g, String.fromCharCode(zeroval));
    out += data;
    pos = w.end + 2;
    w = findMimeWord(s, pos, lencheck);
    if (w) {
      let k = pos;
      while (k < s.length && /[ \t\n\v\f\r]/.test(s[k]!)) k++;
      if (k === w.start) pos = k;
    }
  }
  return { value: out + s.slice(pos), error };
}
