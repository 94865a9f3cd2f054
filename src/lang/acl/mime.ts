// What the MIME ACL's conditions (decode, mime_regex, regex) see of the part
// being checked: Exim's mime_stream and mime_current_boundary. The walk in
// src/runtime/mime puts one on the context (ctx.mimePart) while the ACL runs.
import type { AclRc } from './types.js';

export interface MimePartAccess {
  /** the file the part is read from (the spooled message, or an RFC822 attachment's file) */
  readonly text: string;
  /** where the part's body starts in `text` (mime_stream's position) */
  readonly pos: number;
  /** the boundary that ends the part (mime_current_boundary); undefined: read to the end */
  readonly boundary: string | undefined;
  /** mime_decode(): `decode = <option>` (the unexpanded list; '' for mime_regex's own decoding) */
  decode(option: string): AclRc;
  /** the first `max` bytes of a file (mime_regex reads the decoded part); undefined: cannot be opened */
  readFile(path: string, max: number): string | undefined;
}

/** fgets() over a byte string: the piece from `pos` up to a newline or `size - 1` bytes */
export function fgetsAt(text: string, pos: number, size: number): string | undefined {
  if (pos >= text.length) return undefined;
  const nl = text.indexOf('\n', pos);
  let end = nl < 0 ? text.length : nl + 1;
  if (end - pos > size - 1) end = pos + size - 1;
  return text.slice(pos, end);
}

/** a C string view of a buffer: up to its first NUL */
export function cstr(s: string): string {
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}

/** the line is "--" followed by the boundary (a prefix test, as Exim's strncmp) */
export function isBoundaryLine(line: string, boundary: string): boolean {
  return cstr(line).startsWith(`--${boundary}`);
}
