// dmarc_status = values: the status words of Exim's DMARC support. The
// condition works only in the DATA ACL.
import type { Rule } from '../types.js';
import { hint } from '../levenshtein.js';
import { listItemsOf } from '../util.js';
import { locIn } from '../source.js';
import { ACL_WHERE_NAMES } from '../../lang/acl/index.js';

export const DMARC_STATUSES = ['accept', 'reject', 'quarantine', 'none', 'norecord', 'nofrom', 'temperror', 'off'];

export const rule: Rule = {
  id: 'acl-dmarc-status',
  severity: 'error',
  doc: 'dmarc_status = values that are no DMARC status, or dmarc_status outside the DATA ACL',
  check(ctx) {
    for (const acl of ctx.model.acls) for (const st of acl.statements) for (const c of st.conditions) {
      if (c.name !== 'dmarc_status' || !c.arg) continue;
      const other = [...(ctx.model.aclWhere.get(acl.name) ?? [])].find((w) => w !== 'DATA');
      if (other) {
        ctx.report(locIn(c.line, c.nameStart), `cannot test dmarc_status condition in ${ACL_WHERE_NAMES[other]} ACL (only in DATA)`,
          { length: c.nameEnd - c.nameStart });
      }
      for (const item of listItemsOf(ctx.model, c.arg)) {
        const neg = item.text.startsWith('!');
        const name = (neg ? item.text.slice(1) : item.text).toLowerCase();
        if (!name || DMARC_STATUSES.includes(name) || name.includes(';') || name.startsWith('+')) continue;
        ctx.report({ ...item.loc, col: item.loc.col + (neg ? 1 : 0) },
          `unknown DMARC status "${name}"${hint(name, DMARC_STATUSES)} (statuses: ${DMARC_STATUSES.join(' ')})`, { length: name.length });
      }
    }
  },
};
