// dnslists through the ACL engine, against unbound serving test/dns/zones and
// against the recorded resolver on the same files. Expectations: exim -bh with
// the same zones as its resolver (scripts/services/with-dns.sh), RCPT ACL
// "warn dnslists = LIST  logwrite = V=<$dnslist_domain|$dnslist_matched|$dnslist_value|$dnslist_text>".
import { describe, expect, inject, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { run } from './session.js';
import { NetworkResolver } from '../../../src/dns/network.js';
import { RecordedResolver } from '../../../src/dns/recorded.js';
import type { DnsResolver } from '../../../src/lang/services/dns.js';

const recorded = RecordedResolver.fromZoneFiles([fileURLToPath(new URL('../../dns/zones/root.zone', import.meta.url))]);
const network = (): DnsResolver => new NetworkResolver({ servers: [{ host: '127.0.0.1', port: inject('dnsServers').main }], timeout: 2, attempts: 1 });

const V = 'logwrite = V=<$dnslist_domain|$dnslist_matched|$dnslist_value|$dnslist_text>';

// client address, list, what exim logged (undefined: not listed)
const cases: [string, string, string | undefined][] = [
  ['127.0.0.2', 'bl.test', 'bl.test|127.0.0.2|127.0.0.2|listed: see http://bl.test/127.0.0.2'],
  ['127.0.0.3', 'bl.test', 'bl.test|127.0.0.3|127.0.0.3, 127.0.0.10|three'],
  ['127.0.0.3', 'bl.test=127.0.0.10', 'bl.test|127.0.0.3|127.0.0.3, 127.0.0.10|three'],
  ['127.0.0.3', 'bl.test==127.0.0.10', undefined],
  ['127.0.0.3', 'bl.test==127.0.0.10,127.0.0.3', 'bl.test|127.0.0.3|127.0.0.3, 127.0.0.10|three'],
  ['127.0.0.3', 'bl.test!=127.0.0.10', undefined],
  ['127.0.0.4', 'bl.test&0.0.0.4', 'bl.test|127.0.0.4|127.0.0.4|'],
  ['127.0.0.4', 'bl.test&0.0.0.2', undefined],
  ['127.0.0.3', 'bl.test!&0.0.0.2', undefined],
  ['127.0.0.3', 'bl.test=&0.0.0.2', 'bl.test|127.0.0.3|127.0.0.3, 127.0.0.10|three'],
  ['127.0.0.9', 'bl.test', undefined],
  ['192.0.2.1', 'bl.test', 'bl.test|192.0.2.1|127.0.0.2|spammer 192.0.2.1'],
  ['192.0.2.1', 'allow.test,bl.test', undefined],
  ['127.0.0.2', 'nowhere.test : bl.test', 'bl.test|127.0.0.2|127.0.0.2|listed: see http://bl.test/127.0.0.2'],
  ['127.0.0.2', 'bl.test/example.test', 'bl.test|example.test|127.0.0.2|domain listed'],
  ['127.0.0.2', 'bl.test/<;192.0.2.1;nothere', 'bl.test|192.0.2.1|127.0.0.2|spammer 192.0.2.1'],
  ['127.0.0.2', 'bl.test/nothere', undefined],
  ['127.0.0.2', '+bogus : bl.test', 'bl.test|127.0.0.2|127.0.0.2|listed: see http://bl.test/127.0.0.2'],
];

describe('dnslists as exim -bh gives it', () => {
  for (const [label, dns] of [['network', network], ['recorded', () => recorded]] as const) {
    it.each(cases)(`${label}: %s %s`, async (ip, list, want) => {
      const r = await run({ acl: `warn dnslists = ${list}\n ${V}`, ip, services: { dns: dns() } });
      expect(r.rc).toBe('OK');
      expect(r.logs.filter((l) => l.startsWith('V=')).map((l) => l.slice(3, -1))).toEqual(want === undefined ? [] : [want]);
      if (list.startsWith('+bogus')) expect(r.logs).toContain('unknown item in dnslist (ignored): +bogus');
    });
  }

  it('a resolver error: +defer_unknown defers, +include_unknown lists, the default does not', async () => {
    const dns: DnsResolver = { query: async () => ({ status: 'again', records: [], authenticated: false }) };
    let r = await run({ acl: 'deny dnslists = +defer_unknown : bl.test', ip: '127.0.0.2', services: { dns } });
    expect(r.rc).toBe('DEFER');
    expect(r.logs).toContain('DNS list lookup defer (probably timeout) for 2.0.0.127.bl.test: returned DEFER');
    r = await run({ acl: 'deny dnslists = +include_unknown : bl.test', ip: '127.0.0.2', services: { dns } });
    expect(r.rc).toBe('FAIL');
    r = await run({ acl: 'deny dnslists = bl.test', ip: '127.0.0.2', services: { dns } });
    expect(r.rc).toBe('OK');
    expect(r.logs).toContain('DNS list lookup defer (probably timeout) for 2.0.0.127.bl.test: assumed not in list');
  });
});
