// An option set twice in the main section or in one driver: Exim refuses it,
// except for the options that add up (router "condition", headers_add, ...).
import type { Rule } from '../types.js';
import type { OptionUse } from '../model.js';
import { nameLoc, writtenName } from '../util.js';

export const rule: Rule = {
  id: 'duplicate-option',
  severity: 'error',
  doc: 'an option set a second time in the same section or driver',
  check(ctx) {
    const first = new Map<string, OptionUse>();
    const index = new Map(ctx.model.ast.drivers.map((d, i) => [d, i]));
    for (const o of ctx.model.options) {
      if (!o.entry || o.entry.repeatable) continue;
      const key = `${o.scope}\0${o.driver ? index.get(o.driver) : ''}\0${o.name}`;
      const f = first.get(key);
      if (!f) { first.set(key, o); continue; }
      const p = f.setting.pos;
      ctx.report(nameLoc(o), `"${writtenName(o)}" option set for the second time (first set at ${p.file}:${p.line})`,
        { length: writtenName(o).length });
    }
  },
};
