// Values as Exim sees them, with a way back to the config text: every byte of
// a value knows the offset in its logical line it came from, so a problem
// found inside a dequoted option value or an ACL argument gets file:line:col.
import { ConfigLineReader, type LogicalLine } from '../grammar/config/lines.js';
import { interpretEscape } from '../lang/options/values.js';
import type { Loc } from './types.js';

/** A string taken from a logical line. */
export interface SourceText {
  text: string;
  line: LogicalLine;
  /** offset in line.text of each byte of text; one more entry for the end */
  offsets: number[];
}

/** A slice of a logical line taken verbatim. */
export function verbatim(line: LogicalLine, start: number, end = line.text.length): SourceText {
  const offsets: number[] = [];
  for (let i = start; i <= end; i++) offsets.push(i);
  return { text: line.text.slice(start, end), line, offsets };
}

/**
 * read_string() of an option value starting at `start`: a quoted value has
 * its escapes processed. Returns the value, or an error with where it is.
 */
export function optionString(line: LogicalLine, start: number): SourceText | { error: string; offset: number } {
  const s = line.text;
  if (s[start] !== '"') return verbatim(line, start);
  let out = '';
  const offsets: number[] = [];
  let i = start + 1;
  while (i < s.length && s[i] !== '"') {
    offsets.push(i);
    if (s[i] === '\\') { const e = interpretEscape(s, i); out += e.ch; i = e.end; } else out += s[i];
    i++;
  }
  offsets.push(i);
  if (i >= s.length) return { error: 'missing quote at end of string value', offset: start };
  if (i + 1 < s.length) return { error: 'extra characters follow string value', offset: i + 1 };
  return { text: out, line, offsets };
}

/** file:line:col of offset `i` of a source text */
export function locOf(src: SourceText, i: number): Loc {
  const o = src.offsets[Math.max(0, Math.min(i, src.offsets.length - 1))] ?? 0;
  return locIn(src.line, o);
}

/** file:line:col of an offset in a logical line */
export function locIn(line: LogicalLine, offset: number): Loc {
  const p = ConfigLineReader.locate(line, offset);
  return { file: p.file, line: p.line, col: p.col };
}

/** A sub-range [start, end) of a source text, as a source text. */
export function slice(src: SourceText, start: number, end = src.text.length): SourceText {
  return { text: src.text.slice(start, end), line: src.line, offsets: src.offsets.slice(start, end + 1) };
}
