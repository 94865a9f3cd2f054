// DMARC end to end: the example ACL of Exim's spec (DMARC chapter) run
// through the ACL engine, RCPT then DATA, with real DNS answers from unbound
// serving test/dns/zones. Debian's exim has no DMARC, so the expectations
// follow the spec and dmarc.c: statuses, $dmarc_* values, the log line.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutboundMessage, OutboundQueue } from '../../../src/lang/services/outbound.js';
import { FileOutboundQueue } from '../../../src/runtime/outbound/file-queue.js';
import { describe, expect, inject, it } from 'vitest';
import { readAcl, aclTextLines } from '../../../src/grammar/config/acl.js';
import type { AclDefinition } from '../../../src/lang/acl/index.js';
import { AclEngine } from '../../../src/runtime/acl/engine.js';
import { ExpandContext, emptyConfig } from '../../../src/runtime/expand/context.js';
import { standardLookups } from '../../../src/lookups/registry.js';
import { NetworkResolver } from '../../../src/dns/network.js';
import { authServices } from '../../../src/runtime/auth/services.js';

const RCPT = `
  warn    domains        = +local_domains
          hosts          = +local_hosts
          control        = dmarc_disable_verify
  warn    !domains       = +screwed_up_dmarc_records
          control        = dmarc_enable_forensic
  warn    condition      = \${if eq{$local_part}{list}}
          set acl_m_mailing_list = 1
  warn    spf            = pass
  accept`;

const DATA = `
  warn    dmarc_status   = accept : none : off
          !authenticated = *
          log_message    = DMARC DEBUG: $dmarc_status $dmarc_used_domain
  warn    dmarc_status   = !accept
          !authenticated = *
          log_message    = DMARC DEBUG: '$dmarc_status' for $dmarc_used_domain
  warn    dmarc_status   = quarantine
          !authenticated = *
          set acl_m_quarantine = 1
  deny    condition      = \${if eq{$dmarc_domain_policy}{reject}}
          condition      = \${if eq{$acl_m_mailing_list}{1}}
          message        = Messages from $dmarc_used_domain break mailing lists
  deny    dmarc_status   = reject
          !authenticated = *
          message        = Message from $dmarc_used_domain failed sender's DMARC policy, REJECT
  warn    add_header     = :at_start:\${authresults {$primary_hostname}}
  accept`;

function acl(name: string, text: string): AclDefinition {
  const r = readAcl(aclTextLines(text));
  if (!r.ok) throw new Error(r.error);
  return { name, statements: r.statements, file: '', line: 0 };
}

async function message(ip: string, from: string, envelope: string, rcpt = 'user@local.test', outbound?: OutboundQueue) {
  const defs = new Map([['rcpt', acl('rcpt', RCPT)], ['data', acl('data', DATA)]]);
  const cfg = { ...emptyConfig(), acls: defs };
  cfg.options.set('primary_hostname', 'oracle.example');
  cfg.namedLists.set('local_domains', { kind: 'domain', name: 'local_domains', value: 'local.test', cache: true });
  cfg.namedLists.set('local_hosts', { kind: 'host', name: 'local_hosts', value: '127.0.0.0/8', cache: true });
  cfg.namedLists.set('screwed_up_dmarc_records', { kind: 'domain', name: 'screwed_up_dmarc_records', value: 'broken.test', cache: true });
  const ctx = new ExpandContext(cfg);
  const dns = new NetworkResolver({ servers: [{ host: '127.0.0.1', port: inject('dnsServers').main }], timeout: 2, attempts: 1 });
  ctx.services = { dns, ...authServices(dns), ...(outbound ? { outbound } : {}) };
  ctx.lookups = standardLookups();
  ctx.setSenderHost(ip);
  ctx.setHelo('helo.example');
  ctx.setSender(envelope);
  const at = rcpt.lastIndexOf('@');
  ctx.set('local_part', rcpt.slice(0, at), true).set('domain', rcpt.slice(at + 1), true);
  const e = new AclEngine(ctx, defs, { sleep: () => undefined });
  ctx.aclEngine = e;
  expect((await e.check('RCPT', 'rcpt')).rc).toBe('OK');
  ctx.headers = [{ text: `From: Someone <${from}>\n`, type: 'F' }, { text: 'Subject: hi\n', type: ' ' },
    { text: 'Message-ID: <m1@sender.example>\n', type: 'I' }];
  const r = await e.check('DATA', 'data');
  return {
    rc: r.rc, message: r.userMessage, logs: e.session.logs.map((l) => l.text),
    v: ['dmarc_status', 'dmarc_status_text', 'dmarc_used_domain', 'dmarc_domain_policy', 'acl_m_quarantine'].map((n) => ctx.getVar(n) ?? ''),
  };
}

