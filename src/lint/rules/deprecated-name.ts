// Names from older Exim versions and their replacements. exim-ts accepts the
// names of the 4.8x experimental features as aliases, so these are warnings;
// the message says that Exim 4.96 itself refuses them and what to write instead.
import type { Rule } from '../types.js';
import { locOf, type SourceText } from '../source.js';
import { literalValue, nameLoc, renamedOption, renamedVariable, writtenName } from '../util.js';
import { RENAMED_CONTROLS } from './acl-control.js';

export const rule: Rule = {
  id: 'deprecated-name',
  severity: 'warning',
  doc: 'renamed or removed option, variable and control names, with their replacements',
  check(ctx) {
    const m = ctx.model;
    for (const o of m.options) {
      if (o.entry) continue;
      const to = renamedOption(o.name);
      if (to) {
        ctx.report(nameLoc(o), `option ${writtenName(o)} was replaced by ${to} (Exim 4.87); Exim 4.96 does not know it (exim-ts still reads it)`,
          { length: writtenName(o).length });
      }
    }
    const vars = (src: SourceText) => {
      // every renamed variable, not only the first error of the string
      for (const r of src.text.matchAll(/\$\{?([a-z_][a-z0-9_]*)/g)) {
        const to = renamedVariable(r[1]!);
        if (!to) continue;
        ctx.report(locOf(src, r.index!), `$${r[1]} was removed in Exim 4.87 (exim-ts still reads it); use ${to}`, { length: r[0].length });
      }
    };
    for (const o of m.options) {
      if (!o.entry?.expanded) continue;
      const v = m.optionValue(o.setting);
      if (v && !('error' in v)) vars(v);
    }
    for (const acl of m.acls) for (const st of acl.statements) for (const c of st.conditions) {
      if (!c.arg) continue;
      vars(c.arg);
      if (c.name === 'control') {
        const v = literalValue(m, c.arg)?.trim() ?? '';
        const word = /^[A-Za-z0-9_]*/.exec(v)![0];
        const to = RENAMED_CONTROLS[word];
        if (to) {
          ctx.report(locOf(c.arg, Math.max(0, c.arg.text.indexOf(word))), `control ${word} was renamed ${to}`,
            { length: word.length });
        }
      }
    }
  },
};
