// Other malformed ACL lines: a negated verb, "=" missing, bad "set" variable names.
import type { Rule } from '../types.js';
import { locIn } from '../source.js';

export const rule: Rule = {
  id: 'acl-syntax',
  severity: 'error',
  doc: 'malformed ACL statements: negated verb, missing "=", bad variable name after "set"',
  check(ctx) {
    for (const acl of ctx.model.acls) for (const p of acl.problems) {
      if (p.kind === 'syntax') ctx.report(locIn(p.line, p.offset), p.message, { length: p.length });
    }
  },
};
