// Host list items that look like IP addresses but are not: Exim gives
// "malformed IPv4 address or address mask" when it meets them at run time.
import type { Rule, RuleContext } from '../types.js';
import { ACL_LIST_KIND, optionListKind } from '../model.js';
import { ipType } from '../../lang/util/ip.js';
import { listItemsOf, valueOf } from '../util.js';
import type { SourceText } from '../source.js';

/** the problem with one host list item, or undefined */
export function hostItemProblem(item: string): { message: string; warning?: boolean } | undefined {
  if (!item || /^[+/^@*]/.test(item) || item.includes(';') || item.includes('$')) return undefined;
  const mask = { offset: 0 };
  const type = ipType(item, true, mask);
  if (type) {
    if (mask.offset) {
      const bits = Number(item.slice(mask.offset + 1));
      const max = type === 4 ? 32 : 128;
      if (bits > max) return { message: `address mask /${bits} is out of range for an IPv${type} address (at most /${max}): ${item}` };
    }
    return undefined;
  }
  let t = 0;
  while (t < item.length && /[0-9.]/.test(item[t]!)) t++;
  if (t === item.length || (item[t] === '/' && t !== 0)) return { message: `malformed IPv4 address or address mask: ${item}` };
  // an IPv6 address whose colons a colon-separated list has split: Exim takes it for a host name that never matches
  if (item.includes(':') && /^[0-9a-fA-F:.]+(\/\d+)?$/.test(item)) {
    return { message: `"${item}" is no IP address (and never matches as a host name): in a colon-separated list write each ":" of an IPv6 address as "::", or start the list with "<;"`, warning: true };
  }
  return undefined;
}

function checkList(ctx: RuleContext, src: SourceText, what: string): void {
  for (const item of listItemsOf(ctx.model, src)) {
    let t = item.text;
    let skip = 0;
    if (t.startsWith('!')) { skip = 1; while (t[skip] === ' ' || t[skip] === '\t') skip++; }
    t = t.slice(skip);
    const p = hostItemProblem(t);
    if (p) ctx.report({ ...item.loc, col: item.loc.col + skip }, `${p.message} (in ${what})`, { length: t.length, ...(p.warning ? { severity: 'warning' as const } : {}) });
  }
}

export const rule: Rule = {
  id: 'host-list-item',
  severity: 'error',
  doc: 'host list items that are malformed IP addresses or CIDR masks',
  check(ctx) {
    const m = ctx.model;
    for (const o of m.options) {
      const v = optionListKind(o.entry) === 'host' ? valueOf(m, o) : undefined;
      if (v) checkList(ctx, v, o.name);
    }
    for (const l of m.ast.namedLists) {
      const v = l.kind === 'host' ? m.namedListLine(l) : undefined;
      if (v) checkList(ctx, v, `hostlist ${l.name}`);
    }
    for (const acl of m.acls) for (const st of acl.statements) for (const c of st.conditions) {
      if (ACL_LIST_KIND[c.name] === 'host' && c.arg) checkList(ctx, c.arg, `"hosts" in ACL ${acl.name}`);
    }
  },
};
