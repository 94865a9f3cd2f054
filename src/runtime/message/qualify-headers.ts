// The qualification half of Exim's rewrite_header(): for a locally submitted
// message, a bare local part in To:, Cc:, Bcc: (recipients) or From:,
// Sender:, Reply-To: (senders) gets the qualify domain. The header is
// rebuilt as Exim rebuilds it (a "\n\t" after a lengthened address that
// ends more than 40 bytes into the line) and the old one is marked removed.
import { extractAddress, findAddressEnd, type GroupState } from '../../lang/util/address.js';
import { HTYPE, type HeaderLine } from './headers.js';
import { isSpace } from '../../lang/util/ctype.js';

export interface QualifyDomains { sender: string; recipient: string }

/** the qualified copy of `h`, or undefined when nothing in it needs qualifying */
export function qualifyHeader(h: HeaderLine, domains: QualifyDomains): HeaderLine | undefined {
  let domain: string;
  switch (h.type) {
    case HTYPE.to: case HTYPE.cc: case HTYPE.bcc: domain = domains.recipient; break;
    case HTYPE.from: case HTYPE.sender: case HTYPE.replyTo: domain = domains.sender; break;
    default: return undefined;
  }
  let text = h.text;
  let changed = false;
  let lastNewline = 0;
  let s = text.indexOf(':') + 1;
  while (isSpace(text[s])) s++;
  const group: GroupState = { allow: true, found: false };
  while (s < text.length) {
    const end = findAddressEnd(text, s);
    const from = s;
    const r = extractAddress(text.slice(from, end), {}, group);
    s = end < text.length ? end + 1 : end;
    while (isSpace(text[s])) s++;
    // unparsable (or no address, as in "undisclosed-recipients:;"), or already qualified
    if ('error' in r || r.address.includes('@')) continue;
    const qualified = `${r.address}@${domain}`;
    const oldLen = r.end - r.start;
    let out = text.slice(0, from + r.start) + qualified + text.slice(from + r.end, s);
    if (qualified.length > oldLen && out.length - lastNewline > 40) {
      let p = s - 1;
      while (p >= 0 && (text[p] === ' ' || text[p] === '\t')) p--;
      if (text[p] !== '\n') {
        lastNewline = out.length;
        out += '\n\t';
      }
    }
    const rest = s - oldLen + qualified.length;
    text = out + text.slice(s);
    // as in Exim, scanning goes on from just after the copied part (before an added "\n\t")
    s = rest;
    changed = true;
  }
  return changed ? { text, type: h.type } : undefined;
}

/** every header of a local message through qualifyHeader(); replaced ones stay, marked removed */
export function qualifyHeaders(headers: HeaderLine[], domains: QualifyDomains): void {
  for (let i = 0; i < headers.length; i++) {
    const q = qualifyHeader(headers[i]!, domains);
    if (!q) continue;
    headers[i]!.type = HTYPE.old;
    headers.splice(++i, 0, q);
  }
}
