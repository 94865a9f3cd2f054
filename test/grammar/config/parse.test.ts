import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfig } from '../../../src/grammar/config/parse.js';
import { ConfigLineReader } from '../../../src/grammar/config/lines.js';
import { MacroTable } from '../../../src/grammar/config/macros.js';

const diskFs = {
  read: (p: string) => (existsSync(p) ? readFileSync(p, 'latin1') : undefined),
  exists: (p: string) => existsSync(p),
};
const memFs = (files: Record<string, string>) => ({
  read: (p: string) => files[p],
  exists: (p: string) => p in files,
});
const lines = (text: string, files: Record<string, string> = {}, defines: { name: string; value: string }[] = []) => {
  const macros = new MacroTable([], defines);
  const r = new ConfigLineReader(macros, memFs(files), '/etc/exim.conf', text);
  const out: string[] = [];
  for (let l = r.next(); l || r.nextSection !== undefined; l = r.next()) {
    out.push(l ? l.text : `<begin ${r.nextSection}>`);
    // as readconf does with a definition line
    if (l && /^[A-Z]\w*\s*=/.test(l.text)) macros.define(l.text);
  }
  return { out, problems: r.problems.map((p) => `${p.line}: ${p.message}`) };
};

describe('logical lines (get_config_line)', () => {
  it.each([
    ['comments and blank lines go', '# c\n\n  a = 1  \n   # x\n', ['a = 1']],
    ['continuations drop leading space, add none', 'a = x\\\n    y\\\n  z\n', ['a = xyz']],
    ['a comment line inside a continuation is skipped', 'a = x\\\n# c\n  y\n', ['a = xy']],
    ['begin ends a section', 'a = 1\nbegin acl\nacl1:\n', ['a = 1', '<begin acl>', 'acl1:']],
    ['.ifdef on a defined macro', 'X = 1\n.ifdef X\nyes\n.else\nno\n.endif\n', ['X = 1', 'yes']],
    ['.ifndef', '.ifndef X\nyes\n.endif\n', ['yes']],
    ['.elifdef chain', 'Y = 2\n.ifdef X\na\n.elifdef Y\nb\n.else\nc\n.endif\n', ['Y = 2', 'b']],
    ['nested skipped .ifdef', '.ifdef X\n.ifdef Y\na\n.endif\nb\n.endif\nc\n', ['c']],
    // Exim's loop leaves as if it had handled a directive: a tab (or ':') after the name drops the line
    ['a tab after .ifdef drops the line', '.ifdef\tX\nv = 1\n', ['v = 1']],
    ['".ifdef:" drops the line', '.ifdef:\nv = 1\n', ['v = 1']],
    ['macros substitute', 'M = hello\nv = M world\n', ['M = hello', 'v = hello world']],
  ])('%s', (_t, text, want) => {
    expect(lines(text).out).toEqual(want);
  });

  it('reads .include relative to the including file', () => {
    expect(lines('.include inc.conf\nb = 2\n', { '/etc/inc.conf': 'a = 1\n' }).out).toEqual(['a = 1', 'b = 2']);
  });

  it('skips a missing .include_if_exists and reports a missing .include', () => {
    const r = lines('.include_if_exists /nope\n.include /nope2\n');
    expect(r.problems).toEqual(['2: failed to open included configuration file /nope2']);
  });

  it('reports a missing .endif', () => {
    expect(lines('.ifdef X\n').problems).toEqual(['1: Unexpected end of configuration file: .endif missing']);
  });

  it('lets a -D macro override the file quietly', () => {
    expect(lines('X = file\nv = X\n', {}, [{ name: 'X', value: 'cmd' }]).out).toEqual(['X = file', 'v = cmd']);
  });
});

describe('config AST', () => {
  it('reads configure.default without a problem', () => {
    const f = resolve(__dirname, '../../fixtures/configs/configure.default');
    const ast = parseConfig(f, readFileSync(f, 'latin1'), { fs: diskFs });
    expect(ast.problems).toEqual([]);
    expect(ast.acls.map((a) => a.name)).toEqual(['acl_check_rcpt', 'acl_check_data']);
    expect(ast.drivers.filter((d) => d.kind === 'router').map((d) => d.name)).toEqual(['dnslookup', 'system_aliases', 'userforward', 'localuser']);
    expect(ast.namedLists.map((n) => `${n.kind}:${n.name}`)).toEqual(['domain:local_domains', 'domain:relay_to_domains', 'host:relay_from_hosts']);
    const pos = ast.main.find((o) => o.name === 'acl_smtp_rcpt')!.pos;
    expect(readFileSync(f, 'latin1').split('\n')[pos.line - 1]).toMatch(/^acl_smtp_rcpt = /);
  });

  it('collects every problem with its position', () => {
    const ast = parseConfig('/c', 'M = 1\nM = 2\nbegin routers\nr1:\n  driver = accept\nr1:\nbegin nosuch\n', { fs: memFs({}) });
    expect(ast.problems.map((p) => `${p.line}:${p.col}: ${p.message}`)).toEqual([
      '2:1: macro "M" is already defined (use "==" if you want to redefine it)',
      '6:1: there are two routers called "r1"',
      '7:1: "nosuch" is not a known configuration section name',
    ]);
  });
});
