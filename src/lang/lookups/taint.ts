// Exim 4.96's check on a query-style lookup's query: a tainted query must be
// "properly quoted" - its tainted parts made by the lookup type's own
// ${quote_<type>:} (or another type's with the same quoting function). 4.96
// writes a panic-log line when it is not and runs the query all the same.
import type { Expr } from '../expand-api.js';
import { lookupQuoters } from '../util/lookup-quote.js';

interface TaintSource {
  isTainted(name: string): boolean;
  headersTainted: boolean;
}

const quoterOf = (suffix: string) => {
  const t = suffix.slice(1);
  const cut = t.indexOf('_');
  return lookupQuoters.get(cut < 0 ? t : t.slice(0, cut));
};

/** whether some tainted value reaches the query other than through the type's quoter */
export function hasUnquotedTaint(e: Expr | undefined, ctx: TaintSource, type: string): boolean {
  if (!e) return false;
  const own = lookupQuoters.get(type);
  for (const n of e) {
    switch (n.k) {
      case 'var':
        if (ctx.isTainted(n.name)) return true;
        break;
      case 'header':
        if (ctx.headersTainted) return true;
        break;
      case 'op':
        if (n.entry.name === 'quote' && n.suffix && own && quoterOf(n.suffix) === own) break;
        if (hasUnquotedTaint(n.arg, ctx, type)) return true;
        break;
      case 'item':
        for (const a of n.args) if (hasUnquotedTaint(a, ctx, type)) return true;
        break;
      default:
        break;
    }
  }
  return false;
}
