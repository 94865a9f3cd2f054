// A message's header lines as Exim keeps them (header_line): the full text
// including the name and the final newline, and a one-letter type that
// marks address headers and removed ("old") ones.
import { decode2047 } from '../../lang/util/rfc2047.js';
import { isSpace } from '../../lang/util/ctype.js';

export const HTYPE = {
  other: ' ', from: 'F', to: 'T', cc: 'C', bcc: 'B', id: 'I', replyTo: 'R',
  received: 'P', sender: 'S', old: '*',
} as const;

export interface HeaderLine {
  /** "Name: value\n", folded lines kept, as bytes */
  text: string;
  /** Exim's htype letter; '*' means removed (invisible to $h_) */
  type: string;
}

/** the names header_checkname() knows, with whether "Resent-" may precede them */
const KNOWN: [string, boolean, string][] = [
  ['bcc', true, 'bcc'], ['cc', true, 'cc'], ['date', true, 'date'],
  ['delivery-date', false, 'delivery-date'], ['envelope-to', false, 'envelope-to'],
  ['from', true, 'from'], ['message-id', true, 'id'], ['received', false, 'received'],
  ['reply-to', false, 'reply-to'], ['return-path', false, 'return-path'],
  ['sender', true, 'sender'], ['subject', false, 'subject'], ['to', true, 'to'],
];

/** header_checkname(): which well-known header this is ('' for none) */
export function headerKind(text: string): string {
  const resent = text.slice(0, 7).toLowerCase() === 'resent-';
  const t = resent ? text.slice(7) : text;
  for (const [name, allowResent, kind] of KNOWN) {
    if (t.slice(0, name.length).toLowerCase() !== name) continue;
    let p = name.length;
    while (p < t.length && ' \t\n\v\f\r'.includes(t[p]!)) p++;
    if (t[p] === ':') return !resent || allowResent ? kind : '';
  }
  return '';
}

/** Exim's header_insert_maxlen: the most a $h_ expansion inserts */
export const HEADER_INSERT_MAXLEN = 64 * 1024;

export const FH_EXISTS_ONLY = 1;
export const FH_WANT_RAW = 2;
export const FH_WANT_LIST = 4;

/**
 * find_header(): `name` includes the colon ("subject:"), null for all
 * headers. Returns null when no header matched. `charset` null: no
 * translation of encoded words (the $bh_ form).
 */
export function findHeader(
  headers: readonly HeaderLine[], name: string | null, flags: number, charset: string | null,
): string | null {
  let found = name === null;
  const len = name === null ? 0 : name.length;
  const lname = name?.toLowerCase();
  let comma = false;
  let g: string | null = null;
  for (const h of headers) {
    if (h.type === HTYPE.old) continue;
    if (lname !== undefined && !(len <= h.text.length && h.text.slice(0, len).toLowerCase() === lname)) continue;
    if (flags & FH_EXISTS_ONLY) return '1';
    found = true;
    let s = len;
    if (!(flags & FH_WANT_RAW)) while (isSpace(h.text[s])) s++;
    let t = h.text.length;
    if (flags & FH_WANT_LIST) {
      while (t > s && h.text[t - 1] === '\n') t--;
    } else if (!(flags & FH_WANT_RAW)) {
      while (t > s && isSpace(h.text[t - 1])) t--;
      if (name !== null && !comma && 'BCFRST'.includes(h.type)) comma = true;
    }
    let piece = h.text.slice(s, t);
    const have = g?.length ?? 0;
    if (have + piece.length > HEADER_INSERT_MAXLEN) piece = piece.slice(0, Math.max(0, HEADER_INSERT_MAXLEN - have));
    // a separator goes in only after a non-empty start (string_append_listele_n)
    if (flags & FH_WANT_LIST) g = (g ? g + ':' : '') + piece.replace(/:/g, '::');
    else if (flags & FH_WANT_RAW) g = (g ?? '') + piece;
    else if (piece.length > 0) g = (g ? g + (comma ? ',\n' : '\n') : '') + piece;
    if ((g?.length ?? 0) >= HEADER_INSERT_MAXLEN) break;
  }
  if (!found) return null;
  if (g === null) return '';
  if (flags & FH_WANT_RAW) return g;
  return decode2047(g, true, charset ?? undefined, 63).value;
}