describe('the spec\'s DMARC example ACL, end to end', () => {
  it('SPF passes and aligns: accept', async () => {
    const r = await message('192.0.2.1', 'a@dmarc-reject.test', 'b@dmarc-reject.test');
    expect(r.rc).toBe('OK');
    expect(r.v).toEqual(['accept', 'Accept', 'dmarc-reject.test', 'reject', '']);
    expect(r.logs).toContain("DMARC results: spf_domain=dmarc-reject.test dmarc_domain=dmarc-reject.test spf_align=yes dkim_align=no enforcement='Accept'");
  });
  it('p=reject and nothing aligns: the message is rejected', async () => {
    const r = await message('10.1.1.1', 'a@dmarc-reject.test', 'b@dmarc-reject.test');
    expect([r.rc, r.message]).toEqual(['FAIL', "Message from dmarc-reject.test failed sender's DMARC policy, REJECT"]);
    expect(r.v).toEqual(['reject', 'Reject', 'dmarc-reject.test', 'reject', '']);
  });
  it('to a mailing list, a p=reject domain is refused whatever the result', async () => {
    const r = await message('192.0.2.1', 'a@dmarc-reject.test', 'b@dmarc-reject.test', 'list@local.test');
    expect([r.rc, r.message]).toEqual(['FAIL', 'Messages from dmarc-reject.test break mailing lists']);
  });
  it('p=quarantine: the quarantine flag is set', async () => {
    const r = await message('10.1.1.1', 'a@dmarc-quar.test', 'b@dmarc-quar.test');
    expect(r.rc).toBe('OK');
    expect(r.v).toEqual(['quarantine', 'Quarantine', 'dmarc-quar.test', 'quarantine', '1']);
  });
  it('p=none', async () => {
    const r = await message('10.1.1.1', 'a@dmarc-none.test', 'b@dmarc-none.test');
    expect(r.v).toEqual(['none', 'None, Accept', 'dmarc-none.test', 'none', '']);
  });
  it('aspf=s: a subdomain of the From domain does not align', async () => {
    const r = await message('192.0.2.1', 'a@dmarc-strict.test', 'b@mail.dmarc-strict.test');
    expect(r.v).toEqual(['reject', 'Reject', 'dmarc-strict.test', 'reject', '']);
  });
  it('no record: norecord, and the domain policy is blank', async () => {
    const r = await message('10.1.1.1', 'a@dmarc-norec.test', 'b@dmarc-norec.test');
    expect(r.rc).toBe('OK');
    expect(r.v).toEqual(['norecord', 'No DMARC record', 'dmarc-norec.test', '', '']);
  });
  it('a local host: control = dmarc_disable_verify makes the status "off"', async () => {
    const r = await message('127.0.0.1', 'a@dmarc-reject.test', 'b@dmarc-reject.test');
    expect(r.rc).toBe('OK');
    expect(r.v[0]).toBe('off');
  });
});

describe('DKIM alignment', () => {
  it('a passing signature of the From domain aligns even when SPF fails', async () => {
    const { DnsDmarcProvider } = await import('../../../src/runtime/auth/dmarc/provider.js');
    const dns = new NetworkResolver({ servers: [{ host: '127.0.0.1', port: inject('dnsServers').main }], timeout: 2, attempts: 1 });
    const p = new DnsDmarcProvider(dns);
    const req = { fromDomain: 'dmarc-reject.test', envelopeDomain: 'elsewhere.test', ip: '10.1.1.1', spf: { result: 'fail' as const, domain: 'elsewhere.test' } };
    expect((await p.check({ ...req, dkim: [{ domain: 'mail.dmarc-reject.test', status: 'pass' }] })).status).toBe('accept');
    expect((await p.check({ ...req, dkim: [{ domain: 'dmarc-reject.test', status: 'fail' }] })).status).toBe('reject');
    expect((await p.check({ ...req, dkim: [{ domain: 'other.test', status: 'pass' }] })).status).toBe('reject');
  });
});

