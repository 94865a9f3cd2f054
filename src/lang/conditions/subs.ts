// Exim's read_subs() as the conditions use it: its three outcomes (too few or
// bracketing, too many, an error inside an argument) keep their own messages.
import { ExpandError, ParseError, type ExpandParser, type Expr } from '../expand-api.js';

/** read up to `max` {args} (at least `min`); `tooFew` replaces Exim's outcome 1 messages */
export function readCondSubs(p: ExpandParser, max: number, min: number, checkEnd: boolean, name: string, tooFew: string): Expr[] {
  const subs: Expr[] = [];
  p.skipWs();
  for (let i = 0; i < max; i++) {
    if (p.peek() !== '{') {
      if (i < min) p.fail(tooFew);
      break;
    }
    subs.push(p.arg());
    p.skipWs();
  }
  if (checkEnd && !p.take('}')) {
    if (p.peek() === '{') p.fail(`Too many arguments for '${name}' (max is ${max})`);
    p.fail(tooFew);
  }
  return subs;
}

/** the same for run-time errors of a nested condition */
export function runWithSuffix<T>(suffix: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ExpandError) throw new ExpandError(e.message + suffix, { forced: e.forced, defer: e.defer });
    throw e;
  }
}

/** rethrow a parse error of a nested condition with Exim's " inside ..." suffix (on its run-time errors too) */
export function withSuffix<T>(suffix: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ParseError) {
      const outer = new ParseError((e.message || 'missing or misplaced { or }') + suffix, false);
      const inner = e.before;
      if (inner) outer.before = (ev, message) => runWithSuffix(suffix, () => inner(ev, message));
      throw outer;
    }
    throw e;
  }
}
