// RFC 2047 encoded words: parse_quote_2047() and rfc2047_decode2(), with
// charset translation through TextDecoder where Exim uses iconv.
import { b64decode } from './base64.js';

/** Q-encode if anything needs it; the string unchanged otherwise */
export function quote2047(s: string, charset = 'iso-8859-1', fold = false): string {
  const head = `=?${charset}?Q?`;
  let g = head;
  // the first chunk's length is counted without its header, later ones with it
  let l = head.length;
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

/**
 * Translate bytes from one charset to another as Exim's iconv() loop does:
 * what converts before the first bad or unrepresentable character, then the
 * rest of the bytes untranslated. null when nothing converts at all.
 */
export function translateCharset(bytes: string, from: string, to: string): string | null {
  const f = iconvName(from);
  const t = to.toLowerCase().replace(/_/g, '-');
  const limit = t === 'utf-8' || t === 'utf8' ? 0x10ffff : t === 'iso-8859-1' || t === 'latin1' ? 0xff
    : ASCII.test(t) ? 0x7f : -1;
  if (limit < 0) return null;
  const label = utf16Label(f, bytes);
  // the characters with the offset of the byte after each: the whole at once if it
  // converts (stateful charsets need that), else piece by piece up to the bad byte
  const chars: { text: string; end: number }[] = [];
  const whole = decodeBytes(bytes, label, true);
  if (whole !== undefined) chars.push({ text: whole, end: bytes.length });
  else {
    let done = 0;
    for (let i = 1; i <= bytes.length; i++) {
      const text = decodeBytes(bytes.slice(done, i), label, done === 0);
      if (text === undefined) continue;
      chars.push({ text, end: i });
      done = i;
    }
  }
  let out = '';
  let used = 0;
  for (const ch of chars) {
    if (Array.from(ch.text).some((c) => c.codePointAt(0)! > limit)) break;
    out += limit > 0xff ? Buffer.from(ch.text, 'utf8').toString('latin1') : ch.text;
    used = ch.end;
  }
  if (used === 0) return bytes.length ? null : '';
  return out + bytes.slice(used);
}

/** a piece of bytes as text in charset f, undefined if not (yet) a whole character */
function decodeBytes(bytes: string, f: string, atStart: boolean): string | undefined {
  try {
    if (ASCII.test(f)) return /^[\x00-\x7f]*$/.test(bytes) ? bytes : undefined;
    if (CP1252.test(f)) return decode1252(bytes);
    const thai = THAI.find(([re]) => re.test(f));
    if (thai) return decodeThai(bytes, thai[1]);
    if (UTF32.test(f)) return decodeUtf32(bytes, f, atStart);
    // a byte-order mark counts only at the start
    const text = new TextDecoder(f, { fatal: true, ignoreBOM: !atStart }).decode(Buffer.from(bytes, 'latin1'));
    return text || (bytes.length ? undefined : '');
  } catch {
    return undefined;
  }
}

/** iconv's names of US-ASCII (the WHATWG decoder would read windows-1252) */
const ASCII = /^(us-ascii|ascii|ansi[-_]x3\.4-1968|iso646-us|us|cp367|ibm367|csascii|iso-ir-6|iso[-_]646\.irv:1991)$/;

// Node's TextDecoder reads windows-1252 as ISO-8859-1 (0x80-0x9f as C1 controls); iconv does not
const CP1252 = /^(windows-1252|cp1252|x-cp1252)$/;
const CP1252_HIGH = '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd'
  + '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';
function decode1252(bytes: string): string {
  let out = '';
  for (const ch of bytes) {
    const c = ch.charCodeAt(0);
    const m = c >= 0x80 && c < 0xa0 ? CP1252_HIGH[c - 0x80]! : ch;
    if (m === '\ufffd') throw new Error('undefined in windows-1252');
    out += m;
  }
  return out;
}

// The Thai charsets as glibc's iconv has them; ICU's (behind TextDecoder)
// read ISO-8859-11 as windows-874 and give undefined bytes private-use characters
const THAI: [RegExp, 'iso' | 'tis' | 'cp874'][] = [
  [/^iso[-_]?8859-11$/, 'iso'],
  [/^(tis-?620(-0|\.2529-1|\.2533-0)?|iso-ir-166)$/, 'tis'],
  [/^(cp874|windows-874)$/, 'cp874'],
];
const CP874_HIGH: Record<number, number> = {
  0x80: 0x20ac, 0x85: 0x2026, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201c, 0x94: 0x201d, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0xa0: 0xa0,
};
function decodeThai(bytes: string, kind: 'iso' | 'tis' | 'cp874'): string | undefined {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes.charCodeAt(i);
    let u: number | undefined;
    if (c < 0x80) u = c;
    else if ((c >= 0xa1 && c <= 0xda) || (c >= 0xdf && c <= 0xfb)) u = c - 0xa0 + 0xe00;
    else if (kind === 'iso' && c <= 0xa0) u = c;
    else if (kind === 'cp874') u = CP874_HIGH[c];
    if (u === undefined) return undefined;
    out += String.fromCharCode(u);
  }
  return out;
}

