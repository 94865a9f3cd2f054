// Exim's string_printing(): what it shows of bytes that do not print.

/** string_printing2(s, flags): non-printing bytes as escapes (tabs too if `tab`) */
export function stringPrinting(s: string, tab: boolean, topBitChars = false): string {
  let out = '';
  for (const c of s) {
    const n = c.charCodeAt(0);
    const printable = (n >= 32 && n <= 126) || (n === 9 && !tab) || (n > 127 && topBitChars);
    if (printable) { out += c; continue; }
    const esc: Record<string, string> = { '\n': 'n', '\r': 'r', '\b': 'b', '\v': 'v', '\f': 'f', '\t': 't' };
    out += '\\' + (esc[c] ?? n.toString(8).padStart(3, '0'));
  }
  return out;
}
