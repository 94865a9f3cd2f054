// What the config reader itself refuses (Exim's words), other than the
// problems that have their own rule (duplicate drivers, .ifdef balance).
import type { Rule } from '../types.js';
import { isDriverDuplicate } from './duplicate-driver.js';
import { isConditionalProblem } from './ifdef-balance.js';

export const rule: Rule = {
  id: 'config-syntax',
  severity: 'error',
  doc: 'lines the config reader refuses: unknown sections, malformed macros, missing includes, unrecognized lines',
  check(ctx) {
    for (const p of ctx.model.ast.problems) {
      if (isDriverDuplicate(p.message) || isConditionalProblem(p.message)) continue;
      ctx.report({ file: p.file, line: p.line, col: p.col }, p.message, p.fatal ? {} : { severity: 'warning' });
    }
  },
};
