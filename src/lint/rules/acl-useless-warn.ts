// A warn statement does nothing but its modifiers' effects (and what its
// conditions leave in variables): one with neither is dead code.
import type { Rule } from '../types.js';
import { locIn } from '../source.js';

/** conditions with no effect on later statements (variables, databases, caches) */
const PURE = new Set(['hosts', 'domains', 'local_parts', 'senders', 'recipients', 'sender_domains', 'authenticated',
  'encrypted', 'condition', 'dkim_signers', 'dkim_status']);
const SIDE_EFFECT_ITEMS = /\$\{(run|acl|readsocket|perl|dlfunc|lookup|readfile|eval|expand|imapfolder|certextract|srs_encode)\b|\$\{if\s+(acl|saslauthd|pwcheck|radius|ldapauth|inbound_srs)\b/;

export const rule: Rule = {
  id: 'acl-useless-warn',
  severity: 'warning',
  doc: 'a warn statement with no modifier and no condition that leaves anything behind: it has no effect',
  check(ctx) {
    for (const acl of ctx.model.acls) for (const st of acl.statements) {
      if (st.verb !== 'warn') continue;
      if (st.conditions.some((c) => !c.entry || c.entry.kind === 'modifier' || !PURE.has(c.name))) continue;
      if (st.conditions.some((c) => c.arg && SIDE_EFFECT_ITEMS.test(c.arg.text))) continue;
      ctx.report(locIn(st.line, st.verbStart),
        `"warn" with no effect in ACL ${acl.name}: add a modifier (log_message, set, add_header, ...) or remove it`, { length: 4 });
    }
  },
};
