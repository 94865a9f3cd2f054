// Tainted values (from the message or the SMTP peer: $local_part, $domain,
// $sender_address, headers, ...) used where Exim 4.96 refuses them at run
// time: file names of single-key lookups and ${readfile}, the program of
// ${run}, ${expand:...}, appendfile/autoreply/redirect file names, pipe and
// queryprogram commands, a router's transport, smtp hosts, the ACL "acl ="
// and "queue =" modifiers. Also query-style lookups whose tainted parts are
// not quoted with the lookup's own quoter (4.96 logs those to the panic log).
import type { Rule, RuleContext } from '../types.js';
import type { Expr, ItemNode } from '../../lang/expand-api.js';
import { hasUnquotedTaint } from '../../lang/lookups/taint.js';
import { parseExpansion } from '../../grammar/expansion/parser.js';
import { locOf, type SourceText } from '../source.js';
import { forEachExpansion, isTaintedVar, refName, taintedRef, walkExpr, type TaintedRef } from '../expr-walk.js';
import { valueOf } from '../util.js';
import { ACL_LIST_KIND, optionListKind } from '../model.js';
import { ListReader } from '../../lang/util/list.js';
import { lookupTable } from '../../lang/lookups/types.js';
import { parseLookupType } from '../../lang/lookups/search.js';

const LOOKUPS = lookupTable();

/** "type;file" items of a list (expanded before it is matched): the file of a single-key lookup must be untainted */
function checkListLookups(ctx: RuleContext, src: SourceText, what: string): void {
  const r = new ListReader(src.text);
  let from = 0;
  for (let item = r.next(); item !== undefined; item = r.next()) {
    const at = src.text.indexOf(item, from);
    if (at >= 0) from = at + item.length;
    const m = /^(!\s*)?([^;\s]+);/.exec(item);
    if (!m || at < 0) continue;
    const spec = parseLookupType(m[2]!.replace(/,.*$/, ''), LOOKUPS);
    if (typeof spec === 'string' || spec.type.kind !== 'single') continue;
    const fileAt = at + m[0].length;
    const ref = taintedRef(parseExpansion(item.slice(m[0].length)));
    if (!ref) continue;
    ctx.report(locOf(src, fileAt + ref.start), `tainted file name for ${spec.type.name} lookup in ${what}: ${refName(ref)} comes from the message or the SMTP peer, and Exim 4.96 refuses the lookup ("Tainted filename for search"); ${FIX}`,
      { length: Math.max(1, ref.end - ref.start), severity: 'warning' });
  }
}

const FIX = 'use a value a lookup or list match gave back instead (e.g. $local_part_data, $domain_data)';

/** options whose expanded value Exim refuses when tainted ("<class>:<driver>" or "<class>:*"): Exim's words, NAME the driver's */
const OPTIONS: Readonly<Record<string, Record<string, string>>> = {
  'transport:appendfile': {
    file: "Tainted '...' (file or directory name for NAME transport) not permitted",
    directory: "Tainted '...' (file or directory name for NAME transport) not permitted",
  },
  'transport:autoreply': {
    file: "Tainted '...' (file for NAME transport) not permitted", log: "Tainted '...' (logfile for NAME transport) not permitted",
    once: "Tainted '...' (once file for NAME transport) not permitted",
  },
  'transport:pipe': { command: "Tainted arg N for NAME transport command: '...'" },
  'transport:smtp': { hosts: "attempt to use tainted host list '...' from '...' in transport NAME" },
  'router:redirect': { file: "Tainted name '...' for file read not permitted" },
  'router:queryprogram': { command: "Tainted arg N for NAME router command: '...'" },
  'router:*': { transport: "attempt to use tainted value '...' from '...' for transport" },
};

function report(ctx: RuleContext, src: SourceText, r: TaintedRef, message: string): void {
  ctx.report(locOf(src, r.start), message, { length: Math.max(1, r.end - r.start), severity: 'warning' });
}

/** ${run}'s program: the first word of its command, which is split before it is expanded (unless preexpand) */
function runProgramTaint(n: ItemNode): { ref: TaintedRef; offset: number } | undefined {
  const d = n.data as { preexpand?: boolean; raw?: string } | undefined;
  if (d?.preexpand) { const r = taintedRef(n.args[0]); return r ? { ref: r, offset: 0 } : undefined; }
  const raw = d?.raw ?? '';
  const lead = /^\s*/.exec(raw)![0].length;
  const word = /^\S*/.exec(raw.slice(lead))![0];
  const r = taintedRef(parseExpansion(word));
  return r ? { ref: r, offset: lead } : undefined;
}

