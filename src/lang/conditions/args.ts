// Shared readers for condition arguments, as eval_condition() reads them.
import type { ExpandParser, Expr } from '../expand-api.js';

/** {arg1}{arg2}: the form of eq, match, inlist, the numeric comparisons, ... */
export function readTwo(p: ExpandParser, name: string, honourDollar2 = true): Expr[] {
  const subs: Expr[] = [];
  for (let i = 0; i < 2; i++) {
    if (p.skipWs() !== '{') {
      if (i === 0) p.fail(`missing { after "${name}"`);
      p.fail(`missing 2nd string in {} after "${name}"`);
    }
    subs.push(p.arg(i === 0 || honourDollar2));
  }
  return subs;
}

/** {arg}: one braced argument */
export function readOne(p: ExpandParser, name: string): Expr {
  if (p.skipWs() !== '{') p.fail(`missing { after "${name}"`);
  return p.arg();
}
