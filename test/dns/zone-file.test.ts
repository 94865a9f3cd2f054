import { describe, expect, it } from 'vitest';
import { parseZone, ZoneFileError } from '../../src/dns/zone-file.js';
import { parseResolvConf, parseServer } from '../../src/dns/resolv-conf.js';
import { resolverFromOptions } from '../../src/dns/from-options.js';
import { RecordedResolver } from '../../src/dns/recorded.js';
import { NetworkResolver } from '../../src/dns/network.js';
import { wireName } from '../../src/dns/names.js';

const one = (text: string) => parseZone(text).map((r) => `${r.name} ${r.ttl} ${r.type} ${r.priority ?? ''}${r.priority !== undefined ? ' ' : ''}${r.data}${r.strings ? ` ${JSON.stringify(r.strings)}` : ''}`);

describe('master files (RFC 1035 5)', () => {
  it.each([
    ['$ORIGIN a.test.\n@ A 192.0.2.1', ['a.test 3600 A 192.0.2.1']],
    ['$TTL 60\nx.test. IN 30 A 192.0.2.1\n  A 192.0.2.2', ['x.test 30 A 192.0.2.1', 'x.test 60 A 192.0.2.2']],
    ['$ORIGIN t.\nm 1h IN MX 10 mx ; comment', ['m.t 3600 MX 10 mx.t']],
    ['x. TXT "a b" c "\\"q\\"" "\\065\\066"', ['x 3600 TXT a bc"q"AB ["a b","c","\\"q\\"","AB"]']],
    ['x. TXT \\# 6 0161 0362 6364', ['x 3600 TXT abcd ["a","bcd"]']],
    ['x. TXT \\# 0', ['x 3600 TXT  []']],
    ['x. SOA ( ns. host. 1\n 2 3\n 4 5 )', ['x 3600 SOA ns host 1 2 3 4 5']],
    ['x. AAAA 2001:0DB8:0:0::1', ['x 3600 AAAA 2001:db8::1']],
    ['x. TYPE99 "v=spf1"', ['x 3600 SPF v=spf1 ["v=spf1"]']],
    ['x. HINFO "a" "b"', []],
    ['a\\032b.test. A 192.0.2.1', ['a b.test 3600 A 192.0.2.1']],
  ])('%j', (text, want) => {
    expect(one(text)).toEqual(want);
  });

  it.each([
    ['x. A', /A needs 1 fields/],
    ['x. A notanip', /bad IPv4/],
    ['x. MX x y.', /bad number/],
    ['x. TXT "unterminated', /unterminated string/],
    ['x. SOA ( a. b. 1 2 3 4 5', /unbalanced/],
    ['  A 192.0.2.1', /no owner/],
    ['$BOGUS x', /bad directive/],
    [`x. TXT "${'a'.repeat(256)}"`, /longer than 255/],
  ])('rejects %j', (text, msg) => {
    expect(() => parseZone(text)).toThrow(ZoneFileError);
    expect(() => parseZone(text)).toThrow(msg);
  });
});

describe('resolv.conf and server options', () => {
  it('reads nameservers and options as the C library does', () => {
    expect(parseResolvConf('# c\nnameserver 10.0.0.1\nnameserver ::1\nnameserver 1.1.1.1\nnameserver 9.9.9.9\noptions timeout:2 attempts:3 rotate\n'))
      .toEqual({ servers: [{ host: '10.0.0.1', port: 53 }, { host: '::1', port: 53 }, { host: '1.1.1.1', port: 53 }], timeout: 2, attempts: 3 });
    expect(parseResolvConf('').servers).toEqual([{ host: '127.0.0.1', port: 53 }]);
  });
  it.each([
    ['127.0.0.1', { host: '127.0.0.1', port: 53 }],
    ['127.0.0.1:5353', { host: '127.0.0.1', port: 5353 }],
    ['[::1]:5353', { host: '::1', port: 5353 }],
    ['::1', { host: '::1', port: 53 }],
  ])('server %s', (s, want) => expect(parseServer(s)).toEqual(want));
  it('--dns-zone gives the recorded resolver, else the network one', () => {
    expect(resolverFromOptions({ zones: [new URL('zones/root.zone', import.meta.url).pathname] })).toBeInstanceOf(RecordedResolver);
    expect(resolverFromOptions({ env: { EXIM_TS_DNS_SERVERS: '127.0.0.1:53' } })).toBeInstanceOf(NetworkResolver);
  });
  it('names go out as A-labels', () => {
    expect(wireName('b\xc3\xbccher.example.')).toBe('xn--bcher-kva.example');
    expect(wireName('_dmarc.example.test')).toBe('_dmarc.example.test');
  });
});
