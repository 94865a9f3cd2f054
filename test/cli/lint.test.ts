// exim-ts lint: formats and exit codes.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLint, LintUsage } from '../../src/cli/lint.js';

const dir = mkdtempSync(join(tmpdir(), 'exim-ts-lint-'));
const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text, 'latin1'); return p; };
const bad = file('bad.conf', 'recieve_timeout = 5m\nbegin acl\na:\n  deny spf = err_perm\n');
const good = file('good.conf', 'receive_timeout = 5m\n');
const warnOnly = file('warn.conf', 'begin acl\na:\n  deny spf = err_temp\n');
const withMacro = file('macro.conf', '.ifdef DOM\nqualify_domain = DOM\n.else\nrecieve_timeout = 1s\n.endif\n');

const run = (...argv: string[]) => {
  let out = '';
  const code = runLint(argv, (s) => { out += s; }, () => {});
  return { code, out };
};

describe('exim-ts lint', () => {
  it('text: FILE:LINE:COL: severity: message, the line and a caret; exit 1 on errors', () => {
    const r = run(bad);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`${bad}:1:1: error: unknown option recieve_timeout; did you mean receive_timeout? [unknown-option]\n  recieve_timeout = 5m\n  ^~~~~~~~~~~~~~~\n`);
    expect(r.out).toContain(`${bad}:4:14: warning: SPF result "err_perm"`);
    expect(r.out).toContain('1 error, 1 warning\n');
  });

  it('exit 0 when clean or only warnings', () => {
    expect(run(good)).toEqual({ code: 0, out: '' });
    expect(run(warnOnly).code).toBe(0);
  });

  it('json: an array of diagnostics', () => {
    const r = run('--format', 'json', bad);
    const d = JSON.parse(r.out);
    expect(d[0]).toEqual({ file: bad, line: 1, column: 1, endLine: 1, endColumn: 16, severity: 'error', code: 'unknown-option',
      message: 'unknown option recieve_timeout; did you mean receive_timeout?' });
  });

  it('sarif 2.1.0 with the rules', () => {
    const s = JSON.parse(run('--format=sarif', bad, good).out);
    expect(s.version).toBe('2.1.0');
    const runObj = s.runs[0];
    expect(runObj.tool.driver.rules.map((r: { id: string }) => r.id)).toContain('acl-spf');
    expect(runObj.results[0]).toMatchObject({ ruleId: 'unknown-option', level: 'error',
      locations: [{ physicalLocation: { region: { startLine: 1, startColumn: 1 } } }] });
  });

  it('-D defines macros as exim -D does', () => {
    expect(run(withMacro).code).toBe(1);
    const r = run('-D', 'DOM=example.org', '--format', 'json', withMacro);
    expect(JSON.parse(r.out)).toEqual([]);
  });

  it('usage errors', () => {
    expect(() => run()).toThrow(LintUsage);
    expect(() => run('--format', 'xml', good)).toThrow(/unknown format/);
    expect(() => run('-D', 'lower=1', good)).toThrow(/must start with an upper case letter/);
    expect(() => run('--bogus', good)).toThrow(LintUsage);
  });

  it('a missing file is an error, not a crash', () => {
    const r = run(join(dir, 'nope.conf'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('cannot read configuration file');
  });
});
