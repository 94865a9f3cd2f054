// "!" in front of a modifier: only conditions can be negated.
import type { Rule } from '../types.js';
import { locIn } from '../source.js';

export const rule: Rule = {
  id: 'acl-negated-modifier',
  severity: 'error',
  doc: 'a negated ACL modifier (only conditions can be negated)',
  check(ctx) {
    for (const acl of ctx.model.acls) for (const p of acl.problems) {
      if (p.kind === 'negated') ctx.report(locIn(p.line, p.offset), p.message, { length: p.length });
    }
  },
};
