// spf = / spf_guess = result names. err_perm and err_temp were removed in
// 4.91: they are still accepted but never match.
import type { Rule } from '../types.js';
import { hint } from '../levenshtein.js';
import { listItemsOf } from '../util.js';

export const SPF_RESULTS = ['invalid', 'neutral', 'pass', 'fail', 'softfail', 'none', 'temperror', 'permerror'];
const OLD: Record<string, string> = { err_perm: 'permerror', err_temp: 'temperror' };

export const rule: Rule = {
  id: 'acl-spf',
  severity: 'error',
  doc: 'spf = and spf_guess = result names that never match (err_perm/err_temp are warnings)',
  check(ctx) {
    for (const acl of ctx.model.acls) for (const st of acl.statements) for (const c of st.conditions) {
      if ((c.name !== 'spf' && c.name !== 'spf_guess') || !c.arg) continue;
      for (const item of listItemsOf(ctx.model, c.arg)) {
        const neg = item.text.startsWith('!');
        const name = neg ? item.text.slice(1) : item.text;
        if (!name || SPF_RESULTS.includes(name)) continue;
        const loc = { ...item.loc, col: item.loc.col + (neg ? 1 : 0) };
        if (OLD[name]) {
          ctx.report(loc, `SPF result "${name}" is the old name of ${OLD[name]} (exim-ts reads it so; Exim 4.91+ never matches it); use ${OLD[name]}`,
            { length: name.length, severity: 'warning' });
        } else {
          ctx.report(loc, `unknown SPF result "${name}"${hint(name, SPF_RESULTS)} (results: ${SPF_RESULTS.join(' ')})`,
            { length: name.length });
        }
      }
    }
  },
};
