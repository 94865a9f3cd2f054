// The RFC 7208 test suite (spec/spf/rfc7208-tests.yml, 203 cases): each
// scenario's zone data is served by its own unbound on loopback
// (test/setup/dns-server.ts) and every case runs check_host() against it.
import { describe, expect, inject, it } from 'vitest';
import { loadSuite, type SpfSuiteTest } from '../../dns/rfc7208-suite.js';
import { NetworkResolver } from '../../../src/dns/network.js';
import { RecordedResolver } from '../../../src/dns/recorded.js';
import { parseZone } from '../../../src/dns/zone-file.js';
import { checkHost } from '../../../src/runtime/auth/spf/check-host.js';

const suite = loadSuite();

/** the identity a case checks: MAIL FROM's domain, or the HELO name for a null sender */
export function identity(t: SpfSuiteTest): { domain: string; sender: string } {
  if (t.mailfrom === '') return { domain: t.helo, sender: `postmaster@${t.helo}` };
  const at = t.mailfrom.lastIndexOf('@');
  return at < 0 ? { domain: t.mailfrom, sender: `postmaster@${t.mailfrom}` } : { domain: t.mailfrom.slice(at + 1), sender: t.mailfrom };
}

describe('RFC 7208 test suite', () => {
  it('has the 203 cases', () => expect(suite.reduce((n, s) => n + s.tests.length, 0)).toBe(203));
  suite.forEach((s, i) => {
    describe(s.description, () => {
      const recorded = new RecordedResolver(parseZone(s.zone));
      it.each(s.tests.map((t) => [t.name, t] as const))('%s', async (_name, t) => {
        const dns = new NetworkResolver({ servers: [{ host: '127.0.0.1', port: inject('dnsServers').spf[i]! }], timeout: 2, attempts: 1 });
        const t0 = Date.now();
        const q = { ip: t.host, ...identity(t), helo: t.helo, receiver: 'receiver.example' };
        const r = await checkHost(dns, q);
        const want = Array.isArray(t.result) ? t.result : [t.result];
        expect(want, `spec ${t.spec}`).toContain(r.result);
        if (t.explanation !== undefined && r.result === 'fail') {
          expect(r.explanation ?? 'DEFAULT').toBe(t.explanation);
        }
        expect(Date.now() - t0).toBeLessThan(5000);
        // the recorded resolver on the same zone data gives the same outcome (it has no timeouts)
        if (s.timeouts.length === 0) expect(await checkHost(recorded, q)).toEqual(r);
      });
    });
  });
});
