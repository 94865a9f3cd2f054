// Macro names must start with an upper-case letter: a lowercase "name = value"
// is read as an option, and ".ifdef lowercase" is never true.
import type { Rule } from '../types.js';
import { lowercaseMacro, nameLoc, writtenName } from '../util.js';

export const rule: Rule = {
  id: 'macro-name',
  severity: 'error',
  doc: 'lowercase names defined or tested as if they were macros (macro names start with an upper-case letter)',
  check(ctx) {
    const m = ctx.model;
    for (const o of m.options) {
      if (!lowercaseMacro(m, o)) continue;
      ctx.report(nameLoc(o),
        `"${writtenName(o)}" is not an option, and macro names must start with an upper-case letter (${writtenName(o).toUpperCase()})`,
        { length: writtenName(o).length });
    }
    for (const [file, text] of m.files) {
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const r = /^([ \t]*)\.(ifdef|ifndef|elifdef|elifndef)[ \t]+([a-z][A-Za-z0-9_]*)/.exec(lines[i]!);
        if (!r) continue;
        const always = r[2] === 'ifdef' || r[2] === 'elifdef' ? 'never' : 'always';
        ctx.report({ file, line: i + 1, col: r[1]!.length + r[2]!.length + 3 + (lines[i]!.slice(r[1]!.length + r[2]!.length + 1).search(/\S/)) - 1 },
          `.${r[2]} ${r[3]} is ${always} true: macro names start with an upper-case letter`,
          { length: r[3]!.length, severity: 'warning' });
      }
    }
  },
};
