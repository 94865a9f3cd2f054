// endpass belongs to accept and discard only.
import type { Rule } from '../types.js';
import { locIn } from '../source.js';

export const rule: Rule = {
  id: 'acl-endpass',
  severity: 'error',
  doc: 'endpass with a verb other than accept or discard',
  check(ctx) {
    for (const acl of ctx.model.acls) for (const p of acl.problems) {
      if (p.kind === 'endpass') ctx.report(locIn(p.line, p.offset), p.message, { length: p.length });
    }
  },
};
