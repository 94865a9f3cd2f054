// Exim's backslash escapes (string_interpret_escape()), for the expansion
// grammar (escape tokens) and the items that read quoted text.

/** string_interpret_escape(): s[i] is a backslash; the byte it stands for and the index after the escape */
export function interpretEscape(s: string, i: number): { ch: string; next: number } {
  let p = i + 1;
  if (p >= s.length) return { ch: '\\', next: p };
  let ch = s.charCodeAt(p);
  const oct = (q: number) => { const d = s[q]; return d !== undefined && d >= '0' && d <= '7'; };
  const hex = (q: number) => /^[0-9a-fA-F]$/.test(s[q] ?? '');
  if (oct(p)) {
    ch -= 48;
    if (oct(p + 1)) {
      ch = ch * 8 + s.charCodeAt(++p) - 48;
      if (oct(p + 1)) ch = ch * 8 + s.charCodeAt(++p) - 48;
    }
  } else {
    switch (s[p]) {
      case 'b': ch = 8; break;
      case 'f': ch = 12; break;
      case 'n': ch = 10; break;
      case 'r': ch = 13; break;
      case 't': ch = 9; break;
      case 'v': ch = 11; break;
      case 'x':
        ch = 0;
        if (hex(p + 1)) {
          ch = parseInt(s[++p]!, 16);
          if (hex(p + 1)) ch = ch * 16 + parseInt(s[++p]!, 16);
        }
        break;
    }
  }
  return { ch: String.fromCharCode(ch & 0xff), next: p + 1 };
}
