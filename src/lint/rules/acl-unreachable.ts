// Statements after an unconditional accept/deny/drop/defer/discard never run.
import type { Rule } from '../types.js';
import { locIn } from '../source.js';

const ENDS = new Set(['accept', 'deny', 'drop', 'defer', 'discard']);

export const rule: Rule = {
  id: 'acl-unreachable',
  severity: 'warning',
  doc: 'ACL statements after an unconditional accept, deny, drop, defer or discard, which can never run',
  check(ctx) {
    for (const acl of ctx.model.acls) {
      const sts = acl.statements;
      for (let i = 0; i < sts.length - 1; i++) {
        const st = sts[i]!;
        if (!ENDS.has(st.verb)) continue;
        // any condition (or an unknown name, or "acl =") may fail and let the next statement run
        if (st.conditions.some((c) => !c.entry || c.entry.kind === 'condition')) continue;
        const next = sts[i + 1]!;
        const p = locIn(st.line, st.verbStart);
        ctx.report(locIn(next.line, next.verbStart),
          `statement can never run: the unconditional "${st.verb}" at ${p.file}:${p.line} ends ACL ${acl.name}`,
          { length: next.verb.length });
        break;
      }
    }
  },
};
