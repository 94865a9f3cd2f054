// The spf and spf_guess conditions through the ACL engine (MAIL ACL, EHLO
// helo.spf.test), with the DNS provider over unbound serving test/dns/zones.
// Expectations: exim -bh with the same zones as its resolver (with-dns.sh),
//   warn COND = LIST
//        logwrite = S=<$spf_result|$spf_header_comment|$spf_received|$spf_smtp_comment|$spf_result_guessed>
// (undefined: the condition was false). Where exim-ts follows RFC 7208 and
// libspf2 does not, the cases are below with the reason.
import { describe, expect, inject, it } from 'vitest';
import { run } from '../acl/session.js';
import { NetworkResolver } from '../../../src/dns/network.js';
import { DnsSpfProvider } from '../../../src/runtime/auth/spf/provider.js';

const S = 'logwrite = S=<$spf_result|$spf_header_comment|$spf_received|$spf_smtp_comment|$spf_result_guessed>';

async function spf(ip: string, sender: string, cond: string, list: string): Promise<string | undefined> {
  const dns = new NetworkResolver({ servers: [{ host: '127.0.0.1', port: inject('dnsServers').main }], timeout: 2, attempts: 1 });
  const r = await run({
    acl: `warn ${cond} = ${list}\n ${S}`, ip, sender,
    vars: { sender_helo_name: 'helo.spf.test' },
    services: { dns, spf: new DnsSpfProvider(dns) },
  }, 'MAIL');
  expect(r.rc).toBe('OK');
  const line = r.logs.find((l) => l.startsWith('S=<'));
  return line?.slice(3, -1);
}

