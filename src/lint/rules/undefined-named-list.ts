// +name references to named lists that are not defined (or are of another kind).
import type { Rule, RuleContext } from '../types.js';
import type { NamedListKind } from '../../grammar/config/parse.js';
import { ACL_LIST_KIND, optionListKind } from '../model.js';
import { hint } from '../levenshtein.js';
import { listItemsOf, valueOf } from '../util.js';
import type { SourceText } from '../source.js';

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
  },
};
