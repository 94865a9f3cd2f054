// JSON lists as Exim's expansions walk them (forall_json, forany_json,
// extract json): dewrap() and json_nextinlist(), not a JSON parser.
import { isSpace } from './ctype.js';

/** dewrap(): the text inside the wrapper, or Exim's "missing 'c'" (the opener if absent, else the closer) */
export function dewrap(s: string, wrap: string): string | { missing: string } {
  let p = 0;
  const quotes = wrap[0] === wrap[1];
  while (isSpace(s[p])) p++;
  if (s[p] !== wrap[0]) return { missing: wrap[0]! };
  const start = ++p;
  let depth = 0;
  for (; p < s.length; p++) {
    const c = s[p];
    if (c === '\\') p++;
    else if (!quotes && c === wrap[0]) depth++;
    else if (c === wrap[1]) {
      if (depth === 0) return s.slice(start, p);
      depth--;
    }
  }
  return { missing: wrap[1]! };
}

/** json_nextinlist(): the elements of a JSON array's inside, split at top-level commas */
export function jsonElements(list: string): string[] {
  const out: string[] = [];
  let s = 0;
  for (;;) {
    while (isSpace(list[s])) s++;
    const item = s;
    let arr = 0;
    let obj = 0;
    // depths are unsigned in Exim: a stray closer makes the rest one element
    for (; s < list.length && (list[s] !== ',' || arr !== 0 || obj !== 0); s++) {
      switch (list[s]) {
        case '[': arr++; break;
        case ']': arr = arr === 0 ? -1 >>> 0 : arr - 1; break;
        case '{': obj++; break;
        case '}': obj = obj === 0 ? -1 >>> 0 : obj - 1; break;
      }
    }
    if (item === s) return out;
    out.push(list.slice(item, s));
    if (s < list.length) s++;
  }
}
