// Values as Exim sees them, with a way back to the config text: every byte of
// a value knows the offset in its logical line it came from, so a problem
// found inside a dequoted option value or an ACL argument gets file:line:col.
import { ConfigLineReader, type LogicalLine } from '../grammar/config/lines.js';
import { interpretEscape } from '../lang/util/escape.js';
import type { Loc } from './types.js';

/** A string taken from a logical line. */
export interface SourceText {
  text: string;
  line: LogicalLine;
  /** where text[0] is in line.text, when text is a verbatim slice */
  base: number;
  /** otherwise: offset in line.text of each byte of text; one more entry for the end */
  offsets?: number[];
}

/** A slice of a logical line taken verbatim. */
export function verbatim(line: LogicalLine, start: number, end = line.text.length): SourceText {
  return { text: line.text.slice(start, end), line, base: start };
}

/** the offset in the logical line of byte i of a source text */
export function offsetOf(src: SourceText, i: number): number {
  const k = Math.max(0, Math.min(i, src.text.length));
  return src.offsets ? (src.offsets[k] ?? 0) : src.base + k;
}

/** the quoted string opening at `start` of `s` (a logical line's text), escapes done; `close` is where its quote is (or the end) */
function quoted(line: LogicalLine, s: string, start: number): { src: SourceText; close: number } {
  let out = '';
  const offsets: number[] = [];
  let i = start + 1;
  while (i < s.length && s[i] !== '"') {
    offsets.push(i);
    if (s[i] === '\\') { const e = interpretEscape(s, i); out += e.ch; i = e.next - 1; } else out += s[i];
    i++;
  }
  offsets.push(i);
  return { src: { text: out, line, base: 0, offsets }, close: i };
}

/**
 * read_string() of an option value starting at `start`: a quoted value has
 * its escapes processed. Returns the value, or an error with where it is.
 */
export function optionString(line: LogicalLine, start: number): SourceText | { error: string; offset: number } {
  const s = line.text;
  if (s[start] !== '"') return verbatim(line, start);
  const { src, close: i } = quoted(line, s, start);
  if (i >= s.length) return { error: 'missing quote at end of string value', offset: start };
  if (i + 1 < s.length) return { error: 'extra characters follow string value', offset: i + 1 };
  return src;
}

/** file:line:col of offset `i` of a source text */
export function locOf(src: SourceText, i: number): Loc {
  return locIn(src.line, offsetOf(src, i));
}

/** file:line:col of an offset in a logical line */
export function locIn(line: LogicalLine, offset: number): Loc {
  const p = ConfigLineReader.locate(line, offset);
  return { file: p.file, line: p.line, col: p.col };
}

/** A sub-range [start, end) of a source text, as a source text. */
export function slice(src: SourceText, start: number, end = src.text.length): SourceText {
  if (!src.offsets) return { text: src.text.slice(start, end), line: src.line, base: src.base + start };
  return { text: src.text.slice(start, end), line: src.line, base: 0, offsets: src.offsets.slice(start, end + 1) };
}

/**
 * string_dequote() at `start` of a logical line (read no further than
 * `limit`): a quoted word with its escapes processed, or the bytes up to
 * white space; with its end.
 */
export function wordAt(line: LogicalLine, start: number, limit?: number): { src: SourceText; end: number } {
  const s = limit === undefined ? line.text : line.text.slice(0, limit);
  if (s[start] !== '"') {
    let i = start;
    while (i < s.length && !/\s/.test(s[i]!)) i++;
    return { src: verbatim(line, start, i), end: i };
  }
  const { src, close: i } = quoted(line, s, start);
  return { src, end: i < s.length ? i + 1 : i };
}
