// Regular expressions that PCRE2 would not compile: ^patterns in domain,
// host, address and local part lists, and the regex/mime_regex conditions.
import type { Rule, RuleContext } from '../types.js';
import { ACL_LIST_KIND, optionListKind } from '../model.js';
import { compilePcre, PcreError, regexErrorMessage } from '../../lang/util/pcre.js';
import { listItemsOf, valueOf } from '../util.js';
import type { SourceText } from '../source.js';

function checkRegex(ctx: RuleContext, pattern: string, loc: { file: string; line: number; col: number }, what: string): void {
  try {
    compilePcre(pattern);
  } catch (e) {
    if (!(e instanceof PcreError)) throw e;
    ctx.report(loc, `${regexErrorMessage(pattern, e)} (in ${what})`, { length: pattern.length });
  }
}

function checkList(ctx: RuleContext, src: SourceText, what: string, all: boolean): void {
  for (const item of listItemsOf(ctx.model, src)) {
    let t = item.text;
    let skip = 0;
    if (t.startsWith('!')) { skip = 1; while (t[skip] === ' ' || t[skip] === '\t') skip++; }
    t = t.slice(skip);
    if (!all && !t.startsWith('^')) continue;
    if (!t) continue;
    checkRegex(ctx, t, { ...item.loc, col: item.loc.col + skip }, what);
  }
}

export const rule: Rule = {
  id: 'regex-syntax',
  severity: 'error',
  doc: 'regular expressions that do not compile (list items starting with ^, regex and mime_regex conditions)',
  check(ctx) {
    const m = ctx.model;
    for (const o of m.options) {
      const v = optionListKind(o.entry) ? valueOf(m, o) : undefined;
      if (v) checkList(ctx, v, o.name, false);
    }
    for (const l of m.ast.namedLists) {
      const v = m.namedListLine(l);
      if (v) checkList(ctx, v, `named list ${l.name}`, false);
    }
    for (const acl of m.acls) for (const st of acl.statements) for (const c of st.conditions) {
      if (!c.arg) continue;
      if (ACL_LIST_KIND[c.name]) checkList(ctx, c.arg, `"${c.name}" in ACL ${acl.name}`, false);
      else if (c.name === 'regex' || c.name === 'mime_regex') checkList(ctx, c.arg, `"${c.name}" in ACL ${acl.name}`, true);
    }
  },
};
