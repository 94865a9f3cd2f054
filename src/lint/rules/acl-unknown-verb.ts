// A statement that starts with something that is not an ACL verb.
import type { Rule } from '../types.js';
import { ACL_VERBS } from '../../lang/acl/index.js';
import { hint } from '../levenshtein.js';
import { locIn } from '../source.js';

export const rule: Rule = {
  id: 'acl-unknown-verb',
  severity: 'error',
  doc: 'an ACL statement that does not start with accept, defer, deny, discard, drop, require or warn',
  check(ctx) {
    for (const acl of ctx.model.acls) for (const p of acl.problems) {
      if (p.kind !== 'verb') continue;
      ctx.report(locIn(p.line, p.offset), `unknown ACL verb "${p.name}" in ACL ${acl.name}${hint(p.name ?? '', ACL_VERBS)}`,
        { length: p.length });
    }
  },
};
