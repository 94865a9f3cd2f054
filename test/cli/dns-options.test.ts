// --dns-zone / --dns-server: where -be and -bh get DNS answers. Zone data answers
// alone (NXDOMAIN for the rest); expectations are what exim printed for the same
// records served by a real DNS server (test/dns).
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { parseEximArgs } from '../../src/cli/exim-args.js';
import { loadConfig } from '../../src/config/read-main.js';
import { spawnSync } from 'node:child_process';
import { feedText, runBh } from '../../src/cli/bh.js';
import { writeFileSync } from 'node:fs';

const zone = resolve(__dirname, '../dns/zones/root.zone');
const conf = resolve(__dirname, '../fixtures/be/oracle.conf');

describe('DNS options', () => {
  it('parses --dns-zone and --dns-server, repeatable, with = or a separate value', () => {
    const a = parseEximArgs(['--dns-zone', 'a.zone', '--dns-zone=b.zone', '--dns-server', '127.0.0.1:5353', '-be']);
    expect(a.dnsZones).toEqual(['a.zone', 'b.zone']);
    expect(a.dnsServers).toEqual(['127.0.0.1:5353']);
    expect(() => parseEximArgs(['--dns-zone'])).toThrow('--dns-zone needs a value');
  });

  it('-be answers dnsdb lookups from zone data only', () => {
    const r = spawnSync('node', [resolve(__dirname, '../../bin/exim-ts.cjs'), '-C', conf, '--dns-zone', zone, '-be'], {
      input: '${lookup dnsdb{>: a=mx2.example.test}}\n${lookup dnsdb{a=nothere.example.test}{yes}{no}}\n',
    });
    expect(r.stdout.toString()).toBe('> 192.0.2.20:192.0.2.21\n> no\n> \n');
  });

  it('-bh uses the zone data for dnslists', async () => {
    const file = '/tmp/exim-ts-dnsopt.conf';
    writeFileSync(file, [
      'exim_user = root', 'exim_group = root', 'primary_hostname = mx.example.test',
      'host_lookup =', 'rfc1413_hosts =', 'acl_smtp_rcpt = rcpt', 'begin acl', 'rcpt:',
      '  deny dnslists = bl.test', '       message = listed at $dnslist_domain: $dnslist_text', '  accept', '',
    ].join('\n'));
    const args = parseEximArgs(['-C', file, '--dns-zone', zone, '-bh', '192.0.2.1']);
    let out = '';
    await runBh(loadConfig(file), file, '192.0.2.1', args, {
      out: (s) => { out += s; }, err: () => undefined,
      feed: feedText('EHLO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nQUIT\r\n'),
    });
    expect(out).toMatch(/550 listed at bl\.test: /);
  });

  it('lint takes the same options and checks the zone files', () => {
    writeFileSync('/tmp/exim-ts-bad.zone', '$ORIGIN x.test.\n@ TXT "unterminated\n');
    writeFileSync('/tmp/exim-ts-ok.conf', 'primary_hostname = a.example\n');
    const bin = resolve(__dirname, '../../bin/exim-ts.cjs');
    const good = spawnSync('node', [bin, 'lint', '--dns-zone', zone, '--dns-server', '127.0.0.1', '/tmp/exim-ts-ok.conf']);
    expect([good.status, good.stdout.toString()]).toEqual([0, '']);
    const bad = spawnSync('node', [bin, 'lint', '--dns-zone', '/tmp/exim-ts-bad.zone', '/tmp/exim-ts-ok.conf']);
    expect(bad.status).toBe(1);
    expect(bad.stdout.toString()).toMatch(/^\/tmp\/exim-ts-bad\.zone:\d+:1: error: zone file: unterminated string \[dns-zone\]/);
  });
});
