// Names after a verb that are neither a condition nor a modifier. Those that
// Exim has only in builds with optional features (DMARC, DCC, Brightmail)
// are warnings: Debian's exim4 refuses them, other builds may not.
import type { Rule } from '../types.js';
import { ACL_VERBS, aclConditions } from '../../lang/acl/index.js';
import { hint } from '../levenshtein.js';
import { locIn } from '../source.js';

/** ACL conditions/modifiers of Exim 4.96 that Debian's build leaves out, and the build option */
export const OPTIONAL_CONDITIONS: Readonly<Record<string, string>> = {
  dmarc_status: 'SUPPORT_DMARC', dcc: 'EXPERIMENTAL_DCC', bmi_optin: 'EXPERIMENTAL_BRIGHTMAIL',
};

export const rule: Rule = {
  id: 'acl-unknown-condition',
  severity: 'error',
  doc: 'an unknown ACL condition or modifier',
  check(ctx) {
    // exim-ts has dmarc_status (issue 6): it reads, but Debian's exim4 would refuse it
    for (const acl of ctx.model.acls) for (const st of acl.statements) for (const c of st.conditions) {
      const opt = OPTIONAL_CONDITIONS[c.name];
      if (opt && c.entry) {
        ctx.report(locIn(c.line, c.nameStart), `ACL condition "${c.name}" needs Exim built with ${opt} (Debian's exim4 is not)`,
          { length: c.nameEnd - c.nameStart, severity: 'warning' });
      }
    }
    for (const acl of ctx.model.acls) for (const p of acl.problems) {
      if (p.kind !== 'condition') continue;
      const name = p.name ?? '';
      const opt = OPTIONAL_CONDITIONS[name];
      if (opt) {
        ctx.report(locIn(p.line, p.offset), `ACL condition "${name}" needs Exim built with ${opt} (Debian's exim4 is not)`,
          { length: p.length, severity: 'warning' });
        continue;
      }
      const shown = name || p.line.text.slice(p.offset, p.offset + 20);
      ctx.report(locIn(p.line, p.offset), `unknown ACL condition/modifier "${shown}"${hint(name, [...aclConditions.keys(), ...ACL_VERBS])}`,
        { length: p.length });
    }
  },
};
