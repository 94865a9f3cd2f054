// RFC 2047 "encoded words" in header values, decoded the way Exim's
// rfc2047_decode2() does it: B or Q words, optional translation of each
// word's charset to a target charset, whitespace between adjacent words
// dropped, anything malformed left as it is. Strings are byte strings.

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const isSpace = (c: string | undefined) => c !== undefined && ' \t\n\v\f\r'.includes(c);

/** Exim's b64decode(): white space ignored, strict padding; null when malformed */
export function b64decode(code: string): string | null {
  let out = '';
  let i = 0;
  const next = (): string | undefined => { while (isSpace(code[i])) i++; return code[i++]; };
  const val = (c: string | undefined) => (c === undefined ? -1 : B64.indexOf(c));
  for (;;) {
    while (isSpace(code[i])) i++;
    if (i >= code.length) break;
    const x = val(code[i++]);
    if (x < 0) return null;
    const y = val(next());
    if (y < 0) return null;
    out += String.fromCharCode(((x << 2) | (y >> 4)) & 0xff);
    const c3 = next();
    if (c3 === '=') {
      if (next() !== '=') return null;
      if (next() !== undefined) return null;
      break;
    }
    const z = val(c3);
    if (z < 0) return null;
    out += String.fromCharCode(((y << 4) | (z >> 2)) & 0xff);
    const c4 = next();
    if (c4 === '=') {
      if (next() !== undefined) return null;
      break;
    }
    const w = val(c4);
    if (w < 0) return null;
    out += String.fromCharCode(((z << 6) | w) & 0xff);
  }
  return out;
}

/** the Q encoding: "_" is a space, =XX a byte; white space makes the word invalid */
function qpdecode(s: string): string | null {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '_') out += ' ';
    else if (c === '=') {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) return null;
      out += String.fromCharCode(parseInt(h, 16));
      i += 2;
    } else if (c === ' ' || c === '\t') return null;
    else out += c;
  }
  return out;
}

interface Word { start: number; end: number; charset: string; data: string }

/** decode_mimeword(): the next valid encoded word at or after `from` */
function nextWord(s: string, from: number, lencheck: boolean): Word | null {
  for (let at = from; ; ) {
    const start = s.indexOf('=?', at);
    if (start < 0) return null;
    const q1 = s.indexOf('?', start + 2);
    if (q1 < 0) return null;
    const q2 = s.indexOf('?', q1 + 1);
    if (q2 < 0) return null;
    const end = s.indexOf('?=', q2 + 1);
    if (end < 0) return null;
    at = start + 2;
    if ((lencheck && end - start > 73) || q2 - q1 !== 2) continue;
    const enc = s[q1 + 1]!.toUpperCase();
    const text = s.slice(q2 + 1, end);
    const data = enc === 'B' ? b64decode(text) : enc === 'Q' ? qpdecode(text) : null;
    if (data !== null) return { start, end, charset: s.slice(start + 2, q1), data };
  }
}

/** Translate bytes from one charset to another; null when not possible (iconv failing). */
export function translateCharset(bytes: string, from: string, to: string): string | null {
  const f = from.replace(/\*.*$/, '');
  try {
    const dec = new TextDecoder(f.toLowerCase(), { fatal: true });
    const text = dec.decode(Buffer.from(bytes, 'latin1'));
    const t = to.toLowerCase().replace(/_/g, '-');
    if (t === 'utf-8' || t === 'utf8') return Buffer.from(text, 'utf8').toString('latin1');
    if (t === 'iso-8859-1' || t === 'latin1' || t === 'us-ascii' || t === 'ascii') {
      let out = '';
      for (const ch of text) {
        const cp = ch.codePointAt(0)!;
        if (cp > (t.endsWith('ascii') ? 0x7f : 0xff)) return out.length ? out : null;
        out += String.fromCharCode(cp);
      }
      return out;
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * rfc2047_decode2(): `target` null means no charset translation ($bh_).
 * Binary zeros in decoded words become `zeroval`.
 */
export function rfc2047Decode(s: string, lencheck: boolean, target: string | null, zeroval = '?'): string {
  let w = nextWord(s, 0, lencheck);
  if (!w) return s;
  let out = '';
  let pos = 0;
  while (w) {
    out += s.slice(pos, w.start);
    let data = w.data;
    if (target && target.toLowerCase() !== w.charset.toLowerCase()) {
      const t = translateCharset(data, w.charset, target);
      if (t !== null) data = t;
    }
    if (zeroval) data = data.replace(/\0/g, zeroval);
    out += data;
    pos = w.end + 2;
    w = nextWord(s, pos, lencheck);
    if (w) {
      let p = pos;
      while (isSpace(s[p])) p++;
      if (p === w.start) pos = p;
    }
  }
  return out + s.slice(pos);
}
