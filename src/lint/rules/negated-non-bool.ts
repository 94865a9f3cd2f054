// no_/not_ in front of an option that is not a boolean.
import type { Rule } from '../types.js';
import { isBoolOption } from '../model.js';
import { nameLoc, writtenName } from '../util.js';

export const rule: Rule = {
  id: 'negated-non-bool',
  severity: 'error',
  doc: 'a no_ or not_ prefix on an option that is not a boolean',
  check(ctx) {
    for (const o of ctx.model.options) {
      if (!o.entry || !o.negated || isBoolOption(o.entry)) continue;
      ctx.report(nameLoc(o), `negation prefix applied to a non-boolean option (${o.name} is ${o.entry.spec ?? o.entry.type})`,
        { length: writtenName(o).length });
    }
  },
};
