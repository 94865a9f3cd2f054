// SARIF 2.1.0 output for code-scanning tools: one run, the rules' metadata, one result per diagnostic.
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Rule } from '../../lint/types.js';

export function formatSarif(diags: readonly Diagnostic[], rules: readonly Rule[], version: string): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'exim-ts lint',
          version,
          informationUri: 'https://www.exim.org/exim-html-current/doc/html/spec_html/',
          rules: rules.map((r) => ({
            id: r.id,
            name: r.id.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase()),
            shortDescription: { text: r.doc },
            defaultConfiguration: { level: r.severity },
          })),
        },
      },
      results: diags.map((d) => ({
        ruleId: d.code,
        ...(index.has(d.code) ? { ruleIndex: index.get(d.code) } : {}),
        level: d.severity,
        message: { text: d.message },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: pathToFileURL(d.file).href },
            region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn },
          },
        }],
      })),
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
