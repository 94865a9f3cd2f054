// The config reader and the linter on hostile input: never throw, never hang.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { lint } from '../../src/lint/lint.js';
import { memFs, CONF } from './rule-tester.js';

const SNIPPETS = [
  'begin acl\n', 'begin routers\n', 'begin transports\n', 'begin nonsense\n', 'acl_check_rcpt:\n', 'r1:\n',
  '  accept hosts = +relay\n', '  deny !message = x\n', '  driver = accept\n', '  transport = t\n', '.ifdef X\n', '.ifndef Y\n',
  '.else\n', '.endif\n', '.elifdef Z\n', '.include /inc\n', '.include_if_exists /nope\n', 'X = ${if eq{a}{b}}\n', 'X == 2\n',
  'qualify_domain = "abc\\\n', 'smtp_banner = ${lookup{$local_part}lsearch{/x}}\\\n', 'hostlist h = <; ::1 ; 1.2.3/33\n',
  '  spf = err_perm\n', '\\\n', '#\n', '  warn\n', 'domainlist d = ^(\n', 'acl_smtp_rcpt = nope\n', 'no_x = 1\n',
];

const run = (text: string, files: Record<string, string> = {}) => lint({ file: CONF, text, fs: memFs(files) });

describe('lint fuzz', () => {
  it('random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      const r = run(Buffer.from(bytes).toString('latin1'));
      expect(Array.isArray(r.diagnostics)).toBe(true);
    }), { numRuns: 300 });
  });

  it('config-shaped snippets, truncated anywhere, with an include', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...SNIPPETS), { maxLength: 40 }), fc.nat(), (parts, cut) => {
      const text = parts.join('');
      const r = run(text.slice(0, text.length ? cut % (text.length + 1) : 0), { '/inc': parts.slice(0, 5).join('') });
      for (const d of r.diagnostics) {
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.column).toBeGreaterThanOrEqual(1);
        expect(d.message.startsWith('internal error')).toBe(false);
      }
    }), { numRuns: 300 });
  });

  it('include loops end with a problem', () => {
    const r = run('.include /a\n', { '/a': '.include /b\n', '/b': '.include /a\n' });
    expect(r.diagnostics.some((d) => /nested too deeply/.test(d.message))).toBe(true);
  });

  it('branching include loops stop', () => {
    const t0 = Date.now();
    const r = run('.include /a\n', { '/a': '.include /a\n.include /a\n' });
    expect(r.diagnostics.some((d) => /include loop/.test(d.message))).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('unterminated conditionals', () => {
    const r = run('.ifdef A\n.ifdef B\n.ifndef C\nqualify_domain = x\n');
    expect(r.diagnostics.map((d) => d.code)).toContain('ifdef-balance');
  });

  it('a 1 MB line in reasonable time', () => {
    const t0 = Date.now();
    const big = 'smtp_banner = ' + '${if eq{a}{b}{x}{y}}'.repeat(50_000) + '\n';
    const r = run(big + 'begin acl\na:\n  accept condition = ' + 'x'.repeat(1 << 20) + '\n');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