describe('dmarc_history_file', () => {
  it('appends a record in OpenDMARC\'s history format', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { DnsDmarcProvider } = await import('../../../src/runtime/auth/dmarc/provider.js');
    const file = join(mkdtempSync(join(tmpdir(), 'dmarc-')), 'history');
    const dns = new NetworkResolver({ servers: [{ host: '127.0.0.1', port: inject('dnsServers').main }], timeout: 2, attempts: 1 });
    const p = new DnsDmarcProvider(dns, undefined, () => new Date(1795920000000));
    await p.check({
      fromDomain: 'dmarc-none.test', envelopeDomain: 'dmarc-none.test', ip: '10.1.1.1', historyFile: file,
      messageId: '1abcDE-000001-AB', reporter: 'oracle.example', spf: { result: 'fail', domain: 'dmarc-none.test' },
      dkim: [{ domain: 'dmarc-none.test', status: 'fail' }],
    });
    expect(readFileSync(file, 'utf8')).toBe([
      'job 1abcDE-000001-AB', 'reporter oracle.example', 'received 1795920000', 'ipaddr 10.1.1.1', 'from dmarc-none.test',
      'mfrom dmarc-none.test', 'spf 7', 'dkim dmarc-none.test 7', 'pdomain dmarc-none.test', 'policy 18',
      'rua mailto:rua@dmarc-none.test', 'pct 100', 'adkim 114', 'aspf 114', 'p 110', 'sp 0',
      'align_dkim 5', 'align_spf 5', 'action 2', '',
    ].join('\n'));
  });
});

describe('control = dmarc_enable_forensic', () => {
  it('a failed reject policy with ruf=mailto: sends the report dmarc.c sends, to the outbound queue', async () => {
    const sent: OutboundMessage[] = [];
    const r = await message('10.1.1.1', 'a@dmarc-reject.test', 'b@dmarc-reject.test', 'user@local.test', { submit: (m) => { sent.push(m); } });
    expect(r.rc).toBe('FAIL');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.sender).toBe('');
    expect(sent[0]!.recipients).toEqual(['ruf@dmarc-reject.test']);
    const text = sent[0]!.text.replace(/Received Date: .*/, 'Received Date: DATE');
    expect(text).toBe([
      'Auto-Submitted: auto-replied',
      'From: Mail Delivery System <Mailer-Daemon@oracle.example>',
      'To: ruf@dmarc-reject.test',
      'References: <m1@sender.example>',
      'Subject: DMARC Forensic Report for dmarc-reject.test from IP 10.1.1.1',
      '',
      'A message claiming to be from you has failed the published DMARC',
      'policy for your domain.',
      '',
      '  Sender Domain: dmarc-reject.test',
      '  Sender IP Address: 10.1.1.1',
      '  Received Date: DATE',
      '  SPF Alignment: no',
      '  DKIM Alignment: no',
      '  DMARC Results: Reject',
      '',
      '------ This is a copy of the headers that were received before the error',
      '       was detected.',
      '',
      'From: Someone <a@dmarc-reject.test>',
      'Subject: hi',
      'Message-ID: <m1@sender.example>',
      '',
      '',
    ].join('\n'));
  });

  it('a passing message, or one from a domain without the control, sends nothing', async () => {
    const sent: OutboundMessage[] = [];
    await message('192.0.2.1', 'a@dmarc-reject.test', 'b@dmarc-reject.test', 'user@local.test', { submit: (m) => { sent.push(m); } });
    await message('10.1.1.1', 'a@broken.test', 'b@broken.test', 'user@local.test', { submit: (m) => { sent.push(m); } });
    expect(sent).toEqual([]);
  });

  it('the file queue writes each report with its envelope, atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'exim-ts-outbound-'));
    await message('10.1.1.1', 'a@dmarc-reject.test', 'b@dmarc-reject.test', 'user@local.test', new FileOutboundQueue(dir));
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const text = readFileSync(join(dir, files[0]!), 'latin1');
    expect(text.startsWith('X-Envelope-From: <>\nX-Envelope-To: <ruf@dmarc-reject.test>\nAuto-Submitted: auto-replied\n')).toBe(true);
  });
});
