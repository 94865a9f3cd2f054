// dnsdb against real Exim: test/lookups/dnsdb.vectors.jsonl holds what exim -be
// printed for test/lookups/dnsdb.txt with test/dns/zones served by unbound
// (node scripts/record-dns-vectors.mjs test/lookups/dnsdb.txt test/lookups/dnsdb.vectors.jsonl).
// Each line is run with the network resolver against the same zones, and with
// the recorded resolver reading them.
import { describe, expect, inject, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ctxFor } from '../helpers/expand.js';
import { expandStringAsync } from '../../src/runtime/expand/expand.js';
import { NetworkResolver } from '../../src/dns/network.js';
import { RecordedResolver } from '../../src/dns/recorded.js';
import type { DnsResolver } from '../../src/lang/services/dns.js';

const vectors: { in: string; out: string }[] = readFileSync(new URL('dnsdb.vectors.jsonl', import.meta.url), 'latin1')
  .split('\n').filter(Boolean).map((l) => JSON.parse(l));
const recorded = RecordedResolver.fromZoneFiles([fileURLToPath(new URL('../dns/zones/root.zone', import.meta.url))]);

async function run(line: string, dns: DnsResolver): Promise<string> {
  const ctx = ctxFor((c) => { c.services = { dns }; });
  const r = await expandStringAsync(line, ctx);
  return r.ok ? r.value : `Failed: ${r.error.message}`;
}

describe('dnsdb as exim -be gives it', () => {
  it('has vectors', () => expect(vectors.length).toBeGreaterThan(50));
  it.each(vectors.map((v) => [v.in, v.out]))('%s', async (line, want) => {
    const net = new NetworkResolver({ servers: [{ host: '127.0.0.1', port: inject('dnsServers').main }], timeout: 2, attempts: 1 });
    expect(await run(line, net)).toBe(want);
    expect(await run(line, recorded)).toBe(want);
  });
});
