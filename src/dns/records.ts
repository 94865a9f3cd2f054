// dns-packet's decoded answers as the engine's DnsRecords: text in bytes
// (latin1), names without the trailing dot, TXT strings kept apart.
import type { DnsRecord, DnsRecordType } from '../lang/services/dns.js';

const TYPES = new Set<string>(['A', 'AAAA', 'MX', 'TXT', 'PTR', 'CNAME', 'NS', 'SOA', 'SRV', 'TLSA', 'SPF']);

export function isRecordType(t: string): t is DnsRecordType {
  return TYPES.has(t);
}

const dotless = (n: string) => (n.endsWith('.') ? n.slice(0, -1) : n);

/** <character-string>s of a raw TXT/SPF rdata */
export function characterStrings(rdata: Buffer): string[] {
  const out: string[] = [];
  for (let i = 0; i < rdata.length;) {
    const len = rdata[i]!;
    out.push(rdata.subarray(i + 1, i + 1 + len).toString('latin1'));
    i += 1 + len;
  }
  return out;
}

export function txtRecord(type: 'TXT' | 'SPF', name: string, ttl: number, strings: string[]): DnsRecord {
  return { type, name, ttl, data: strings.join(''), strings };
}

export function soaData(s: { mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number }): string {
  return `${dotless(s.mname)} ${dotless(s.rname)} ${s.serial} ${s.refresh} ${s.retry} ${s.expire} ${s.minimum}`;
}

/** one answer section entry of dns-packet, or undefined for types the engine does not use */
export function fromPacket(a: { type: string; name: string; ttl?: number; data: unknown }): DnsRecord | undefined {
  const name = dotless(a.name);
  const ttl = a.ttl ?? 0;
  const d = a.data as any;
  switch (a.type) {
    case 'A': case 'AAAA':
      return { type: a.type, name, ttl, data: String(d) };
    case 'PTR': case 'CNAME': case 'NS':
      return { type: a.type, name, ttl, data: dotless(String(d)) };
    case 'MX':
      return { type: 'MX', name, ttl, data: dotless(d.exchange), priority: d.preference };
    case 'SRV':
      return { type: 'SRV', name, ttl, data: dotless(d.target), priority: d.priority, weight: d.weight, port: d.port };
    case 'TXT': {
      const parts = (Array.isArray(d) ? d : [d]).map((b: Buffer | string) => (typeof b === 'string' ? b : b.toString('latin1')));
      return txtRecord('TXT', name, ttl, parts);
    }
    case 'SPF':
      return txtRecord('SPF', name, ttl, characterStrings(Buffer.isBuffer(d) ? d : Buffer.alloc(0)));
    case 'SOA':
      return { type: 'SOA', name, ttl, data: soaData(d) };
    case 'TLSA':
      return { type: 'TLSA', name, ttl, data: `${d.usage} ${d.selector} ${d.matchingType} ${Buffer.from(d.certificate).toString('hex')}` };
    default:
      return undefined;
  }
}
