// The client's bytes of a recorded session: lines as sent (CRLF added), and
// structured transactions spelled out as a client would send them.
import type { SessionRecord, Transaction } from './record.js';

/** JSON text is Unicode; the wire carries its UTF-8 bytes (one char per byte here) */
export const utf8Bytes = (s: string): string => (/[^\x00-\x7f]/.test(s) ? Buffer.from(s, 'utf8').toString('latin1') : s);

const bracket = (a: string) => (a.startsWith('<') ? a : `<${a}>`);

/** MAIL, RCPTs, DATA, the message dot-stuffed, "." */
export function transactionLines(t: Transaction): string[] {
  const lines = [`MAIL FROM:${bracket(t.mail)}`, ...t.rcpts.map((r) => `RCPT TO:${bracket(r)}`)];
  if (t.data !== undefined) {
    lines.push('DATA');
    const body = t.data.replace(/\r?\n$/, '');
    for (const l of body === '' ? [] : body.split(/\r?\n/)) lines.push(l.startsWith('.') ? `.${l}` : l);
    lines.push('.');
  }
  return lines;
}

const isHelo = (l: string) => /^(helo|ehlo)(\s|$)/i.test(l);

/** every client line of the session, in order */
export function dialogueLines(r: SessionRecord): string[] {
  const lines: string[] = [];
  for (const d of r.dialogue) {
    if (typeof d === 'string') lines.push(d);
    else lines.push(...transactionLines(d));
  }
  if (r.client.helo !== undefined && !(lines.length > 0 && isHelo(lines[0]!))) lines.unshift(`EHLO ${r.client.helo}`);
  return lines;
}

/** what the SMTP engine reads: each line as bytes, ended by CRLF */
export function clientBytes(r: SessionRecord): string {
  let s = '';
  for (const l of dialogueLines(r)) s += `${utf8Bytes(l)}\r\n`;
  return s;
}
