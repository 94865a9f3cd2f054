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
    p.pos++;
    subs.push(p.parseBraced(i === 0 || honourDollar2));
    if (p.src[p.pos++] !== '}') p.fail(`missing } at end of "${name}" condition`);
  }
  return subs;
}

/** {arg}: one braced argument */
export function readOne(p: ExpandParser, name: string): Expr {
  if (p.skipWs() !== '{') p.fail(`missing { after "${name}"`);
  p.pos++;
  const e = p.parseBraced();
  if (p.src[p.pos++] !== '}') p.fail(`missing } at end of "${name}" condition`);
  return e;
}
