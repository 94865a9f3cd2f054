// DKIM verification against keys served by unbound (test/dns/zones) and the
// recorded resolver; messages signed by mailauth's signer with the fixture
// keys. Then acl_smtp_dkim per signer with Exim's variables.
import { describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dkimSign } from 'mailauth/lib/dkim/sign.js';
import { NetworkResolver } from '../../../src/dns/network.js';
import { RecordedResolver } from '../../../src/dns/recorded.js';
import { verifyDkim, dkimSigners } from '../../../src/runtime/auth/dkim/verify.js';
import { runDkimAcl } from '../../../src/runtime/auth/dkim/acl.js';
import { session } from '../acl/session.js';
import type { DnsResolver } from '../../../src/lang/services/dns.js';

const fixture = (f: string) => readFileSync(new URL(`fixtures/${f}`, import.meta.url), 'utf8');
const recorded = RecordedResolver.fromZoneFiles([fileURLToPath(new URL('../../dns/zones/root.zone', import.meta.url))]);
const network = (): DnsResolver => new NetworkResolver({ servers: [{ host: '127.0.0.1', port: inject('dnsServers').main }], timeout: 2, attempts: 1 });

const MESSAGE = 'From: Alice <alice@dkim.test>\r\nTo: bob@example.test\r\nSubject: DKIM  test\r\n\tfolded\r\nDate: Sun, 29 Nov 2026 10:00:00 +0000\r\n\r\nHello,  world \r\n\r\nbye\r\n\r\n\r\n';

async function sign(selector: string, key: string, algorithm: string, canonicalization: string): Promise<string> {
  const r = await dkimSign(MESSAGE, {
    signatureData: [{ signingDomain: 'dkim.test', selector, privateKey: fixture(key), algorithm, canonicalization }],
  });
  expect(r.errors).toEqual([]);
  return r.signatures + MESSAGE;
}

const brief = (s: { domain: string; selector: string; algo: string; status: string; reason: string }) => `${s.domain} ${s.selector} ${s.algo} ${s.status} ${s.reason}`;

describe('DKIM verification', () => {
  it.each([
    ['rsa relaxed/relaxed', 'rsa', 'dkim-rsa.key', 'rsa-sha256', 'relaxed/relaxed', (m: string) => m, 'dkim.test rsa rsa-sha256 pass '],
    ['rsa simple/simple', 'rsa', 'dkim-rsa.key', 'rsa-sha256', 'simple/simple', (m: string) => m, 'dkim.test rsa rsa-sha256 pass '],
    ['ed25519', 'ed', 'dkim-ed25519.key', 'ed25519-sha256', 'relaxed/relaxed', (m: string) => m, 'dkim.test ed ed25519-sha256 pass '],
    ['a changed body', 'rsa', 'dkim-rsa.key', 'rsa-sha256', 'relaxed/relaxed', (m: string) => m.replace('bye', 'BYE'), 'dkim.test rsa rsa-sha256 fail bodyhash_mismatch'],
    ['a changed header', 'rsa', 'dkim-rsa.key', 'rsa-sha256', 'relaxed/relaxed', (m: string) => m.replace('Subject: DKIM', 'Subject: dkim'), 'dkim.test rsa rsa-sha256 fail signature_incorrect'],
    ['relaxed survives whitespace changes', 'rsa', 'dkim-rsa.key', 'rsa-sha256', 'relaxed/relaxed', (m: string) => m.replace('Hello,  world ', 'Hello, world'), 'dkim.test rsa rsa-sha256 pass '],
    ['a missing key', 'rsa', 'dkim-rsa.key', 'rsa-sha256', 'relaxed/relaxed', (m: string) => m.replace('s=rsa;', 's=nokey;'), 'dkim.test nokey rsa-sha256 invalid pubkey_unavailable'],
    ['a key that is not DER', 'rsa', 'dkim-rsa.key', 'rsa-sha256', 'relaxed/relaxed', (m: string) => m.replace('s=rsa;', 's=bad;'), 'dkim.test bad rsa-sha256 invalid pubkey_der_syntax'],
  ])('%s', async (_n, selector, key, algo, canon, change, want) => {
    const msg = change(await sign(selector, key, algo, canon));
    for (const dns of [network(), recorded]) {
      const sigs = await verifyDkim(dns, msg);
      expect(sigs.map(brief)).toEqual([want]);
    }
  });

  it('acl_smtp_dkim runs per signer with $dkim_* set; dkim_status ends it', async () => {
    const good = await sign('rsa', 'dkim-rsa.key', 'rsa-sha256', 'relaxed/relaxed');
    const sigs = await verifyDkim(network(), good);
    expect(dkimSigners(sigs)).toBe('dkim.test');
    const acl = 'deny dkim_status = fail\n message = bad signature from $dkim_cur_signer ($dkim_verify_reason)\n'
      + 'warn logwrite = D=<$dkim_cur_signer|$dkim_verify_status|$dkim_domain|$dkim_selector|$dkim_algo|$dkim_canon_headers|$dkim_identity>';
    let e = session({ acl });
    let r = await runDkimAcl(e, 'r', sigs, 'dkim.test : alice@dkim.test : other.test');
    expect(r.rc).toBe('OK');
    expect(e.session.logs.map((l) => l.text)).toEqual([
      'D=<dkim.test|pass|dkim.test|rsa|rsa-sha256|relaxed|>',
      // an identity matches a signature's i= only; none here: status none
      'D=<alice@dkim.test|none|||||>',
      'D=<other.test|none|||||>',
    ]);
    const bad = await verifyDkim(network(), good.replace('bye', 'BYE'));
    e = session({ acl });
    r = await runDkimAcl(e, 'r', bad);
    expect([r.rc, r.userMessage]).toEqual(['FAIL', 'bad signature from dkim.test (bodyhash_mismatch)']);
  });
});
