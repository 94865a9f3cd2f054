// The recorded resolver: answers from zone data only (replays, tests, and the
// CLI's --dns-zone). A name the data does not have is NXDOMAIN; a name that
// has other types, or only names below it, is NODATA; CNAMEs are followed and
// "*" owners answer for the names below them that the data lacks.
import { readFileSync } from 'node:fs';
import type { DnsAnswer, DnsRecord, DnsRecordType, DnsResolver } from '../lang/services/dns.js';
import { nameKey, wireName } from './names.js';
import { parseZone } from './zone-file.js';

export interface RecordedResolverOptions {
  /** answers carry the AD bit (a zone set standing for signed data) */
  authenticated?: boolean;
}

export class RecordedResolver implements DnsResolver {
  private readonly byName = new Map<string, DnsRecord[]>();
  /** every name that exists: owners and their ancestors (empty non-terminals) */
  private readonly existing = new Set<string>();

  constructor(records: Iterable<DnsRecord>, private readonly opts: RecordedResolverOptions = {}) {
    for (const r of records) this.add(r);
  }

  /** a resolver answering from master files */
  static fromZoneFiles(files: string[], opts?: RecordedResolverOptions): RecordedResolver {
    const all: DnsRecord[] = [];
    for (const f of files) all.push(...parseZone(readFileSync(f, 'latin1'), f));
    return new RecordedResolver(all, opts);
  }

  add(r: DnsRecord): void {
    const key = nameKey(r.name);
    const list = this.byName.get(key) ?? [];
    // an RRset is a set (RFC 2181 5): a repeated record is the same record
    const same = (x: DnsRecord) => x.type === r.type && x.data === r.data && x.priority === r.priority
      && x.weight === r.weight && x.port === r.port && JSON.stringify(x.strings) === JSON.stringify(r.strings);
    if (!list.some(same)) list.push(r);
    this.byName.set(key, list);
    for (let k = key; ; k = k.slice(k.indexOf('.') + 1)) {
      this.existing.add(k);
      if (!k.includes('.')) break;
    }
  }

  async query(name: string, type: DnsRecordType): Promise<DnsAnswer> {
    return this.answer(name, type);
  }

  /** the same, synchronously */
  answer(name: string, type: DnsRecordType): DnsAnswer {
    const authenticated = this.opts.authenticated ?? false;
    // owners print as asked (servers echo the question's case), or as the CNAME named them
    let asked = wireName(name);
    let key = asked.toLowerCase();
    for (let hop = 0; hop < 16; hop++) {
      const here = this.recordsAt(key);
      if (!here) return this.negative('nxdomain', key, authenticated);
      const wanted = here.filter((r) => r.type === type);
      if (wanted.length) return { status: 'ok', records: wanted.map((r) => ({ ...r, name: asked })), authenticated };
      const cname = here.find((r) => r.type === 'CNAME');
      if (!cname || type === 'CNAME') return this.negative('nodata', key, authenticated);
      asked = cname.data;
      key = nameKey(asked);
    }
    return { status: 'fail', records: [], authenticated: false };
  }

  /** NXDOMAIN / NODATA with the negative TTL of the closest enclosing SOA (its minimum field) */
  private negative(status: 'nxdomain' | 'nodata', key: string, authenticated: boolean): DnsAnswer {
    for (let k = key; ; k = k.slice(k.indexOf('.') + 1)) {
      const soa = this.byName.get(k)?.find((r) => r.type === 'SOA');
      if (soa) {
        const min = Number(soa.data.trim().split(/\s+/).at(-1));
        return Number.isFinite(min) ? { status, records: [], authenticated, negativeTtl: min } : { status, records: [], authenticated };
      }
      if (!k.includes('.')) break;
    }
    const root = this.byName.get('')?.find((r) => r.type === 'SOA') ?? this.byName.get('.')?.find((r) => r.type === 'SOA');
    const min = root ? Number(root.data.trim().split(/\s+/).at(-1)) : NaN;
    return Number.isFinite(min) ? { status, records: [], authenticated, negativeTtl: min } : { status, records: [], authenticated };
  }

  /** the records at a name (possibly from a wildcard); undefined when the name does not exist */
  private recordsAt(key: string): DnsRecord[] | undefined {
    const exact = this.byName.get(key);
    if (exact) return exact;
    if (this.existing.has(key)) return [];
    // closest encloser, then its wildcard (RFC 4592)
    for (let k = key; k.includes('.');) {
      k = k.slice(k.indexOf('.') + 1);
      if (this.existing.has(k)) return this.byName.get(`*.${k}`);
    }
    return this.byName.get('*');
  }
}
