// Vectors are JSON text; bytes that are not UTF-8 are written as lone
// surrogates U+DC80..U+DCFF (Python's "surrogateescape"). These convert
// between that form and our byte strings.

/** JSON text (with surrogate escapes) to a byte string */
export function toBytes(s: string): string {
  let out = '';
  let run = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xdc80 && c <= 0xdcff) {
      if (run) { out += Buffer.from(run, 'utf8').toString('latin1'); run = ''; }
      out += String.fromCharCode(c - 0xdc00);
    } else run += ch;
  }
  return out + (run ? Buffer.from(run, 'utf8').toString('latin1') : '');
}

/** a byte string to JSON text: valid UTF-8 decoded, other bytes as surrogate escapes */
export function fromBytes(b: string): string {
  const buf = Buffer.from(b, 'latin1');
  let out = '';
  for (let i = 0; i < buf.length;) {
    const c = buf[i]!;
    const len = c < 0x80 ? 1 : c >= 0xc2 && c < 0xe0 ? 2 : c >= 0xe0 && c < 0xf0 ? 3 : c >= 0xf0 && c < 0xf5 ? 4 : 0;
    if (len === 1) { out += String.fromCharCode(c); i++; continue; }
    if (len && i + len <= buf.length) {
      const piece = buf.subarray(i, i + len);
      try {
        out += new TextDecoder('utf-8', { fatal: true }).decode(piece);
        i += len;
        continue;
      } catch { /* not valid: escape the lead byte */ }
    }
    out += String.fromCharCode(0xdc00 + c);
    i++;
  }
  return out;
}
