// Text output: FILE:LINE:COL: severity: message, the source line and a caret.
import type { Diagnostic } from '../../lint/types.js';

export function formatText(diags: readonly Diagnostic[], source: (file: string) => string | undefined): string {
  const lines = new Map<string, string[]>();
  let out = '';
  for (const d of diags) {
    out += `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]\n`;
    let ls = lines.get(d.file);
    if (!ls) { ls = (source(d.file) ?? '').split('\n'); lines.set(d.file, ls); }
    const text = ls[d.line - 1];
    if (text === undefined) continue;
    const shown = text.replace(/\r$/, '');
    // tabs kept in the padding so the caret lines up
    const pad = shown.slice(0, d.column - 1).replace(/[^\t]/g, ' ');
    const width = d.endLine === d.line ? Math.max(1, Math.min(d.endColumn - d.column, shown.length - d.column + 1)) : 1;
    out += `  ${shown}\n  ${pad}^${'~'.repeat(Math.max(0, width - 1))}\n`;
  }
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.length - errors;
  if (diags.length) out += `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`;
  return out;
}
