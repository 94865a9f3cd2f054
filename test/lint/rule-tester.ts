// RuleTester in the ESLint style: valid configs give no diagnostic from the
// rule, invalid ones exactly the listed ones (line, column, message part).
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/lint.js';
import type { Rule, Severity } from '../../src/lint/types.js';

export const CONF = '/etc/exim/exim.conf';

export interface InvalidCase {
  code: string;
  errors: { line: number; column: number; message?: string | RegExp; severity?: Severity }[];
  files?: Record<string, string>;
  defines?: { name: string; value: string }[];
}
export type ValidCase = string | { code: string; files?: Record<string, string>; defines?: { name: string; value: string }[] };

export const memFs = (files: Record<string, string> = {}) => ({
  read: (p: string) => files[p],
  exists: (p: string) => p in files,
});

export function runRule(rule: Rule, code: string, files?: Record<string, string>, defines: { name: string; value: string }[] = []) {
  return lint({ file: CONF, text: code, fs: memFs(files), defines }, [rule]).diagnostics;
}

export function ruleTester(rule: Rule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.id, () => {
    it('has its metadata', () => {
      expect(rule.doc.length).toBeGreaterThan(10);
      expect(['error', 'warning']).toContain(rule.severity);
    });
    it.each(cases.valid.map((c) => [typeof c === 'string' ? c : c.code, c] as const))('valid: %s', (_n, c) => {
      const d = typeof c === 'string' ? runRule(rule, c) : runRule(rule, c.code, c.files, c.defines);
      expect(d.map((x) => `${x.line}:${x.column}: ${x.message}`)).toEqual([]);
    });
    it.each(cases.invalid.map((c) => [c.code, c] as const))('invalid: %s', (_n, c) => {
      const d = runRule(rule, c.code, c.files, c.defines);
      expect(d.map((x) => [x.line, x.column])).toEqual(c.errors.map((e) => [e.line, e.column]));
      c.errors.forEach((e, i) => {
        const got = d[i]!;
        expect(got.code).toBe(rule.id);
        expect(got.severity).toBe(e.severity ?? rule.severity);
        if (typeof e.message === 'string') expect(got.message).toContain(e.message);
        else if (e.message) expect(got.message).toMatch(e.message);
      });
    });
  });
}
