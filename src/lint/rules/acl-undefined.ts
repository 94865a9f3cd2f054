// acl_smtp_* options and "acl =" conditions that name an ACL the config does
// not define. A single word that is no ACL name would be run as inline ACL
// text, which fails unless it is a verb ("acl_smtp_vrfy = accept").
import type { Rule, RuleContext } from '../types.js';
import { ACL_VERBS } from '../../lang/acl/index.js';
import { ACL_OPTION_WHERE } from '../model.js';
import { hint } from '../levenshtein.js';
import { locOf, type SourceText } from '../source.js';
import { valueOf } from '../util.js';

function checkName(ctx: RuleContext, src: SourceText, name: string, what: string): void {
  if (!name || name.includes('$') || name.startsWith('/') || (ACL_VERBS as readonly string[]).includes(name)) return;
  if (ctx.model.aclByName.has(name)) return;
  const at = src.text.indexOf(name);
  ctx.report(locOf(src, at < 0 ? 0 : at), `ACL "${name}" named by ${what} is not defined${hint(name, ctx.model.aclByName.keys())}`,
    { length: name.length });
}

export const rule: Rule = {
  id: 'acl-undefined',
  severity: 'error',
  doc: 'an acl_* option or "acl =" condition naming an ACL that does not exist',
  check(ctx) {
    const m = ctx.model;
    for (const o of m.options) {
      if (o.scope !== 'main' || !(o.name in ACL_OPTION_WHERE)) continue;
      const v = valueOf(m, o);
      if (!v) continue;
      const t = v.text.trim();
      if (/\s/.test(t)) continue; // inline ACL text
      checkName(ctx, v, t, o.name);
    }
    for (const acl of m.acls) for (const st of acl.statements) for (const c of st.conditions) {
      if (c.name !== 'acl' || !c.arg) continue;
      const first = /^\S*/.exec(c.arg.text)![0];
      checkName(ctx, c.arg, first, `"acl =" in ACL ${acl.name}`);
    }
  },
};
