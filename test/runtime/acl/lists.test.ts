// List conditions through the ACL engine; expectations from exim -bh runs of the
// same ACL (client 192.0.2.1, MAIL FROM:<a@b.c>, RCPT TO:<d@x.b.example>,
// domainlist loc = a.example : *.b.example, hostlist nets = 192.0.2.0/24 : 10.0.0.1).
import { describe, expect, it } from 'vitest';
import { run, TableDns } from './session.js';

const NETS = `${process.cwd()}/test/runtime/acl/nets.lsearch`;

describe('list conditions', () => {
  it.each([
    // [acl, rc, user message]
    ['deny hosts = +nets\n message = hit', 'FAIL', 'hit'],
    ['deny hosts = <; 2001:db8::/32 ; 192.0.2.1/32\n message = hit', 'FAIL', 'hit'],
    ['deny hosts = ! 192.0.2.0/24 : *\n message = x', 'OK', undefined],
    ['deny hosts = ! 10.0.0.0/8\n message = x', 'FAIL', 'x'],
    [`deny hosts = net24-lsearch;${NETS}\n domains = +loc\n message = hd=$host_data dd=$domain_data`, 'FAIL', 'hd=netdata dd=*.b.example'],
    ['deny domains = +loc\n local_parts = D : e\n message = dd=$domain_data lpd=$local_part_data', 'FAIL', 'dd=*.b.example lpd=D'],
    ['deny senders = *@B.C\n message = sd=$sender_data', 'FAIL', 'sd=*@B.C'],
    ['deny sender_domains = \\N^b\\.(c)$\\N\n message = x', 'FAIL', 'x'],
    ['deny recipients = d@*.b.example\n message = rd=$recipient_data', 'FAIL', 'rd=d@*.b.example'],
    ['deny authenticated = *\n message = x', 'OK', undefined],
    ['deny encrypted = *\n message = x', 'OK', undefined],
    ['deny hosts = ${if eq{1}{2}{x}fail}\n message = x', 'OK', undefined],
    ['deny !hosts = ${if eq{1}{2}{x}fail}\n message = x', 'FAIL', 'x'],
    ['deny hosts = 1.2.3\n message = x', 'OK', undefined],
    ['deny hosts = :\n message = x', 'OK', undefined],
  ])('%s', async (acl, rc, msg) => {
    const r = await run({ acl });
    expect([r.rc, r.userMessage]).toEqual([rc, msg]);
  });

  it('in IPv6', async () => {
    const r = await run({ acl: 'deny hosts = <; 192.0.2.0/24 ; 2001:db8::/32\n message = hit', ip: '2001:db8::5' });
    expect([r.rc, r.userMessage]).toEqual(['FAIL', 'hit']);
  });

  it('defers, with Exim\'s log lines', async () => {
    let r = await run({ acl: 'deny hosts = +nosuch\n message = x' });
    expect([r.rc, r.logs]).toEqual(['DEFER', ['unknown named host list "+nosuch"']]);
    r = await run({ acl: 'deny sender_domains = ^b\\.(c)$\n message = x' });
    expect([r.rc, r.logs]).toEqual(['DEFER', ['failed to expand "^b\\.(c)$" while checking a list: $ not followed by letter, digit, or {']]);
    r = await run({ acl: 'deny hosts = +include_unknown : 1.2.3\n message = x' });
    expect([r.rc, r.userMessage, r.logs]).toEqual(['FAIL', 'x', ['malformed IPv4 address or address mask: accepted by +include_unknown']]);
  });

  it('matches TLS ciphers and authenticators', async () => {
    const vars = { tls_in_cipher: 'TLS1.3:ECDHE_X25519__AES_256_GCM:256', sender_host_authenticated: 'plain' };
    expect((await run({ acl: 'deny encrypted = *AES_256_GCM\n message = x', vars })).rc).toBe('FAIL');
    expect((await run({ acl: 'deny encrypted = TLS1.3\n message = x', vars })).rc).toBe('OK');
    expect((await run({ acl: 'deny authenticated = PLAIN : login\n message = x', vars })).rc).toBe('FAIL');
  });
});

describe('host names in host lists', () => {
  const dns = () => new TableDns({
    '1.2.0.192.in-addr.arpa PTR': ['mail.example.com', 'bad.example.net'],
    'mail.example.com A': ['192.0.2.1'],
    'bad.example.net A': ['198.51.100.1'],
    'other.example.org A': ['192.0.2.1'],
    '5.2.0.192.in-addr.arpa PTR': 'again',
  });
  it('looks the name up, confirms it forward, and sets $sender_host_name', async () => {
    const d = dns();
    const r = await run({ acl: 'deny hosts = *.example.com\n message = $sender_host_name', services: { dns: d } });
    expect([r.rc, r.userMessage]).toEqual(['FAIL', 'mail.example.com']);
    expect(d.asked).toEqual(['1.2.0.192.in-addr.arpa PTR', 'mail.example.com AAAA', 'mail.example.com A', 'bad.example.net AAAA', 'bad.example.net A']);
  });
  it('matches names in the list by their addresses', async () => {
    expect((await run({ acl: 'deny hosts = other.example.org\n message = x', services: { dns: dns() } })).rc).toBe('FAIL');
    expect((await run({ acl: 'deny hosts = nosuch.example\n message = x', services: { dns: dns() } })).rc).toBe('OK');
  });
  it('fails the item when the name cannot be found, or with +include_unknown accepts', async () => {
    const r = await run({ acl: 'deny hosts = +include_unknown : ^bad\n message = x', ip: '192.0.2.9', services: { dns: dns() } });
    expect([r.rc, r.logs]).toEqual(['FAIL', ['no host name found for IP address 192.0.2.9', 'failed to find host name for 192.0.2.9: accepted by +include_unknown']]);
  });
  it('defers without a resolver, saying so', async () => {
    const r = await run({ acl: 'deny hosts = *.example.com\n message = x' });
    expect([r.rc, r.logMessage]).toEqual(['DEFER', 'host name lookup for 192.0.2.1 failed: no DNS resolver is configured (services.dns)']);
  });
});