// client, sender, condition, list, what exim logged
const cases: [string, string, string, string, string | undefined][] = [
  ["192.0.2.1", "a@pass.spf.test", "spf", "pass", "pass|oracle.example: domain of pass.spf.test designates 192.0.2.1 as permitted sender|Received-SPF: pass (oracle.example: domain of pass.spf.test designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1; envelope-from=a@pass.spf.test; helo=helo.spf.test;||no"],
  ["192.0.2.1", "a@pass.spf.test", "spf", "fail", undefined],
  ["10.1.1.1", "a@pass.spf.test", "spf", "fail", "fail|oracle.example: domain of pass.spf.test does not designate 10.1.1.1 as permitted sender|Received-SPF: fail (oracle.example: domain of pass.spf.test does not designate 10.1.1.1 as permitted sender) client-ip=10.1.1.1; envelope-from=a@pass.spf.test; helo=helo.spf.test;|Please see http://www.open-spf.org/Why : Reason: mechanism|no"],
  ["10.1.1.1", "a@softfail.spf.test", "spf", "softfail", "softfail|oracle.example: transitioning domain of softfail.spf.test does not designate 10.1.1.1 as permitted sender|Received-SPF: softfail (oracle.example: transitioning domain of softfail.spf.test does not designate 10.1.1.1 as permitted sender) client-ip=10.1.1.1; envelope-from=a@softfail.spf.test; helo=helo.spf.test;|Please see http://www.open-spf.org/Why : Reason: mechanism|no"],
  ["10.1.1.1", "a@neutral.spf.test", "spf", "neutral", "neutral|oracle.example: 10.1.1.1 is neither permitted nor denied by domain of neutral.spf.test|Received-SPF: neutral (oracle.example: 10.1.1.1 is neither permitted nor denied by domain of neutral.spf.test) client-ip=10.1.1.1; envelope-from=a@neutral.spf.test; helo=helo.spf.test;|Please see http://www.open-spf.org/Why : Reason: mechanism|no"],
  ["10.1.1.1", "a@default.spf.test", "spf", "neutral", "neutral|oracle.example: 10.1.1.1 is neither permitted nor denied by domain of default.spf.test|Received-SPF: neutral (oracle.example: 10.1.1.1 is neither permitted nor denied by domain of default.spf.test) client-ip=10.1.1.1; envelope-from=a@default.spf.test; helo=helo.spf.test;|Please see http://www.open-spf.org/Why : Reason: default|no"],
  ["10.1.1.1", "a@badexp.spf.test", "spf", "fail", "fail|oracle.example: domain of badexp.spf.test does not designate 10.1.1.1 as permitted sender|Received-SPF: fail (oracle.example: domain of badexp.spf.test does not designate 10.1.1.1 as permitted sender) client-ip=10.1.1.1; envelope-from=a@badexp.spf.test; helo=helo.spf.test;|Please see http://www.open-spf.org/Why : Reason: mechanism|no"],
  ["10.1.1.1", "a@two.spf.test", "spf", "permerror", "permerror|oracle.example: error in processing during lookup of domain of two.spf.test: Multiple SPF or TXT records for domain.|Received-SPF: permerror (oracle.example: error in processing during lookup of domain of two.spf.test: Multiple SPF or TXT records for domain.) client-ip=10.1.1.1; envelope-from=a@two.spf.test; helo=helo.spf.test;||no"],
  ["10.1.1.1", "a@loop.spf.test", "spf", "permerror", "permerror|oracle.example: error in processing during lookup of domain of loop.spf.test: include: or redirect= caused unlimited recursi|Received-SPF: permerror (oracle.example: error in processing during lookup of domain of loop.spf.test: include: or redirect= caused unlimited recursi) client-ip=10.1.1.1; envelope-from=a@loop.spf.test; helo=helo.spf.test;||no"],
  ["10.1.1.1", "a@many.spf.test", "spf", "permerror", "permerror|oracle.example: error in processing during lookup of domain of many.spf.test: Mechanisms used too many DNS lookups|Received-SPF: permerror (oracle.example: error in processing during lookup of domain of many.spf.test: Mechanisms used too many DNS lookups) client-ip=10.1.1.1; envelope-from=a@many.spf.test; helo=helo.spf.test;||no"],
  ["192.0.2.1", "a@redirect.spf.test", "spf", "pass", "pass|oracle.example: domain of redirect.spf.test designates 192.0.2.1 as permitted sender|Received-SPF: pass (oracle.example: domain of redirect.spf.test designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1; envelope-from=a@redirect.spf.test; helo=helo.spf.test;||no"],
  ["192.0.2.1", "a@guess.spf.test", "spf", "none", "none|oracle.example: domain of guess.spf.test does not provide an SPF record|Received-SPF: none (oracle.example: domain of guess.spf.test does not provide an SPF record) client-ip=192.0.2.1; envelope-from=a@guess.spf.test; helo=helo.spf.test;||no"],
  ["192.0.2.1", "a@guess.spf.test", "spf_guess", "pass", "pass|oracle.example: domain of guess.spf.test designates 192.0.2.1 as permitted sender|Received-SPF: pass (oracle.example: domain of guess.spf.test designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1; envelope-from=a@guess.spf.test; helo=helo.spf.test;||yes"],
  ["10.1.1.1", "a@guess.spf.test", "spf_guess", "neutral", "neutral|oracle.example: 10.1.1.1 is neither permitted nor denied by domain of guess.spf.test|Received-SPF: neutral (oracle.example: 10.1.1.1 is neither permitted nor denied by domain of guess.spf.test) client-ip=10.1.1.1; envelope-from=a@guess.spf.test; helo=helo.spf.test;|Please see http://www.open-spf.org/Why : Reason: mechanism|yes"],
  ["192.0.2.1", "a@chain.spf.test", "spf", "pass", "pass|oracle.example: domain of chain.spf.test designates 192.0.2.1 as permitted sender|Received-SPF: pass (oracle.example: domain of chain.spf.test designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1; envelope-from=a@chain.spf.test; helo=helo.spf.test;||no"],
  ["192.0.2.1", "a@huge.spf.test", "spf", "pass", "pass|oracle.example: domain of huge.spf.test designates 192.0.2.1 as permitted sender|Received-SPF: pass (oracle.example: domain of huge.spf.test designates 192.0.2.1 as permitted sender) client-ip=192.0.2.1; envelope-from=a@huge.spf.test; helo=helo.spf.test;||no"],
  ["127.0.0.1", "a@pass.spf.test", "spf", "pass", "pass|oracle.example: localhost is always allowed.|Received-SPF: pass (oracle.example: localhost is always allowed.) client-ip=127.0.0.1; envelope-from=a@pass.spf.test; helo=helo.spf.test;||no"],
  ["10.1.1.1", "", "spf", "none", "none|oracle.example: domain of helo.spf.test does not provide an SPF record|Received-SPF: none (oracle.example: domain of helo.spf.test does not provide an SPF record) client-ip=10.1.1.1; envelope-from=postmaster@helo.spf.test; helo=helo.spf.test;||no"],
  ["10.1.1.1", "a@nowhere.invalid", "spf", "!none", undefined],
  ["10.1.1.1", "a@pass.spf.test", "spf", "err_perm:fail", "fail|oracle.example: domain of pass.spf.test does not designate 10.1.1.1 as permitted sender|Received-SPF: fail (oracle.example: domain of pass.spf.test does not designate 10.1.1.1 as permitted sender) client-ip=10.1.1.1; envelope-from=a@pass.spf.test; helo=helo.spf.test;|Please see http://www.open-spf.org/Why : Reason: mechanism|no"],
  ["10.1.1.1", "a@pass.spf.test", "spf", "!pass", "fail|oracle.example: domain of pass.spf.test does not designate 10.1.1.1 as permitted sender|Received-SPF: fail (oracle.example: domain of pass.spf.test does not designate 10.1.1.1 as permitted sender) client-ip=10.1.1.1; envelope-from=a@pass.spf.test; helo=helo.spf.test;|Please see http://www.open-spf.org/Why : Reason: mechanism|no"],
  ["2001:db8::5", "a@pass.spf.test", "spf", "fail", "fail|oracle.example: domain of pass.spf.test does not designate 2001:db8::5 as permitted sender|Received-SPF: fail (oracle.example: domain of pass.spf.test does not designate 2001:db8::5 as permitted sender) client-ip=2001:db8::5; envelope-from=a@pass.spf.test; helo=helo.spf.test;|Please see http://www.open-spf.org/Why : Reason: mechanism|no"],
];

