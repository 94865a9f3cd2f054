// substr, length, hash and nhash: shared by the operator forms (${substr_1_2:x})
// and the item forms (${substr{1}{2}{x}}), as Exim's extract_substr(),
// compute_hash() and compute_nhash().
import { ExpandError } from '../expand-api.js';

/** Exim's textual hash alphabet; note its "ts" swap, kept for compatibility */
const HASHCODES = 'abcdefghijklmnopqrtsuvwxyz' + 'ABCDEFGHIJKLMNOPQRSTUVWXYZ' + '0123456789';
const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
  73, 79, 83, 89, 97, 101, 103, 107, 109, 113];

/** extract_substr(): value2 < 0 means "not given" */
export function substr(subject: string, value1: number, value2: number): string {
  const sublen = subject.length;
  if (value1 < 0) {
    value1 += sublen;
    if (value1 < 0) {
      // int arithmetic: wraps as Exim's C does
      value2 = (value2 + value1) | 0;
      if (value2 < 0) value2 = 0;
      value1 = 0;
    } else if (value2 < 0) {
      value2 = value1;
      value1 = 0;
    }
  } else if (value1 > sublen) {
    value1 = sublen;
    value2 = 0;
  } else if (value2 < 0) {
    value2 = sublen;
  }
  if (value1 + value2 > sublen) value2 = sublen - value1;
  return subject.substr(value1, value2);
}

/** compute_hash(): value2 < 0 means the default of 26 letters */
export function hash(subject: string, value1: number, value2: number): string {
  const sublen = subject.length;
  if (value2 < 0) value2 = 26;
  else if (value2 > HASHCODES.length) throw new ExpandError(`hash count "${value2}" too big`);
  // Exim divides by zero here and dies of SIGFPE: an error is the nearest we can do
  // (only when it has characters to make: with a length of 0 it makes none)
  else if (value2 === 0 && value1 > 0 && value1 < sublen) throw new ExpandError('hash: division by zero');
  if (value1 >= sublen) return subject;
  // Exim reads before the string and then panics adding a negative count
  if (value1 < 0) throw new ExpandError(`internal error in string_catn (count ${value1})`);
  // only the first value1 bytes are rewritten; the rest are read as they were
  const b = new Uint8Array(value1);
  for (let k = 0; k < value1; k++) b[k] = subject.charCodeAt(k);
  let i = 0;
  for (let j = value1; j < sublen; j++) {
    const c = subject.charCodeAt(j) & 0xff;
    const shift = (c + j) & 7;
    b[i] ^= (c << shift) | (c >> (8 - shift));
    if (++i >= value1) i = 0;
  }
  let out = '';
  for (i = 0; i < value1; i++) out += HASHCODES[b[i]! % value2];
  return out;
}

/** compute_nhash(): one number below value1, or "div/mod" with value2 */
export function nhash(subject: string, value1: number, value2: number): string {
  let total = 0n;
  let i = 0;
  for (let k = 0; k < subject.length; k++) {
    if (i === 0) i = PRIMES.length - 1;
    total += BigInt(PRIMES[i--]!) * BigInt(subject.charCodeAt(k));
  }
  total = BigInt.asUintN(64, total);
  // C: the ints become unsigned long (sign-extended); a zero divisor kills Exim (SIGFPE)
  const ulong = (n: bigint) => BigInt.asUintN(64, n);
  if (value2 < 0) {
    if (value1 === 0) throw new ExpandError('nhash: division by zero');
    return String(total % ulong(BigInt(value1)));
  }
  const m = BigInt.asIntN(32, BigInt(value1) * BigInt(value2));
  if (m === 0n) throw new ExpandError('nhash: division by zero');
  total = total % ulong(m);
  return `${total / ulong(BigInt(value2))}/${total % ulong(BigInt(value2))}`;
}

/**
 * The "_N_M" parameters of length/substr/hash/nhash operator names, read as
 * Exim reads them at run time. Returns [value1, value2] or an error message.
 */
export function parseOpParams(name: string, suffix: string, isLength: boolean): [number, number] | string {
  // `name` is the whole operator name, as Exim quotes it in errors
  if (!suffix) return `missing values after ${name}`;
  let arg = suffix.slice(1);
  let value1 = 0, value2 = -1, sign = 1;
  let which: 1 | 2 = 1;
  if (isLength) { which = 2; value2 = 0; }
  else if (name[0] === 's' && arg[0] === '-') { sign = -1; arg = arg.slice(1); }
  for (let i = 0; i < arg.length;) {
    const c = arg[i]!;
    if (i > 0 && c === '_' && which === 1) {
      which = 2;
      value2 = 0;
      if (i + 1 < arg.length) i++;
    } else if (c < '0' || c > '9') {
      return `non-digit after underscore in "${name}"`;
    } else {
      if (which === 1) value1 = (value1 * 10 + (c.charCodeAt(0) - 48)) | 0;
      else value2 = (value2 * 10 + (c.charCodeAt(0) - 48)) | 0;
      i++;
    }
  }
  return [value1 * sign, value2];
}
