// The retry section: one rule per line, read as readconf_retries() reads it
// (pattern, error name as readconf_retry_error() decodes it, optional
// senders=, then F/G/H items). Errors are Exim's words, with the offset in
// the line where Exim's scan stopped, for lint columns.
import { dequote } from './values.js';
import { readTime } from '../util/time.js';
import { isSpace } from '../util/ctype.js';

export interface RetryItem {
  /** F, G or H (upper-cased as Exim does) */
  letter: string;
  /** cutoff, seconds */
  timeout: number;
  /** first interval, seconds */
  p1: number;
  /** G/H multiplier x1000 */
  p2?: number;
  /** where the item's letter is */
  at: number;
}

export interface RetryRule {
  pattern: string;
  /** the error name as written ("*", "quota_7d", "timeout_connect_A", ...) */
  error: string;
  errorAt: number;
  senders?: string;
  items: RetryItem[];
}

export type RetryResult = { rule: RetryRule } | { error: string; at: number };

const isGraph = (c: string | undefined) => c !== undefined && c > ' ' && c < '\x7f';
const isAlnum = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9]$/.test(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** strncmpic(s, t, n) == 0: the first n characters of s are a caseless prefix of t */
const prefixOf = (s: string, t: string) => s.length <= t.length && t.slice(0, s.length).toLowerCase() === s.toLowerCase();

/**
 * readconf_retry_error(): decode an error name (text[from, to)); undefined
 * when good, else Exim's message.
 */
export function retryErrorProblem(text: string, from: number, to: number): string | undefined {
  const word = text.slice(from, to);
  let q = word.indexOf('_');
  if (q < 0) q = word.length;
  const head = word.slice(0, q).toLowerCase();
  const tail = q < word.length ? word.slice(q + 1) : undefined;
  if (head === 'quota') {
    if (tail !== undefined && readTime(text, text[to] ?? '', false, from + q + 1) < 0) return 'bad time value';
    return undefined;
  }
  if (head === 'refused') {
    if (tail !== undefined && !prefixOf(tail, 'MX') && !prefixOf(tail, 'A')) return 'A or MX expected after "refused"';
    return undefined;
  }
  if (head === 'timeout') {
    // "timeout_dns" is taken as "timeout" (with a panic-log line at start-up)
    if (tail !== undefined && !['A', 'MX', 'connect', 'connect_A', 'connect_MX', 'DNS'].some((x) => prefixOf(tail, x))) {
      return '"A", "MX", or "connect" expected after "timeout"';
    }
    return undefined;
  }
  if (/^(mail|rcpt|data)_4/i.test(word)) {
    const a = word[6], b = word[7];
    const ok = word.length === 8 && (isDigit(a) ? isDigit(b) || b === 'x' : a === 'x' && b === 'x');
    return ok ? undefined : `${word.slice(0, 4)}_4 must be followed by xx, dx, or dd, where x is literal and d is any digit`;
  }
  if (head === 'auth' && tail !== undefined && prefixOf(tail, 'failed')) return undefined;
  if (prefixOf(word, 'lost_connection') || prefixOf(word, 'tls_required') || prefixOf(word, 'lookup')) return undefined;
  if (word === '*') return undefined;
  return `unknown or malformed retry error "${word}"`;
}

/** readconf_readfixed(): x1000, or -1 */
function readFixed(s: string, at: number, terminator: string): number {
  if (!isDigit(s[at])) return -1;
  let i = at;
  while (isDigit(s[i])) i++;
  let v = Math.imul(Number(BigInt.asIntN(32, BigInt(s.slice(at, i)))), 1000);
  if (s[i] === '.') {
    let m = 100;
    for (i++; isDigit(s[i]); i++) { v = (v + (s.charCodeAt(i) - 48) * m) | 0; m = Math.trunc(m / 10); }
  }
  return (s[i] ?? '') === terminator ? v : -1;
}

/** One retry rule line. */
export function parseRetryRule(text: string): RetryResult {
  const d = dequote(text, 0);
  const pattern = d.value;
  let p = d.end;
  while (isSpace(text[p])) p++;
  const errorAt = p;
  while (isGraph(text[p])) p++;
  if (p === errorAt) return { error: 'missing error type in retry rule', at: errorAt };
  const bad = retryErrorProblem(text, errorAt, p);
  if (bad) return { error: bad, at: errorAt };
  const rule: RetryRule = { pattern, error: text.slice(errorAt, p), errorAt, items: [] };
  while (isSpace(text[p])) p++;
  if (text.startsWith('senders', p)) {
    p += 7;
    while (isSpace(text[p])) p++;
    if (text[p++] !== '=') return { error: '"=" expected after "senders" in retry rule', at: p - 1 };
    while (isSpace(text[p])) p++;
    const s = dequote(text, p);
    rule.senders = s.value;
    p = s.end;
  }
  while (isSpace(text[p])) p++;
  // retry_arg(): ",value" ending at white space, ",", ";" or the end
  const arg = (fixed: boolean): number | { error: string; at: number } => {
    if (text[p++] !== ',') return { error: 'comma expected', at: p - 1 };
    while (isSpace(text[p])) p++;
    const start = p;
    while (isAlnum(text[p]) || (fixed && text[p] === '.')) p++;
    const c = text[p];
    if (c !== undefined && !isSpace(c) && c !== ',' && c !== ';') return { error: 'comma or semicolon expected', at: p };
    return fixed ? readFixed(text, start, c ?? '') : readTime(text, c ?? '', false, start);
  };
  while (p < text.length) {
    const at = p;
    const letter = text[p++]!.toUpperCase();
    const timeout = arg(false);
    if (typeof timeout !== 'number') return timeout;
    let p1 = 0;
    let p2: number | undefined;
    if (letter === 'F' || letter === 'G' || letter === 'H') {
      const a = arg(false);
      if (typeof a !== 'number') return a;
      p1 = a;
      if (letter !== 'F') {
        const b = arg(true);
        if (typeof b !== 'number') return b;
        p2 = b;
      }
    } else return { error: 'unknown retry rule letter', at };
    if (timeout <= 0 || p1 <= 0 || (letter !== 'F' && (p2 ?? 0) < 1000)) return { error: 'bad parameters for retry rule', at };
    rule.items.push({ letter, timeout, p1, ...(p2 !== undefined ? { p2 } : {}), at });
    while (isSpace(text[p])) p++;
    if (text[p] === ';') { p++; while (isSpace(text[p])) p++; } else if (p < text.length) return { error: 'semicolon expected', at: p };
  }
  return { rule };
}