describe('spf and spf_guess as exim -bh gives them', () => {
  it.each(cases)('%s %s %s = %s', async (ip, sender, cond, list, want) => {
    expect(await spf(ip, sender, cond, list)).toBe(want);
  });
});

describe('where exim-ts follows RFC 7208 rather than libspf2', () => {
  it('a record with a syntax error is permerror (libspf2: "(invalid)" with no texts)', async () => {
    expect(await spf('10.1.1.1', 'a@perm.spf.test', 'spf', 'permerror')).toBe(
      'permerror|oracle.example: error in processing during lookup of domain of perm.spf.test: Unknown mechanism found|Received-SPF: permerror (oracle.example: error in processing during lookup of domain of perm.spf.test: Unknown mechanism found) client-ip=10.1.1.1; envelope-from=a@perm.spf.test; helo=helo.spf.test;||no');
  });
  it('more than two void lookups is permerror (RFC 7208 4.6.4; libspf2 has no such limit: fail)', async () => {
    expect(await spf('10.1.1.1', 'a@void.spf.test', 'spf', 'permerror')).toMatch(/^permerror\|oracle.example: error in processing during lookup of domain of void.spf.test: /);
  });
  it('exp= gives the explanation (Exim\'s DNS hook drops TXT records without "v=spf1", so exim shows the template)', async () => {
    expect(await spf('10.1.1.1', 'a@exp.spf.test', 'spf', 'fail')).toBe(
      'fail|oracle.example: domain of exp.spf.test does not designate 10.1.1.1 as permitted sender|Received-SPF: fail (oracle.example: domain of exp.spf.test does not designate 10.1.1.1 as permitted sender) client-ip=10.1.1.1; envelope-from=a@exp.spf.test; helo=helo.spf.test;|a@exp.spf.test may not send from 10.1.1.1 (exp.spf.test) : Reason: mechanism|no');
  });
});