function checkExpansion(ctx: RuleContext, src: SourceText, what: string): void {
  const taintSource = { isTainted: isTaintedVar, headersTainted: true };
  walkExpr(ctx.model.expansion(src), {
    item(n) {
      if (n.name === 'lookup') {
        const d = n.data as { spec?: { type: { kind: string; name: string; quote?: unknown } }; key?: Expr } | undefined;
        const spec = d?.spec;
        if (!spec) return;
        if (spec.type.kind === 'single') {
          const r = taintedRef(n.args[0]);
          if (r) report(ctx, src, r, `tainted file name for ${spec.type.name} lookup in ${what}: ${refName(r)} comes from the message or the SMTP peer, and Exim 4.96 refuses the lookup ("Tainted filename for search"); ${FIX}`);
        } else if (spec.type.quote && hasUnquotedTaint(n.args[0], taintSource, spec.type.name)) {
          const r = taintedRef(n.args[0]);
          if (r) report(ctx, src, r, `tainted ${refName(r)} in a ${spec.type.name} query in ${what} is not quoted: Exim 4.96 logs "tainted search query is not properly quoted"; use \${quote_${spec.type.name}:${refName(r)}}`);
        }
      } else if (n.name === 'readfile') {
        const r = taintedRef(n.args[0]);
        if (r) report(ctx, src, r, `tainted file name for \${readfile} in ${what}: Exim 4.96 refuses it ("Tainted name ... for file read not permitted"); ${FIX}`);
      } else if (n.name === 'run') {
        const t = runProgramTaint(n);
        if (t) {
          const at = (n.data as { preexpand?: boolean }).preexpand ? t.ref : undefined;
          if (at) report(ctx, src, at, `tainted program for \${run} in ${what}: Exim 4.96 refuses to run it ("Attempt to exec tainted path")`);
          else ctx.report(locOf(src, n.start), `tainted program for \${run} in ${what} (${refName(t.ref)}): Exim 4.96 refuses to run it ("Attempt to exec tainted path")`, { length: 6, severity: 'warning' });
        }
      }
    },
    op(n) {
      if (n.name !== 'expand') return;
      const r = taintedRef(n.arg);
      if (r) report(ctx, src, r, `\${expand:...} of a tainted value (${refName(r)}) in ${what}: Exim 4.96 refuses it ("attempt to expand tainted string")`);
    },
  });
}

export const rule: Rule = {
  id: 'taint',
  severity: 'warning',
  doc: 'tainted values (from the message or the SMTP peer) used where Exim 4.96 refuses them: file names, commands, ${run}, ${expand}, transports, hosts',
  check(ctx) {
    const m = ctx.model;
    forEachExpansion(m, (src, what) => checkExpansion(ctx, src, what));
    for (const o of m.options) {
      if (!o.driver) continue;
      const what = OPTIONS[`${o.driver.kind}:${o.driverType}`]?.[o.name] ?? OPTIONS[`${o.driver.kind}:*`]?.[o.name];
      if (!what) continue;
      const v = valueOf(m, o);
      const r = v && taintedRef(m.expansion(v));
      if (!v || !r) continue;
      // appendfile de-taints a path below create_file's directory or the home directory
      if (o.driverType === 'appendfile') {
        const cf = o.driver.options.find((s) => s.name === 'create_file')?.value?.replace(/^"|"$/g, '').trim();
        if (cf && (cf === 'belowhome' || cf.startsWith('/'))) continue;
      }
      const says = what.replace('NAME', o.driver.name);
      report(ctx, v, r, `tainted ${refName(r)} in ${o.name} of ${o.driver.kind} ${o.driver.name}: Exim 4.96 refuses it at run time ("${says}"); ${FIX}`);
    }
    for (const o of m.options) {
      const v = optionListKind(o.entry) && valueOf(m, o);
      if (v) checkListLookups(ctx, v, o.driver ? `${o.name} of ${o.driver.kind} ${o.driver.name}` : o.name);
    }
    for (const l of m.ast.namedLists) {
      const v = m.namedListLine(l);
      if (v) checkListLookups(ctx, v, `${l.kind}list ${l.name}`);
    }
    for (const acl of m.acls) for (const st of acl.statements) for (const c of st.conditions) {
      if (ACL_LIST_KIND[c.name] && c.arg) checkListLookups(ctx, c.arg, `"${c.name}" in ACL ${acl.name}`);
      if ((c.name !== 'acl' && c.name !== 'queue') || !c.arg) continue;
      const r = taintedRef(m.expansion(c.arg));
      if (r) report(ctx, c.arg, r, `tainted ${refName(r)} in "${c.name} =" in ACL ${acl.name}: Exim 4.96 refuses it at run time`);
    }
  },
};
