// JSON output: an array of Diagnostic objects.
import type { Diagnostic } from '../../lint/types.js';

export function formatJson(diags: readonly Diagnostic[]): string {
  return JSON.stringify(diags.map((d) => ({
    file: d.file, line: d.line, column: d.column, endLine: d.endLine, endColumn: d.endColumn,
    severity: d.severity, code: d.code, message: d.message,
  })), null, 2) + '\n';
}
