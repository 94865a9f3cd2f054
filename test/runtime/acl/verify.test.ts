// verify = ... through the ACL engine; option errors as exim -bh logs them
// (RCPT ACL, client 192.0.2.1, MAIL FROM:<a@b.c>).
import { describe, expect, it } from 'vitest';
import { run, TableDns } from './session.js';
import type { Verifier } from '../../../src/lang/services/verify.js';

describe('verify option errors', () => {
  it.each([
    ['bogus', 'expected "sender[=address]", "recipient", "helo", "header_syntax", "header_sender", "header_names_ascii" or "reverse_host_lookup" at start of ACL condition "verify bogus"'],
    ['helo/x', 'unexpected \'/\' found in "helo/x" (this verify item has no options)'],
    ['sender/bogus', 'unknown option "bogus" in ACL condition "verify sender/bogus"'],
    ['sender/callout=mailfrom=a@b', '"mailfrom" is allowed as a callout option only for verify=header_sender (detected in ACL condition "sender/callout=mailfrom=a@b")'],
    ['recipient/callout=10s,use_sender,use_postmaster', 'only one of use_sender and use_postmaster can be set for a recipient callout'],
    ['sender/callout=maxwait=zz', 'bad time value in ACL condition "verify sender/callout=maxwait=zz"'],
    ['header_syntax', 'cannot verify header_syntax in ACL for RCPT'],
    ['sender/quota', 'can only verify quota of recipient'],
    ['recipient/callout=x', 'bad time value in ACL condition "verify recipient/callout=x"'],
  ])('%s', async (arg, msg) => {
    const r = await run({ acl: `deny verify = ${arg}` });
    expect([r.rc, r.logMessage]).toEqual(['ERROR', msg]);
  });
});

describe('verify', () => {
  it('certificate: fails with Exim\'s message when not verified', async () => {
    const r = await run({ acl: 'require verify = certificate' });
    expect([r.rc, r.userMessage]).toEqual(['FAIL', 'no verified certificate']);
    expect((await run({ acl: 'require verify = certificate', vars: { tls_in_certificate_verified: '1' } })).rc).toBe('OK');
  });
  it('helo: an IP literal of the client, or a name whose address is the client\'s', async () => {
    expect((await run({ acl: 'require verify = helo', vars: { sender_helo_name: '[192.0.2.1]' } })).rc).toBe('OK');
    expect((await run({ acl: 'require verify = helo', vars: { sender_helo_name: '[192.0.2.2]' } })).rc).toBe('FAIL');
    const dns = new TableDns({ 'mx.example A': ['192.0.2.1'] });
    expect((await run({ acl: 'require verify = helo', vars: { sender_helo_name: 'mx.example' }, services: { dns } })).rc).toBe('OK');
    expect((await run({ acl: 'require verify = helo', vars: { sender_helo_name: 'other.example' }, services: { dns } })).rc).toBe('FAIL');
  });
  it('reverse_host_lookup: PTR with forward confirmation; defer_ok', async () => {
    const dns = new TableDns({ '1.2.0.192.in-addr.arpa PTR': ['h.example'], 'h.example A': ['192.0.2.9'], '2.2.0.192.in-addr.arpa PTR': 'again' });
    let r = await run({ acl: 'require verify = reverse_host_lookup', services: { dns } });
    expect([r.rc, r.logMessage]).toEqual(['FAIL', 'host lookup failed for reverse lookup check (192.0.2.1 does not match any IP address for h.example)']);
    r = await run({ acl: 'require verify = reverse_host_lookup', ip: '192.0.2.2', services: { dns } });
    expect([r.rc, r.logMessage]).toEqual(['DEFER', 'host lookup deferred for reverse lookup check']);
    expect((await run({ acl: 'require verify = reverse_host_lookup/defer_ok', ip: '192.0.2.2', services: { dns } })).rc).toBe('OK');
  });
  it('sender and recipient go to the verifier; without one they defer saying so', async () => {
    let r = await run({ acl: 'require verify = sender' });
    expect([r.rc, r.logMessage]).toEqual(['DEFER', 'cannot verify sender <a@b.c>: no address verifier is configured (services.verifier)']);
    const seen: string[] = [];
    const verifier: Verifier = {
      verifyAddress(kind, address, o) {
        seen.push(`${kind} ${address} ${o.callout}`);
        return address.startsWith('d@') ? { rc: 'OK' } : { rc: 'FAIL', message: 'Unrouteable address', failure: 'route' };
      },
    };
    r = await run({ acl: 'require verify = recipient/callout=10s', services: { verifier } });
    expect(r.rc).toBe('OK');
    r = await run({ acl: 'require verify = sender', services: { verifier } });
    expect([r.rc, r.userMessage]).toEqual(['FAIL', 'Unrouteable address']);
    expect(seen).toEqual(['recipient d@x.b.example 10', 'sender a@b.c -1']);
  });
  it('not_blind and header_syntax look at the message headers', async () => {
    const { session } = await import('./session.js');
    const e = session({ acl: 'require verify = not_blind/case_insensitive\nrequire verify = header_syntax' });
    e.ctx.recipients = ['D@x.b.example'];
    e.ctx.setHeaders([{ name: 'To', value: ' d@X.b.example' }, { name: 'From', value: ' a@b.c' }]);
    expect((await e.check('DATA', 'r')).rc).toBe('OK');
    e.ctx.setHeaders([{ name: 'Cc', value: ' x@y.z' }]);
    expect(await e.check('DATA', 'r')).toMatchObject({ rc: 'FAIL', logMessage: 'bcc recipient detected' });
    e.ctx.setHeaders([{ name: 'To', value: ' d@x.b.example' }, { name: 'From', value: ' bad@' }]);
    expect((await e.check('DATA', 'r')).rc).toBe('FAIL');
  });
});