/** iconv reads plain UTF-16 and UTF-32 by the byte-order mark, little-endian (glibc on x86) without one */
function utf16Label(f: string, bytes: string): string {
  if (f === 'utf-16') return bytes.startsWith('\xfe\xff') ? 'utf-16be' : 'utf-16le';
  if (f === 'utf-32') return bytes.startsWith('\0\0\xfe\xff') ? 'utf-32be' : 'utf-32le';
  return f;
}

// TextDecoder has no UTF-32; iconv has
const UTF32 = /^utf-32(le|be)?$/;
function decodeUtf32(bytes: string, f: string, atStart: boolean): string | undefined {
  if (bytes.length % 4 !== 0 || bytes.length === 0) return bytes.length ? undefined : '';
  const be = f === 'utf-32be';
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const b = [0, 1, 2, 3].map((k) => bytes.charCodeAt(i + (be ? k : 3 - k)));
    const cp = ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
    if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new Error('not a character');
    // a byte-order mark counts only at the start
    if (cp === 0xfeff && i === 0 && atStart) continue;
    out += String.fromCodePoint(cp);
  }
  return out;
}

/**
 * A charset name as glibc's iconv_open() reads it: characters other than
 * letters, digits and "_-.:" are dropped (so "utf-8*en" is "utf-8en"); a
 * comma ends the name, and anything after it but commas makes it no
 * charset; an empty name is the locale's charset, ASCII in Exim's C locale.
 */
function iconvName(cs: string): string {
  const comma = cs.indexOf(',');
  if (comma >= 0 && /[^,]/.test(cs.slice(comma + 1))) return cs.toLowerCase();
  const f = (comma >= 0 ? cs.slice(0, comma) : cs).replace(/[^A-Za-z0-9_.:-]/g, '').toLowerCase();
  if (f === '') return 'us-ascii';
  // glibc's spellings of the Unicode forms: UTF16, UTF16LE, UTF-32BE, ...
  const u = /^utf-?(8|16|32)(-?(le|be))?$/.exec(f);
  return u ? `utf-${u[1]}${u[3] ?? ''}` : f;
}

/** iconv_open() would accept it */
function knownCharset(cs: string): boolean {
  const f = iconvName(cs);
  if (ASCII.test(f) || UTF32.test(f) || THAI.some(([re]) => re.test(f))) return true;
  try { new TextDecoder(f); return true; } catch { return false; }
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
      if (!knownCharset(charset)) error = `iconv_open("${target}", "${charset}") failed: Invalid argument (maybe unsupported conversion)`;
      else {
        // iconv stops at a bad byte; Exim then keeps the bytes as they are
        const t = translateCharset(data, charset, target);
        if (t !== null) data = t;
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
