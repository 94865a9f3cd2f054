// Values Exim refuses while reading the config: bad booleans, integers,
// times, quoting, unknown users and groups (checkOptionValue from the tables).
import { readFileSync } from 'node:fs';
import type { Rule } from '../types.js';
import { checkOptionValue, userDbFromFiles, type UserDb } from '../../lang/options/values.js';
import { nameLoc } from '../util.js';

function localUsers(): UserDb | undefined {
  try {
    return userDbFromFiles(readFileSync('/etc/passwd', 'latin1'), readFileSync('/etc/group', 'latin1'));
  } catch { return undefined; }
}

export const rule: Rule = {
  id: 'option-value',
  severity: 'error',
  doc: 'an option value that does not fit the option type (boolean, integer, time, quoting, user, group, ...)',
  check(ctx) {
    let users: UserDb | undefined | null = null;
    for (const o of ctx.model.options) {
      if (!o.entry) continue;
      // negation of a non-boolean has its own rule
      if (o.negated && !['bool', 'bit', 'bool_verify', 'bool_set', 'expand_bool'].includes(o.entry.type)) continue;
      const needsUsers = ['uid', 'gid', 'expand_uid', 'expand_gid', 'uidlist', 'gidlist'].includes(o.entry.type);
      if (needsUsers && users === null) users = localUsers();
      const r = checkOptionValue(o.entry, o.setting.value, {
        name: o.setting.name, negated: o.negated, ...(users ? { users } : {}),
      });
      if (!('error' in r)) continue;
      const at = o.setting.valuePos ?? nameLoc(o);
      // users and groups are those of this machine: the mail server may have others
      const local = /^(user|group) .* was not found$/.test(r.error);
      ctx.report(at, local ? `${r.error} (on this machine)` : r.error,
        { length: (o.setting.value ?? o.setting.name).length, ...(local ? { severity: 'warning' as const } : {}) });
    }
  },
};
