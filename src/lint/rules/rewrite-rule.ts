// The rewrite section: what readconf_one_rewrite() refuses at start-up (in its
// words, at the flag or place concerned), and what rewrite_one() would hit
// at run time: a regex key that does not compile, expansion errors in the
// key (it is expanded while matching) and in the replacement.
import type { Rule } from '../types.js';
import { checkRewriteRule } from '../../lang/options/values.js';
import { compilePcre, PcreError, regexErrorMessage } from '../../lang/util/pcre.js';
import { locIn, locOf, wordAt } from '../source.js';
import { checkExpansion } from './expansion-syntax.js';
import { isLiteral, literalText } from '../util.js';

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
      const key = wordAt(l, 0).src;
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
      const rep = wordAt(l, r.replacementAt).src;
      if (rep.text !== '*') checkExpansion(ctx, rep, 'rewrite rule replacement');
    }
  },
};
