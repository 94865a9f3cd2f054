// mime_get_header(): one header line of a MIME part, unfolded and squeezed.
// Outside parameter values blanks and (comments) go and a backslash quotes
// the next byte; a value runs from "=" to the next ";" (a quote does not
// protect it here). Control bytes and CRs go; the result ends in ";".
import { EOF, type MimeStream } from './stream.js';

/** MIME_MAX_HEADER_SIZE */
export const MAX_HEADER = 8192;

/** the next header, or undefined at the blank line ending the headers (or at the end of the file) */
export function readMimeHeader(f: MimeStream): string | undefined {
  let c = EOF;
  let done = false;
  let valueMode = 0; // 0: outside a value, 1: after "=", 2: in a value, 3: at a quote in a value
  let brackets = 0;
  const out: number[] = [];
  while (!done) {
    if ((c = f.getc()) === EOF) break;
    if (c === 13) continue;
    if (c === 10) {
      if (out.length > 0) {
        if ((c = f.getc()) === EOF) break;
        if (c === 9 || c === 32) continue;
        f.ungetc(c);
      }
      c = 59; // ';'
      done = true;
    }
    if (c < 32) continue;
    if (valueMode) {
      if ((c === 9 || c === 32) && valueMode === 1) continue;
      valueMode = 2;
      if (c === 34) valueMode = 3;
      if (valueMode === 2 && c === 59) valueMode = 0;
    } else {
      if (c === 32 || c === 9) continue;
      if (c === 92) {
        if ((c = f.getc()) === EOF) break;
      } else if (c === 40) {
        brackets++;
        continue;
      } else if (c === 41 && brackets) {
        brackets--;
        continue;
      } else if (c === 61 && !brackets) valueMode = 1;
      if (brackets > 0) continue;
    }
    out.push(c);
    if (out.length > MAX_HEADER - 1) done = true;
  }
  if (out.length > 0 && out[out.length - 1] !== 59) out[out.length - 1] = 59;
  if (c === EOF || out.length === 1) return undefined;
  return String.fromCharCode(...out);
}
