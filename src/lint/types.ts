// The linter's contract: one Diagnostic shape for every problem, and rules
// on the ESLint model (one file per rule, each with its id, default severity,
// a one-line doc and a check over the whole config model).
import type { LintModel } from './model.js';

export type Severity = 'error' | 'warning';

/** One problem, as the json format prints it. Lines and columns are 1-based; end is exclusive. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  /** the rule id */
  code: string;
  message: string;
}

/** A place in the config: file, line, column (1-based). */
export interface Loc { file: string; line: number; col: number }

export interface RuleContext {
  readonly model: LintModel;
  /** report a problem at `loc`, `length` bytes long (1 if not given); severity defaults to the rule's */
  report(loc: Loc, message: string, opts?: { length?: number; severity?: Severity }): void;
}

export interface Rule {
  id: string;
  severity: Severity;
  doc: string;
  check(ctx: RuleContext): void;
}
