// The linter: parse once, run every rule, collect diagnostics in file order.
import { LintModel, type LintInput } from './model.js';
import { RULES } from './rules/index.js';
import type { Diagnostic, Loc, Rule, RuleContext, Severity } from './types.js';

export type { LintInput } from './model.js';

export interface LintResult {
  diagnostics: Diagnostic[];
  model: LintModel;
}

/** Run `rules` (all by default) over a config. Never throws for bad input. */
export function lint(input: LintInput, rules: readonly Rule[] = RULES): LintResult {
  const model = new LintModel(input);
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const rule of rules) {
    const ctx: RuleContext = {
      model,
      report(loc: Loc, message: string, opts: { length?: number; severity?: Severity } = {}) {
        const key = `${loc.file}\0${loc.line}\0${loc.col}\0${rule.id}\0${message}`;
        if (seen.has(key)) return;
        seen.add(key);
        diagnostics.push({
          file: loc.file, line: loc.line, column: loc.col,
          endLine: loc.line, endColumn: loc.col + Math.max(1, opts.length ?? 1),
          severity: opts.severity ?? rule.severity, code: rule.id, message,
        });
      },
    };
    try {
      rule.check(ctx);
    } catch (e) {
      // a rule must not take the others down: say which one failed
      diagnostics.push({
        file: input.file, line: 1, column: 1, endLine: 1, endColumn: 2, severity: 'error', code: rule.id,
        message: `internal error in rule ${rule.id}: ${(e as Error)?.message ?? String(e)}`,
      });
    }
  }
  const order = new Map([...model.files.keys()].map((f, i) => [f, i]));
  diagnostics.sort((a, b) => ((order.get(a.file) ?? -1) - (order.get(b.file) ?? -1)) || (a.line - b.line) || (a.column - b.column)
    || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return { diagnostics, model };
}
