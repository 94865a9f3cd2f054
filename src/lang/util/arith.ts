// ${eval:} and ${eval10:}: Exim's integer expression evaluator (eval_expr()),
// 64-bit with its overflow checks and error texts.
import { ARITH_MAX, ARITH_MIN, digitValue, strtoll } from './integer.js';
import { isSpace } from './ctype.js';

const wrap = (x: bigint) => BigInt.asIntN(64, x);

/** the binary operators of each precedence level, loosest first (SHIFT reads << and >>) */
const OPERATORS = ['|', '^', '&', '', '+-', '*/%'];
const SHIFT = 3;
const UNARY = OPERATORS.length;
const MULTIPLIERS: Record<string, bigint> = { k: 1024n, m: 1048576n, g: 1073741824n };

class Arith {
  i = 0;
  error: string | undefined;
  constructor(readonly s: string, readonly decimal: boolean) {}

  private skipSpace(): string | undefined {
    while (isSpace(this.s[this.i])) this.i++;
    return this.s[this.i];
  }

  expr(endKet: boolean): bigint {
    const x = this.level(0);
    if (!this.error) {
      if (endKet) {
        if (this.s[this.i] !== ')') this.error = 'expecting closing parenthesis';
        else { this.i++; this.skipSpace(); }
      } else if (this.i < this.s.length) {
        this.error = 'expecting operator';
      }
    }
    return x;
  }

  // One method per precedence level, from '|' (0) to '*/%' (5), unary
  // operators below: no closures to make per expression
  private level(l: number): bigint {
    if (l === UNARY) return this.unary();
    let x = this.level(l + 1);
    while (!this.error) {
      const c = this.s[this.i];
      if (c === undefined) break;
      let y: bigint;
      if (l === SHIFT) {
        if (!((c === '<' || c === '>') && this.s[this.i + 1] === c)) break;
        this.i += 2;
        y = this.level(l + 1);
        if (this.error) break;
        // C shifts by the count modulo the width on x86-64
        const n = BigInt.asUintN(6, y);
        x = c === '<' ? wrap(x << n) : x >> n;
        continue;
      }
      if (!OPERATORS[l]!.includes(c)) break;
      this.i++;
      y = this.level(l + 1);
      if (this.error) break;
      const r = this.apply(c, x, y);
      if (r === undefined) break;
      x = r;
    }
    return x;
  }

  private apply(op: string, x: bigint, y: bigint): bigint | undefined {
    switch (op) {
      case '|': return x | y;
      case '^': return x ^ y;
      case '&': return x & y;
      case '+': case '-':
        // Exim's (over-conservative, and lopsided) overflow check, as it is
        if (x >= ARITH_MAX / 2n || (x <= -(ARITH_MAX / 2n) && y <= -(ARITH_MAX / 2n))) {
          this.error = op === '+' ? 'overflow in sum' : 'overflow in difference';
          return undefined;
        }
        return wrap(op === '+' ? x + y : x - y);
      default: // * / %
        if (y === -1n && x === ARITH_MIN && op !== '*') return ARITH_MAX;
        if (op === '*') return wrap(x * y);
        if (y === 0n) {
          this.error = op === '/' ? 'divide by zero' : 'modulo by zero';
          return undefined;
        }
        return op === '/' ? x / y : x % y;
    }
  }

  private unary(): bigint {
    const c = this.skipSpace();
    if (c === '+' || c === '-' || c === '~') {
      this.i++;
      const x = this.unary();
      return c === '-' ? wrap(-x) : c === '~' ? wrap(~x) : x;
    }
    return this.number();
  }

  private number(): bigint {
    const c = this.skipSpace();
    if (c !== undefined && c >= '0' && c <= '9') {
      // scanf("%lli") swallows a "0x" that has no hex digits after it
      let n: bigint;
      if (!this.decimal && c === '0' && (this.s.charCodeAt(this.i + 1) | 32) === 120 && digitValue(this.s.charCodeAt(this.i + 2)) >= 16) {
        n = 0n;
        this.i += 2;
      } else {
        const r = strtoll(this.s, this.i, this.decimal ? 10 : 0);
        n = r.value;
        this.i = r.end;
      }
      const mult = MULTIPLIERS[(this.s[this.i] ?? '').toLowerCase()];
      if (mult) { n = wrap(n * mult); this.i++; }
      this.skipSpace();
      return n;
    }
    if (c === '(') {
      this.i++;
      return this.expr(true);
    }
    this.error = 'expecting number or opening parenthesis';
    return 0n;
  }
}

/** The value, or the error with how much of the text was processed. */
export function evalExpression(s: string, decimal: boolean): { value: bigint } | { error: string; consumed: string } {
  const a = new Arith(s, decimal);
  const value = a.expr(false);
  if (a.error) return { error: a.error, consumed: s.slice(0, a.i) };
  return { value };
}
