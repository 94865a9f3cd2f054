// The rewrite section: what readconf_one_rewrite() refuses at start-up (in its
// words, at the flag or place concerned), and what rewrite_one() would hit
// at run time: a regex key that does not compile, expansion errors in the
// key (it is expanded while matching) and in the replacement.
import type { Rule } from '../types.js';
import { checkRewriteRule } from '../../lang/options/values.js';
import { compilePcre, PcreError, regexErrorMessage } from '../../lang/util/pcre.js';
import { locIn, locOf, wordAt } from '../source.js';
import { checkExpansion } from './expansion-syntax.js';
import { isLiteral, literalText, valueOf } from '../util.js';
import { listItems } from '../../lang/util/list.js';
import type { LogicalLine } from '../../grammar/config/lines.js';
import type { RuleContext } from '../types.js';

export const rule: Rule = {
  id: 'rewrite-rule',
  severity: 'error',
  doc: 'rewrite rules Exim refuses (flags, missing replacement, S without a regex), regex keys that do not compile, expansion errors in keys and replacements',
  check(ctx) {
    const m = ctx.model;
    for (const l of m.ast.rewrite) {
      const r = checkRewriteRule(l.text, true);
      if ('error' in r) {
        const flag = /^unknown rewrite flag character/.test(r.error)
          ? ' (flags are q w h s f t c b r E F T Q R S; quote a replacement that contains spaces)' : '';
        ctx.report(locIn(l, r.at), r.error + flag);
        continue;
      }
      checkParts(ctx, l, 0, r.replacementAt);
    }
    // a transport's headers_rewrite: its rules' syntax is option-value's; here what they hit at run time
    for (const o of m.options) {
      if (o.name !== 'headers_rewrite' || o.scope !== 'transport') continue;
      const v = valueOf(m, o);
      if (!v || v.offsets) continue; // quoted values: positions would not be the rules' own
      let from = 0;
      for (const item of listItems(v.text, 0, true)) {
        const at = v.text.indexOf(item, from);
        if (at < 0) break;
        from = at + item.length;
        const r = checkRewriteRule(item, false);
        if ('error' in r) continue;
        checkParts(ctx, v.line, v.base + at, v.base + at + r.replacementAt, v.base + at + item.length);
      }
    }
  },
};

/** a rule's key (regex, expansion) and replacement (expansion) */
function checkParts(ctx: RuleContext, l: LogicalLine, keyAt: number, replacementAt: number, end?: number): void {
  const m = ctx.model;
  const key = wordAt(l, keyAt, end).src;
  // Exim expands the key while matching: a regex's "$" needs \N...\N round it
  checkExpansion(ctx, key, key.text.startsWith('^') ? 'rewrite rule key; write a regex key as \\N^...$\\N' : 'rewrite rule key');
  const e = m.expansion(key);
  if (isLiteral(e)) {
    const pattern = literalText(e);
    if (pattern.startsWith('^')) {
      try { compilePcre(pattern); } catch (err) {
        if (!(err instanceof PcreError)) throw err;
        ctx.report(locOf(key, 0), `${regexErrorMessage(pattern, err)} (in rewrite rule key)`, { length: key.text.length });
      }
    }
  }
  // "*" alone means: leave the address as it is
  const rep = wordAt(l, replacementAt, end).src;
  if (rep.text !== '*') checkExpansion(ctx, rep, 'rewrite rule replacement');
}
