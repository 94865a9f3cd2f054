// What the config reader itself refuses (Exim's words), other than the
// problems that have their own rule (duplicate drivers, .ifdef balance).
import type { Rule } from '../types.js';
import { isDriverDuplicate } from './duplicate-driver.js';
import { isConditionalProblem } from './ifdef-balance.js';

/** the likely fix for what readconf_handle_option()/macro_read_assignment() say of a line */
function fixFor(message: string): string {
  const eq = /^missing "=" after (\S+)$/.exec(message);
  if (eq) return ` (write "${eq[1]} = <value>")`;
  if (message === 'malformed macro definition') return ' (a line starting with an upper-case letter defines a macro: "NAME = value"; option names are lower case)';
  if (message.startsWith('option setting expected: ')) return ' (option names start with a letter: "name = value")';
  return '';
}

export const rule: Rule = {
  id: 'config-syntax',
  severity: 'error',
  doc: 'lines the config reader refuses: unknown sections, malformed macros, missing includes, unrecognized lines',
  check(ctx) {
    for (const p of ctx.model.ast.problems) {
      if (isDriverDuplicate(p.message) || isConditionalProblem(p.message)) continue;
      ctx.report({ file: p.file, line: p.line, col: p.col }, p.message + fixFor(p.message), p.fatal ? {} : { severity: 'warning' });
    }
  },
};
