// expanded_string_integer(): Exim's reading of a number in an expansion
// (comparisons, ${randint}, list indexes). 64-bit, with K/M/G suffixes.
import { ExpandError } from '../expand-api.js';
import { isSpace } from './ctype.js';

export const ARITH_MAX = 0x7fffffffffffffffn;
export const ARITH_MIN = -0x8000000000000000n;

/** a digit's value in bases up to 36 (as parseInt(c, 36) reads one character), 99 for anything else */
export const digitValue = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : (c | 32) >= 97 && (c | 32) <= 122 ? (c | 32) - 87 : 99;

/** strtoll(s, &end, base): value (clamped on overflow), end index, overflow flag */
export function strtoll(s: string, start: number, base: 10 | 16 | 8 | 0): { value: bigint; end: number; overflow: boolean } {
  let i = start;
  while (isSpace(s[i])) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') { neg = s[i] === '-'; i++; }
  let b: number = base;
  if ((b === 0 || b === 16) && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && digitValue(s.charCodeAt(i + 2)) < 16) {
    i += 2; b = 16;
  } else if (b === 0) {
    b = s[i] === '0' ? 8 : 10;
  }
  const digitsStart = i;
  // a Number while it is exact, a BigInt past 2^48: most numbers are short
  let small = 0;
  let big: bigint | undefined;
  for (; i < s.length; i++) {
    const d = digitValue(s.charCodeAt(i));
    if (d >= b) break;
    if (big !== undefined) big = big * BigInt(b) + BigInt(d);
    else if ((small = small * b + d) >= 2 ** 48) big = BigInt(small);
  }
  let v = big ?? BigInt(small);
  if (i === digitsStart) return { value: 0n, end: start, overflow: false };
  if (neg) v = -v;
  if (v > ARITH_MAX) return { value: ARITH_MAX, end: i, overflow: true };
  if (v < ARITH_MIN) return { value: ARITH_MIN, end: i, overflow: true };
  return { value: v, end: i, overflow: false };
}

/** The integer value of s, or an ExpandError with Exim's message. */
export function expandedStringInteger(s: string, isPlus: boolean): bigint {
  let p = 0;
  if (isSpace(s[0])) {
    while (isSpace(s[p])) p++;
    if (p >= s.length) return 0n;
  }
  let msg = 'invalid integer "%s"';
  const r = strtoll(s, p, 10);
  let value = r.value;
  let overflow = r.overflow;
  let end = r.end;
  if (end === p) msg = 'integer expected but "%s" found';
  else if (value < 0n && isPlus) msg = 'non-negative integer expected but "%s" found';
  else {
    const mult = { k: 1024n, m: 1024n * 1024n, g: 1024n * 1024n * 1024n }[(s[end] ?? '').toLowerCase()];
    if (mult) {
      if (value > ARITH_MAX / mult || value < ARITH_MIN / mult) overflow = true;
      else value *= mult;
      end++;
    }
    if (overflow) msg = 'absolute value of integer "%s" is too large (overflow)';
    else {
      while (isSpace(s[end])) end++;
      if (end >= s.length) return value;
    }
  }
  throw new ExpandError(msg.replace('%s', s.slice(p)));
}

/** strtoul(s, &end, 10) that must consume the whole string; undefined if not. */
export function strtoull(s: string): bigint | undefined {
  let i = 0;
  while (isSpace(s[i])) i++;
  let neg = false;
  if (s[i] === '+' || s[i] === '-') { neg = s[i] === '-'; i++; }
  const d0 = i;
  while (s[i] !== undefined && s[i]! >= '0' && s[i]! <= '9') i++;
  if (i === d0) return s.length === 0 ? 0n : undefined;
  if (i !== s.length) return undefined;
  let v = BigInt(s.slice(d0, i));
  if (v > 0xffffffffffffffffn) v = 0xffffffffffffffffn;
  return neg ? BigInt.asUintN(64, -v) : v;
}
