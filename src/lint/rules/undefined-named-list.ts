// +name references to named lists that are not defined (or are of another
// kind): in list options, named lists, ACL list conditions, and the lists of
// the match_domain/match_address/match_local_part/match_ip conditions.
import type { Rule, RuleContext } from '../types.js';
import type { NamedListKind } from '../../grammar/config/parse.js';
import { ACL_LIST_KIND, optionListKind } from '../model.js';
import { hint } from '../levenshtein.js';
import { listItemsOf, valueOf } from '../util.js';
import { slice, type SourceText } from '../source.js';
import { forEachExpansion, walkExpr } from '../expr-walk.js';
import { isLiteral, literalText } from '../util.js';

/** expansion conditions whose second argument is a list of a kind (not expanded: named lists allowed) */
const COND_LIST_KIND: Readonly<Record<string, NamedListKind>> = {
  match_domain: 'domain', match_address: 'address', match_local_part: 'localpart', match_ip: 'host',
};

const WORD: Record<NamedListKind, string> = { domain: 'domain', host: 'host', address: 'address', localpart: 'local part' };
const DEF: Record<NamedListKind, string> = { domain: 'domainlist', host: 'hostlist', address: 'addresslist', localpart: 'localpartlist' };

function checkList(ctx: RuleContext, kind: NamedListKind, src: SourceText, what: string): void {
  const m = ctx.model;
  for (const item of listItemsOf(m, src)) {
    let t = item.text;
    let skip = 0;
    if (t.startsWith('!')) { skip = 1; while (t[skip] === ' ' || t[skip] === '\t') skip++; }
    t = t.slice(skip);
    if (!t.startsWith('+')) continue;
    const name = t.slice(1);
    if ((kind === 'address' || kind === 'localpart') && name === 'caseful') continue;
    if (m.namedListDefined(kind, name)) continue;
    const other = m.ast.namedLists.find((l) => l.name === name);
    const names = m.ast.namedLists.filter((l) => l.kind === kind).map((l) => l.name);
    const why = other ? ` ("${name}" is a ${DEF[other.kind]})` : hint(name, names);
    ctx.report({ ...item.loc, col: item.loc.col + skip }, `unknown named ${WORD[kind]} list "+${name}" in ${what}${why}`,
      { length: t.length });
  }
}

export const rule: Rule = {
  id: 'undefined-named-list',
  severity: 'error',
  doc: '+name in a host, domain, address or local part list naming a list that is not defined',
  check(ctx) {
    const m = ctx.model;
    for (const o of m.options) {
      const kind = optionListKind(o.entry);
      const v = kind && valueOf(m, o);
      if (kind && v) checkList(ctx, kind, v, o.name);
    }
    for (const l of m.ast.namedLists) {
      const v = m.namedListLine(l);
      if (v) checkList(ctx, l.kind, v, `${DEF[l.kind]} ${l.name}`);
    }
    for (const acl of m.acls) for (const st of acl.statements) for (const c of st.conditions) {
      const kind = ACL_LIST_KIND[c.name];
      if (kind && c.arg) checkList(ctx, kind, c.arg, `"${c.name}" in ACL ${acl.name}`);
    }
    forEachExpansion(m, (src, what) => walkExpr(m.expansion(src), {
      cond(c) {
        const kind = COND_LIST_KIND[c.name];
        const arg = c.args[1];
        if (!kind || !arg || !isLiteral(arg)) return;
        // the list as written: find it after the condition's start
        const text = literalText(arg);
        const at = src.text.indexOf(text, c.start);
        if (at < 0 || !text.includes('+')) return;
        checkList(ctx, kind, slice(src, at, at + text.length), `${c.name} in ${what}`);
      },
    }));
  },
};
