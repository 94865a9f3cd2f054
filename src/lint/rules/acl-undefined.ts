// acl_smtp_* options, "acl =" conditions, ${acl{name}...} items and
// ${if acl{{name}...}} conditions in any expansion that name an ACL the
// config does not define. A single word that is no ACL name would be run as inline ACL
// text, which fails unless it is a verb ("acl_smtp_vrfy = accept").
import type { Rule, RuleContext } from '../types.js';
import { ACL_VERBS } from '../../lang/acl/index.js';
import { ACL_OPTION_WHERE } from '../model.js';
import { hint } from '../levenshtein.js';
import { locOf, type SourceText } from '../source.js';
import { valueOf, isLiteral, literalText } from '../util.js';
import { forEachExpansion, walkExpr } from '../expr-walk.js';
import type { Expr } from '../../lang/expand-api.js';

function checkName(ctx: RuleContext, src: SourceText, name: string, what: string, from = 0): void {
  if (!name || name.includes('$') || name.startsWith('/') || (ACL_VERBS as readonly string[]).includes(name)) return;
  if (ctx.model.aclByName.has(name)) return;
  const at = src.text.indexOf(name, from);
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
    // acl_check() takes a name without white space as an ACL's name, else as inline ACL text
    const named = (src: SourceText, arg: Expr | undefined, from: number, what: string) => {
      if (!arg || !isLiteral(arg)) return;
      const name = literalText(arg);
      if (!/\s/.test(name)) checkName(ctx, src, name, what, from);
    };
    forEachExpansion(m, (src, what) => walkExpr(m.expansion(src), {
      item: (n) => { if (n.name === 'acl') named(src, n.args[0], n.start, `\${acl} in ${what}`); },
      cond: (c) => { if (c.name === 'acl') named(src, c.args[0], c.start, `the acl condition in ${what}`); },
    }));
  },
};
