// The network resolver against unbound serving test/dns/zones, and the recorded
// resolver reading the same files: the same answers, and the ones expected.
import { describe, expect, inject, it } from 'vitest';
import { createSocket } from 'node:dgram';
import { fileURLToPath } from 'node:url';
import { NetworkResolver } from '../../src/dns/network.js';
import { RecordedResolver } from '../../src/dns/recorded.js';
import type { DnsAnswer, DnsRecordType } from '../../src/lang/services/dns.js';

const ZONE = fileURLToPath(new URL('zones/root.zone', import.meta.url));
const net = () => new NetworkResolver({ servers: [{ host: '127.0.0.1', port: inject('dnsServers').main }], timeout: 2, attempts: 1 });
const rec = RecordedResolver.fromZoneFiles([ZONE]);

const brief = (a: DnsAnswer) => ({
  status: a.status,
  data: a.records.map((r) => [r.name, r.priority, r.weight, r.port, r.data].filter((x) => x !== undefined).join(' ')).sort(),
});

const cases: [string, DnsRecordType, string, string[]][] = [
  ['example.test', 'A', 'ok', ['example.test 192.0.2.1']],
  ['EXAMPLE.test.', 'A', 'ok', ['EXAMPLE.test 192.0.2.1']],
  ['example.test', 'AAAA', 'ok', ['example.test 2001:db8::1']],
  ['example.test', 'MX', 'ok', ['example.test 10 mx1.example.test', 'example.test 20 mx2.example.test']],
  ['example.test', 'TXT', 'ok', ['example.test helloworld', 'example.test v=spf1 ip4:192.0.2.0/24 -all']],
  ['.', 'NS', 'ok', [' ns.invalid']],
  ['example.test', 'SRV', 'ok', ['example.test 10 5 25 mx1.example.test']],
  ['mx2.example.test', 'A', 'ok', ['mx2.example.test 192.0.2.20', 'mx2.example.test 192.0.2.21']],
  ['alias.example.test', 'A', 'ok', ['example.test 192.0.2.1']],
  ['alias.example.test', 'CNAME', 'ok', ['alias.example.test example.test']],
  ['chain1.example.test', 'A', 'ok', ['example.test 192.0.2.1']],
  ['_25._tcp.mx1.example.test', 'TLSA', 'ok', ['_25._tcp.mx1.example.test 3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef']],
  ['x.wild.example.test', 'A', 'ok', ['x.wild.example.test 192.0.2.99']],
  ['empty.example.test', 'A', 'nodata', []],
  ['example.test', 'PTR', 'nodata', []],
  ['nowhere.example.test', 'A', 'nxdomain', []],
  ['nowhere.invalid', 'TXT', 'nxdomain', []],
  ['quote.example.test', 'TXT', 'ok', ['quote.example.test with "quotes" and \\ and ; semicolon']],
  ['1.2.0.192.in-addr.arpa', 'PTR', 'ok', ['1.2.0.192.in-addr.arpa example.test']],
  ['1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa', 'PTR', 'ok', ['1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa example.test']],
  ['2.0.0.127.bl.test', 'A', 'ok', ['2.0.0.127.bl.test 127.0.0.2']],
  // UTF-8 names are asked in their A-label form
  ['b\xc3\xbccher.example.test', 'A', 'ok', ['xn--bcher-kva.example.test 192.0.2.44']],
];

describe('network and recorded resolvers', () => {
  it.each(cases)('%s %s', async (name, type, status, data) => {
    const n = brief(await net().query(name, type));
    expect(n).toEqual({ status, data });
    expect(brief(rec.answer(name, type))).toEqual(n);
  });

  it('keeps TXT character-strings apart', async () => {
    const a = await net().query('long.example.test', 'TXT');
    expect(a.records[0]!.strings!.map((s) => s.length)).toEqual([255, 4]);
    expect(rec.answer('long.example.test', 'TXT').records[0]!.strings).toEqual(a.records[0]!.strings);
  });

  it('asks again over TCP when the UDP answer is truncated', async () => {
    const a = await net().query('big.example.test', 'TXT');
    expect(a.status).toBe('ok');
    expect(a.records[0]!.strings!.length).toBe(8);
    expect(a.records[0]!.data.length).toBe(2000);
  });

  it('a server that never answers gives "again" after the tries, quickly', async () => {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const port = sock.address().port;
    const t0 = Date.now();
    const a = await new NetworkResolver({ servers: [{ host: '127.0.0.1', port }], timeout: 0.2, attempts: 2 }).query('example.test', 'A');
    sock.close();
    expect(a.status).toBe('again');
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('the next server is asked when the first does not answer', async () => {
    const sock = createSocket('udp4');
    await new Promise<void>((r) => sock.bind(0, '127.0.0.1', () => r()));
    const r = new NetworkResolver({ servers: [{ host: '127.0.0.1', port: sock.address().port }, { host: '127.0.0.1', port: inject('dnsServers').main }], timeout: 0.2, attempts: 1 });
    const a = await r.query('example.test', 'A');
    sock.close();
    expect(brief(a)).toEqual({ status: 'ok', data: ['example.test 192.0.2.1'] });
  });
});
