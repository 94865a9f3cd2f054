// Small helpers shared by the item entries.
import { skipped, type Before, type Evaluator, type Expr, type ParseError } from '../expand-api.js';
import { interpretEscape } from '../util/escape.js';
import { isSpace } from '../util/ctype.js';

export { isSpace };

export const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
export const isAlpha = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

/** the string as C sees it: up to the first NUL */
export function cstr(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

/** white space removed fore and aft, as Exim does for extract/listextract/certextract field args */
export function trimSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isSpace(s[a])) a++;
  while (b > a && isSpace(s[b - 1])) b--;
  return s.slice(a, b);
}

/** the text of an argument made of literal text only, else undefined */
export function literal(e: Expr): string | undefined {
  let s = '';
  for (const n of e) {
    if (n.k !== 'text') return undefined;
    s += n.s;
  }
  return s;
}

/** Exim's "curly-bracket problem" message of process_yesno() */
export function yesNoCurly(where: string, remaining: string): string {
  return `curly-bracket problem in conditional yes/no parsing: ${where}\n remaining string is '${remaining}'`;
}

/**
 * Exim's strcmpic(): ASCII caseless byte comparison, with its quirk: when
 * `a` runs out first it answers b's next byte, so a proper prefix compares
 * greater ("" > "b", "a" > "ab"), while strcmp() has it less.
 */
export function strcmpic(a: string, b: string): number {
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = i < b.length ? b.charCodeAt(i) : 0;
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return x - y;
  }
  return a.length < b.length ? b.charCodeAt(a.length) : 0;
}

/** strcmp() on byte strings */
export function strcmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** string_dequote(): a "quoted" string with escapes, or a word up to white space; returns the value and the index after it */
export function dequote(s: string, i: number): { value: string; next: number } {
  let out = '';
  if (s[i] !== '"') {
    while (i < s.length && !isSpace(s[i])) out += s[i++];
    return { value: out, next: i };
  }
  i++;
  while (i < s.length && s[i] !== '"') {
    if (s[i] === '\\') {
      const e = interpretEscape(s, i);
      out += e.ch;
      i = e.next;
    } else out += s[i++];
  }
  if (i < s.length) i++;
  return { value: out, next: i };
}

/**
 * The Before of an error in or after process_yesno()'s strings, once `decide`
 * has run (the condition, the lookup). process_yesno() expands the side it
 * takes as it reads it and the other skipping: an error inside the side
 * taken comes after what that side read before it; inside the other it is
 * reported alone, after the yes side if that was taken first; after both,
 * the side taken has run, and the message may depend on which it is. Takes
 * the error's branch and yes/no marks.
 */
export function afterDecision(e: ParseError, decide: (ev: Evaluator) => boolean): Before {
  const { branch, whenNo, before: inner, yn, skipFail } = e;
  e.branch = undefined;
  e.yn = undefined;
  return (ev, message) => {
    const yes = decide(ev);
    // each side is expanded if taken, else read skipping (which may fail),
    // up to the error when it is in that side
    if (branch === 'yes') {
      if (!yes) skipped({ skipFail });
      return yes && inner ? inner(ev, message) : message;
    }
    if (yes) ev.str(yn?.yes); else skipped(yn?.yes);
    if (branch === 'no') {
      if (yes) skipped({ skipFail });
      return !yes && inner ? inner(ev, message) : message;
    }
    if (!yes) ev.str(yn?.no); else skipped(yn?.no);
    return yes || whenNo === undefined ? message : whenNo;
  };
}
