// Shared readers for condition arguments, as eval_condition() reads them.
import { ParseError, type ExpandParser, type Expr } from '../expand-api.js';

/**
 * {arg1}{arg2}: the form of eq, match, inlist, the numeric comparisons, ...
 * The first is expanded (and, for the numeric ones, `check`ed as a number)
 * before the second is looked at, so its run-time error comes before a
 * static error in or after the second.
 */
export function readTwo(p: ExpandParser, name: string, honourDollar2 = true, check?: (value: string) => unknown): Expr[] {
  const subs: Expr[] = [];
  for (let i = 0; i < 2; i++) {
    try {
      if (p.skipWs() !== '{') {
        if (i === 0) p.fail(`missing { after "${name}"`);
        p.fail(`missing 2nd string in {} after "${name}"`);
      }
      subs.push(p.arg(i === 0 || honourDollar2));
    } catch (e) {
      if (e instanceof ParseError && i === 1) {
        const first = subs[0]!;
        const inner = e.before;
        e.before = (ev, message) => {
          const v = ev.str(first);
          check?.(v);
          return inner ? inner(ev, message) : message;
        };
      }
      throw e;
    }
  }
  return subs;
}

/** {arg}: one braced argument */
export function readOne(p: ExpandParser, name: string): Expr {
  if (p.skipWs() !== '{') p.fail(`missing { after "${name}"`);
  return p.arg();
}
