// Conditions, modifiers and controls used in an ACL that runs where Exim
// forbids them ("cannot test hosts condition in non-SMTP ACL"). Where an ACL
// runs follows from the acl_* option that names it (and "acl =" calls).
import type { Rule } from '../types.js';
import { ACL_WHERE_NAMES, ACL_WHERES, findControl, type AclWhere } from '../../lang/acl/index.js';
import { locIn, locOf } from '../source.js';
import { literalValue } from '../util.js';

const sorted = (w: Iterable<AclWhere>) => [...w].sort((a, b) => ACL_WHERES.indexOf(a) - ACL_WHERES.indexOf(b));

export const rule: Rule = {
  id: 'acl-forbidden',
  severity: 'error',
  doc: 'a condition, modifier or control used in an ACL that runs where Exim forbids it',
  check(ctx) {
    const m = ctx.model;
    for (const acl of m.acls) {
      const wheres = m.aclWhere.get(acl.name);
      if (!wheres) continue;
      for (const st of acl.statements) for (const c of st.conditions) {
        if (!c.entry) continue;
        for (const w of sorted(wheres)) {
          if (c.entry.forbiddenIn.has(w)) {
            ctx.report(locIn(c.line, c.nameStart),
              `cannot ${c.entry.kind === 'modifier' ? 'use' : 'test'} ${c.name} ${c.entry.kind} in ${ACL_WHERE_NAMES[w]} ACL (ACL ${acl.name} runs there)`,
              { length: c.nameEnd - c.nameStart });
            break;
          }
        }
        if (c.name === 'control' && c.arg) {
          const v = literalValue(m, c.arg);
          const ctl = v === undefined ? undefined : findControl(v.trim());
          if (!ctl) continue;
          for (const w of sorted(wheres)) {
            if (ctl.forbiddenIn.has(w)) {
              ctx.report(locOf(c.arg, 0), `cannot use "control=${ctl.name}" in ${ACL_WHERE_NAMES[w]} ACL (ACL ${acl.name} runs there)`,
                { length: ctl.name.length });
              break;
            }
          }
        }
      }
    }
  },
};
