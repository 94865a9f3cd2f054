// Hostile DNS data and servers: every case ends in RFC 7208's result, quickly.
import { describe, expect, inject, it } from 'vitest';
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { NetworkResolver } from '../../../src/dns/network.js';
import { RecordedResolver } from '../../../src/dns/recorded.js';
import { checkHost } from '../../../src/runtime/auth/spf/check-host.js';
import type { DnsResolver } from '../../../src/lang/services/dns.js';

const recorded = RecordedResolver.fromZoneFiles([fileURLToPath(new URL('../../dns/zones/root.zone', import.meta.url))]);
const network = (): DnsResolver => new NetworkResolver({ servers: [{ host: '127.0.0.1', port: inject('dnsServers').main }], timeout: 1, attempts: 1 });
const q = (domain: string, ip = '10.1.1.1') => ({ ip, domain, sender: `a@${domain}`, helo: 'helo.spf.test', receiver: 'oracle.example' });

describe('hostile SPF data', () => {
  it.each([
    ['loop.spf.test', 'permerror', 'include: or redirect= caused unlimited recursion'],
    ['many.spf.test', 'permerror', 'Mechanisms used too many DNS lookups'],
    ['void.spf.test', 'permerror', 'Too many void lookups'],
    ['fan.hostile.spf.test', 'permerror', 'Mechanisms used too many DNS lookups'],
    ['cnameloop.hostile.spf.test', 'temperror', 'DNS lookup failure'],
    ['txtloop.hostile.spf.test', 'temperror', 'DNS lookup failure'],
    ['huge.spf.test', 'fail', undefined],
    ['chain.spf.test', 'fail', undefined],
  ])('%s: %s', async (domain, result, error) => {
    for (const dns of [network(), recorded]) {
      const t0 = Date.now();
      const r = await checkHost(dns, q(domain));
      expect([r.result, r.error]).toEqual([result, error]);
      expect(Date.now() - t0).toBeLessThan(3000);
    }
  });

  it('a server that never answers: temperror after the tries, not a hang', async () => {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const dns = new NetworkResolver({ servers: [{ host: '127.0.0.1', port: sock.address().port }], timeout: 0.3, attempts: 2 });
    const t0 = Date.now();
    const r = await checkHost(dns, q('pass.spf.test'));
    sock.close();
    expect(r.result).toBe('temperror');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a server answering garbage is ignored like silence', async () => {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    sock.on('message', (_m, rinfo) => sock.send(Buffer.from('\xff\x00garbage', 'latin1'), rinfo.port, rinfo.address));
    const dns = new NetworkResolver({ servers: [{ host: '127.0.0.1', port: sock.address().port }], timeout: 0.3, attempts: 1 });
    const r = await checkHost(dns, q('pass.spf.test'));
    sock.close();
    expect(r.result).toBe('temperror');
  });
});
