// setup_header(): the header lines add_header (and a "warn" message) queue
// for the message, split at unfolded newlines, each added once.
import type { AclHeaderAdd } from '../../lang/acl/index.js';

const isGraph = (c: string) => c > ' ' && c < '\x7f';

export function addHeaderLines(list: AclHeaderAdd[], hstring: string): void {
  let h = hstring.replace(/^\n+/, '');
  if (!h) return;
  // exactly one final newline
  if (!h.endsWith('\n')) h += '\n';
  else h = h.replace(/\n+$/, '\n');
  let p = 0;
  while (p < h.length) {
    // the end of this line: a newline not followed by a continuation
    let q = p;
    for (;;) {
      q = h.indexOf('\n', q) + 1;
      if (h[q] !== ' ' && h[q] !== '\t') break;
    }
    let position: AclHeaderAdd['position'] = 'bottom';
    let start = p;
    if (h[start] === ':') {
      const lower = h.slice(start, start + 16).toLowerCase();
      if (lower.startsWith(':after_received:')) { position = 'after_received'; start += 16; }
      else if (lower.startsWith(':at_start_rfc:')) { position = 'at_start_rfc'; start += 14; }
      else if (lower.startsWith(':at_start:')) { position = 'top'; start += 10; }
      else if (lower.startsWith(':at_end:')) { position = 'bottom'; start += 8; }
      while (h[start] === ' ' || h[start] === '\t') start++;
    }
    // a line that does not start with a header name gets one
    let s = start;
    while (s < q - 1 && h[s] !== ':' && isGraph(h[s]!)) s++;
    const text = (h[s] === ':' ? '' : 'X-ACL-Warn: ') + h.slice(start, q);
    if (!list.some((x) => x.text.startsWith(text))) list.push({ text, position });
    p = q;
  }
}
