// Expansion strings Exim cannot expand: syntax, unknown variables, items,
// operators and conditions, in every expanded option, named list and ACL
// argument. The expansion parser finds the first static error of each string.
import type { Rule, RuleContext } from '../types.js';
import type { ErrorNode } from '../../lang/expand-api.js';
import { locOf, type SourceText } from '../source.js';
import { renamedVariable, unknownVariableOf } from '../util.js';
import { EXIM_CONDITIONS, EXIM_ITEMS, EXIM_OPERATORS, unknownExpansionName } from '../exim-names.js';
import { hint } from '../levenshtein.js';

export function checkExpansion(ctx: RuleContext, src: SourceText, what: string): void {
  const expr = ctx.model.expansion(src);
  const err = expr.find((n): n is ErrorNode => n.k === 'error');
  if (!err) return;
  const v = unknownVariableOf(err.message);
  // renamed variables are reported with their replacement by deprecated-name
  if (v !== undefined && renamedVariable(v)) return;
  let extra = '';
  const u = unknownExpansionName(err.message);
  if (u) {
    // a name Exim has but exim-ts's parser does not yet: nothing to say about this string
    if (u.exim) return;
    extra = hint(u.name, u.kind === 'item' ? [...EXIM_ITEMS, ...EXIM_OPERATORS] : u.kind === 'operator' ? EXIM_OPERATORS : EXIM_CONDITIONS);
  }
  // point at the name the message is about when there is one, else where the scan stopped
  let at = Math.min(err.pos, src.text.length);
  const named = u ? (u.kind === 'item' ? '${' + u.name : u.name) : v !== undefined || err.message.startsWith('$ not followed') ? '$' : undefined;
  if (named) {
    const k = src.text.lastIndexOf(named, at);
    if (k >= 0) at = k;
  }
  ctx.report(locOf(src, at), `${err.message} (in ${what})${extra}`, { length: named && named !== '$' ? named.length : 1 });
}

export const rule: Rule = {
  id: 'expansion-syntax',
  severity: 'error',
  doc: 'expansion errors (syntax, unknown variables/items/operators/conditions) in expanded options, named lists and ACL arguments',
  check(ctx) {
    const m = ctx.model;
    for (const o of m.options) {
      if (!o.entry?.expanded) continue;
      const v = m.optionValue(o.setting);
      if (!v || 'error' in v) continue;
      checkExpansion(ctx, v, o.name);
    }
    for (const l of m.ast.namedLists) {
      const line = m.namedListLine(l);
      if (line) checkExpansion(ctx, line, `${l.kind === 'localpart' ? 'localpart' : l.kind}list ${l.name}`);
    }
    for (const acl of m.acls) for (const st of acl.statements) for (const c of st.conditions) {
      if (!c.arg || !c.entry) continue;
      checkExpansion(ctx, c.arg, `"${c.name}" in ACL ${acl.name}`);
    }
  },
};
