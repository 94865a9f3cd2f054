// .ifdef without .endif, and .else/.elifdef/.endif without .ifdef.
import type { Rule } from '../types.js';

export const isConditionalProblem = (m: string) =>
  /\.endif missing|^\.\w+ without matching \.ifdef|^\.\w+ nested too deeply/.test(m);

export const rule: Rule = {
  id: 'ifdef-balance',
  severity: 'error',
  doc: '.ifdef/.ifndef without .endif, or .else/.elifdef/.endif without .ifdef',
  check(ctx) {
    for (const p of ctx.model.ast.problems) {
      if (isConditionalProblem(p.message)) ctx.report({ file: p.file, line: p.line, col: p.col }, p.message);
    }
  },
};
