// The ACL engine below the expansion hook: results with log messages, the
// session record, where-restrictions, acl_read() errors, and the table
// against the inventory of Exim's conditions[] (acl.json).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readAcl, aclTextLines } from '../../../src/grammar/config/acl.js';
import { aclConditions, findControl, NOT_YET_IMPLEMENTED, type AclDefinition } from '../../../src/lang/acl/index.js';
import { AclEngine } from '../../../src/runtime/acl/engine.js';
import { ExpandContext, emptyConfig } from '../../../src/runtime/expand/context.js';

function engine(acls: Record<string, string>): AclEngine {
  const defs = new Map<string, AclDefinition>();
  for (const [name, text] of Object.entries(acls)) {
    const r = readAcl(aclTextLines(text));
    if (!r.ok) throw new Error(r.error);
    defs.set(name, { name, statements: r.statements, file: '', line: 0 });
  }
  const cfg = { ...emptyConfig(), acls: defs };
  const ctx = new ExpandContext(cfg);
  const e = new AclEngine(ctx, defs, { sleep: () => undefined });
  ctx.aclEngine = e;
  return e;
}

describe('acl_read() errors (texts as exim reports them at config load)', () => {
  it.each([
    ['bogus = 1', 'unknown ACL verb "bogus" in "bogus = 1"'],
    ['!accept', 'malformed ACL line "!accept"'],
    ['! accept', 'malformed ACL line "! accept"'],
    ['accept !message = x', 'ACL error: negation is not allowed with "message"'],
    ['deny endpass', 'ACL error: "endpass" is not allowed with "deny"'],
    ['accept set foo = 1', 'invalid variable name after "set" in ACL modifier "set foo = 1" (must start "acl_c" or "acl_m")'],
    ['accept set acl_cx = 1', 'invalid variable name after "set" in ACL modifier "set acl_cx = 1" (digit or underscore must follow acl_c or acl_m)'],
    ['accept set acl_c_a-b = 1', 'invalid character "-" in variable name in ACL modifier "set acl_c_a-b = 1"'],
    ['accept set dkim_verify_statusx = 1', 'invalid variable name after "set" in ACL modifier "set dkim_verify_statusx = 1" (only "dkim_verify_status" or "dkim_verify_reason" permitted)'],
    ['accept set dkim_verify_status_x = 1', '"=" missing after ACL "set" modifier'],
    ['accept nosuch = 1', 'unknown ACL condition/modifier in "accept nosuch = 1"'],
    ['accept !!condition = 1', 'unknown ACL condition/modifier in "accept !!condition = 1"'],
    ['accept condition', '"=" missing after ACL "condition" condition'],
    ['accept message', '"=" missing after ACL "message" modifier'],
    ['accept set acl_m1', '"=" missing after ACL "set" modifier'],
    ['accept = 1', 'unknown ACL condition/modifier in "accept = 1"'],
  ])('%s', (text, error) => {
    const r = readAcl(aclTextLines(text));
    expect(r.ok ? '' : r.error).toBe(error);
  });

  it('reads statements, negation, set names and endpass', () => {
    const r = readAcl(aclTextLines('accept ! condition = 1\n  endpass = ignored\n  set acl_m_x   =   y  \ndeny\nnext:\nwarn'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.statements.map((s) => s.verb)).toEqual(['accept', 'deny']);
    const [c, e, s] = r.statements[0]!.conditions;
    expect([c!.name, c!.negated, c!.arg]).toEqual(['condition', true, '1']);
    expect([e!.name, e!.arg]).toEqual(['endpass', '']);
    expect([s!.varName, s!.arg]).toEqual(['m_x', 'y  ']);
    expect(r.stop?.text).toBe('next:');
  });

  it('joins continuation lines and skips comments in inline text', () => {
    const lines = aclTextLines('  # c\n accept message = a \\\n# inner\n    b\n\n deny');
    expect(lines.map((l) => l.text)).toEqual(['accept message = a b', 'deny']);
  });
});

describe('engine results', () => {
  it('gives user and log messages', async () => {
    const e = engine({
      d: 'deny log_message = L\n message = U',
      r: 'require log_message = outer[$acl_verify_message]\n acl = d',
      late: 'require acl = d\n log_message = never reached',
      w: 'warn log_message = W $acl_arg1\naccept',
      bad: 'accept condition = maybe',
      loop: 'accept acl = loop',
      x: 'accept message = ${foo}',
    });
    expect(e.evalAcl('d', [])).toEqual({ rc: 'FAIL', userMessage: 'U', logMessage: 'L' });
    expect(e.evalAcl('r', [])).toEqual({ rc: 'FAIL', userMessage: 'U', logMessage: 'outer[L]: L' });
    expect(e.evalAcl('late', [])).toEqual({ rc: 'FAIL', userMessage: 'U', logMessage: 'L' });
    expect(e.evalAcl('bad', [])).toEqual({ rc: 'DEFER', logMessage: 'invalid "condition" value "maybe"' });
    expect(e.evalAcl('loop', [])).toEqual({ rc: 'ERROR', logMessage: 'ACL nested too deep: possible loop' });
    expect(e.evalAcl('nosuch', [])).toEqual({ rc: 'ERROR', logMessage: 'unknown ACL verb "nosuch" in "nosuch"' });
    expect(e.evalAcl('x', [])).toEqual({ rc: 'OK' });
    expect(e.session.logs.at(-1)?.text).toBe('failed to expand ACL message "${foo}": unknown variable in "${foo}"');
    e.evalAcl('w', ['a']);
    e.evalAcl('w', ['a']);
    e.evalAcl('w', ['b']);
    expect(e.session.logs.filter((l) => l.text.includes('Warning')).map((l) => l.text))
      .toEqual(['U=unknown Warning: W a', 'U=unknown Warning: W b']);
  });

  it('refuses what the place forbids, with Exim\'s texts', () => {
    const e = engine({
      h: 'accept add_header = X-A: 1',
      f: 'accept control = freeze',
      c: 'accept control = no_pipelining_x',
    });
    expect(e.evalAcl('h', [])).toEqual({ rc: 'ERROR', logMessage: 'cannot use add_header condition in unknown ACL' });
    expect(e.evalAcl('f', [])).toEqual({ rc: 'ERROR', logMessage: 'cannot use "control=freeze" in unknown ACL' });
    expect(e.evalAcl('c', [])).toEqual({ rc: 'ERROR', logMessage: 'syntax error in "control=no_pipelining_x"' });
  });

  it('records headers, controls, logs and delays in the session', () => {
    const e = engine({
      a: [
        'warn message = plain text',
        'accept add_header = :at_start:X-A: 1\\nX-B: 2',
        '  remove_header = X-C',
        '  control = queue_only',
        '  control = freeze/no_tell',
        '  logwrite = :main,reject: hello',
        '  delay = 2s',
        '  set acl_m_q = $acl_arg1',
      ].join('\n'),
    });
    e.where = 'RCPT';
    expect(e.evalAcl('a', ['arg'])).toEqual({ rc: 'OK' });
    expect(e.session.addedHeaders).toEqual([
      { text: 'X-ACL-Warn: plain text\n', position: 'bottom' },
      { text: 'X-A: 1\n', position: 'top' },
      { text: 'X-B: 2\n', position: 'bottom' },
    ]);
    expect(e.session.removedHeaders).toEqual(['X-C']);
    expect(e.session.controls).toEqual([{ name: 'queue', option: '_only' }, { name: 'freeze', option: '/no_tell' }]);
    expect(e.session.logs).toEqual([{ targets: ['main', 'reject'], text: 'hello' }]);
    expect(e.session.delays).toEqual([2]);
    expect(e.ctx.aclVars.get('acl_m_q')).toBe('arg');
  });

  it('marks conditions without their service as not yet implemented', () => {
    const e = engine({ h: 'accept udpsend = 127.0.0.1 9 x' });
    for (const n of ['h']) {
      const r = e.evalAcl(n, []);
      expect(r.rc).toBe('ERROR');
      expect(r.logMessage).toContain(NOT_YET_IMPLEMENTED);
    }
  });
});

describe('the table against acl.json', () => {
  const inv = JSON.parse(readFileSync('/work/shared/exim-inventory/acl.json', 'utf8'));
  const built = inv.conditions_and_modifiers.filter((c: any) => c.in_debian_build);
  it('has exactly the conditions and modifiers of the reference build', () => {
    // plus dmarc_status: exim-ts has DMARC, Debian's build does not (issue 6)
    expect([...aclConditions.keys()].sort()).toEqual([...built.map((c: any) => c.name), 'dmarc_status'].sort());
  });
  it.each(built.map((c: any) => [c.name, c]))('%s: kind, negation, expansion, forbidden places', (name, c: any) => {
    const e = aclConditions.get(name as string)!;
    expect([e.kind, e.negatable, e.expandAtTop]).toEqual([c.kind, c.negatable, c.expand_at_top]);
    expect([...e.forbiddenIn].sort()).toEqual([...c.forbidden_in].sort());
  });
  it('has the controls of the reference build, found by prefix as find_control() does', () => {
    const controls = inv.controls.filter((c: any) => c.in_debian_build);
    for (const c of controls) {
      const found = findControl(c.name)!;
      expect(found.name).toBe(c.name);
      expect([...found.forbiddenIn].sort()).toEqual([...c.forbidden_in].sort());
      expect(found.hasOption).toBe(c.has_option);
    }
  });
});
