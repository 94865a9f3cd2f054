// dnsdb: DNS records as lookup data (Exim's lookups/dnsdb.c). The query is
// [>S[,T|;]] [modifiers,]... [type=]domain-list; the answers of all domains are
// joined with S (newline), the parts of one record with T. Modifiers:
// defer_strict|lax|never, dnssec_strict|lax|never, retrans_TIME, retry_N.
// The resolver comes from the session (env.dns).
import type { LookupType, LookupEnv } from '../lang/lookups/types.js';
import { LookupError } from '../lang/lookups/types.js';
import type { DnsAnswer, DnsQueryOptions, DnsRecord, DnsRecordType, DnsResolver } from '../lang/services/dns.js';
import { ListReader } from '../lang/util/list.js';
import { ipType, invertAddress } from '../lang/util/ip.js';
import { readTime } from '../lang/util/time.js';
import { isSpace } from '../lang/util/ctype.js';

type DnsdbType = 'a' | 'a+' | 'aaaa' | 'cname' | 'csa' | 'mx' | 'mxh' | 'ns' | 'ptr' | 'soa' | 'spf' | 'srv' | 'tlsa' | 'txt' | 'zns';
const TYPES = new Set<string>(['a', 'a+', 'aaaa', 'cname', 'csa', 'mx', 'mxh', 'ns', 'ptr', 'soa', 'spf', 'srv', 'tlsa', 'txt', 'zns']);
/** Exim's PASS / DEFER / OK modes of defer_ and dnssec_ */
type Mode = 'lax' | 'strict' | 'never';

const err = (m: string) => new LookupError(m);

/** dns_build_reverse(): the in-addr.arpa / ip6.arpa name of an address */
export function reverseName(ip: string): string {
  return ip.includes(':') ? `${invertAddress(ip)}.ip6.arpa` : `${invertAddress(ip)}.in-addr.arpa`;
}

interface Query {
  outsep: string;
  outsep2: string | undefined;
  defer: Mode;
  dnssec: Mode;
  qopts: DnsQueryOptions;
  type: DnsdbType;
  list: string;
}

function parseQuery(key: string): Query {
  let k = key.replace(/^[ \t\n\v\f\r]+/, '');
  let outsep = '\n';
  let outsep2: string | undefined;
  if (k[0] === '>') {
    outsep = k[1] ?? '';
    k = k.slice(2);
    if (k[0] === ',') { outsep2 = k[1] ?? ''; k = k.slice(2); }
    else if (k[0] === ';') { outsep2 = ''; k = k.slice(1); }
    k = k.replace(/^[ \t\n\v\f\r]+/, '');
  }
  const q: Query = { outsep, outsep2, defer: 'lax', dnssec: 'lax', qopts: {}, type: 'txt', list: '' };
  for (;;) {
    const lower = k.toLowerCase();
    if (lower.startsWith('defer_') || lower.startsWith('dnssec_')) {
      const which = lower.startsWith('defer_') ? 'defer' : 'dnssec';
      const rest = lower.slice(which.length + 1);
      const mode = (['strict', 'lax', 'never'] as const).find((m) => rest.startsWith(m));
      if (!mode) throw err(`unsupported dnsdb ${which === 'defer' ? 'defer' : 'dnssec'} behaviour`);
      q[which] = mode;
      k = k.slice(which.length + 1 + mode.length);
    } else if (lower.startsWith('retrans_')) {
      const t = readTime(k.slice(8).split(',')[0]!, '');
      if (t <= 0 || !k.slice(8).includes(',')) throw err('unsupported dnsdb timeout value');
      q.qopts.retrans = t;
      k = k.slice(k.indexOf(','));
    } else if (lower.startsWith('retry_')) {
      const m = /^[ \t\n\v\f\r]*[+-]?\d*/.exec(k.slice(6))!;
      const n = parseInt(m[0], 10) || 0;
      if (n < 0) throw err('unsupported dnsdb retry count');
      q.qopts.retry = n;
      k = k.slice(6 + m[0].length);
    } else break;
    k = k.replace(/^[ \t\n\v\f\r]+/, '');
    if (k[0] !== ',') throw err('dnsdb modifier syntax error');
    k = k.slice(1).replace(/^[ \t\n\v\f\r]+/, '');
  }
  const eq = k.indexOf('=');
  if (eq >= 0) {
    const name = k.slice(0, eq).replace(/[ \t\n\v\f\r]+$/, '').toLowerCase();
    if (!TYPES.has(name)) throw err('unsupported DNS record type');
    q.type = name as DnsdbType;
    k = k.slice(eq + 1).replace(/^[ \t\n\v\f\r]+/, '');
  }
  q.list = k;
  // SPF strings join without a separator; MX, SRV and TLSA parts with a space
  if (q.outsep2 === undefined) {
    if (q.type === 'spf') q.outsep2 = '';
    else if (q.type === 'srv' || q.type === 'mx' || q.type === 'tlsa') q.outsep2 = ' ';
  }
  return q;
}

const WIRE: Record<DnsdbType, DnsRecordType> = {
  a: 'A', 'a+': 'AAAA', aaaa: 'AAAA', cname: 'CNAME', csa: 'SRV', mx: 'MX', mxh: 'MX', ns: 'NS',
  ptr: 'PTR', soa: 'SOA', spf: 'SPF', srv: 'SRV', tlsa: 'TLSA', txt: 'TXT', zns: 'NS',
};

/** dns_special_lookup(): zns and soa walk up the tree; csa finds the _client._smtp SRV record */
async function specialLookup(dns: DnsResolver, name: string, type: DnsdbType, wire: DnsRecordType, qo: DnsQueryOptions): Promise<{ a: DnsAnswer; found: string }> {
  if (type === 'zns' || type === 'soa') {
    for (let d = name; ;) {
      const a = await dns.query(d, wire, qo);
      if (a.status !== 'nxdomain' && a.status !== 'nodata') return { a, found: d };
      const dot = d.indexOf('.');
      if (dot < 0) break;
      d = d.slice(dot + 1);
    }
    return { a: { status: 'nxdomain', records: [], authenticated: false }, found: name };
  }
  if (type === 'csa') return csaLookup(dns, name, qo);
  return { a: await dns.query(name, wire, qo), found: name };
}

async function csaLookup(dns: DnsResolver, name: string, qo: DnsQueryOptions): Promise<{ a: DnsAnswer; found: string }> {
  const none = { a: { status: 'nxdomain' as const, records: [], authenticated: false }, found: name };
  const direct = await dns.query(`_client._smtp.${name}`, 'SRV', qo);
  if (direct.status === 'ok' || direct.status === 'again') return { a: direct, found: name };
  if (direct.status === 'nxdomain') return none;
  // parent domains from the top down, below the TLD (dns_csa_search_limit 5; 3 in the reverse trees)
  let labels = name.split('.');
  let limit = 5;
  let ipv6 = false;
  let tld = 1;
  if (/\.in-addr\.arpa$/i.test(name)) { tld = 2; limit = 3; }
  else if (/\.ip6\.arpa$/i.test(name)) { tld = 2; limit = 3; ipv6 = true; }
  labels = labels.slice(0, labels.length);
  for (let i = 0, n = tld; i < limit; i++) {
    n += ipv6 ? 4 : 1;
    if (n >= labels.length) return none;
    const parent = labels.slice(labels.length - n).join('.');
    const a = await dns.query(`_client._smtp.${parent}`, 'SRV', qo);
    if (a.status === 'again') return { a, found: parent };
    if (a.status !== 'ok') continue;
    if (a.records.some((r) => r.priority === 1 && (r.port! & 1))) return { a, found: parent };
  }
  return none;
}

function format(q: Query, r: DnsRecord, found: string, domain: string): string | undefined {
  const s2 = (q.outsep2 ?? '')[0] ?? '\0';
  switch (q.type) {
    case 'a': case 'aaaa': case 'a+': case 'cname': case 'ns': case 'zns': case 'ptr': case 'mxh':
      return r.data;
    case 'txt': case 'spf': {
      const parts = r.strings ?? [r.data];
      if (q.outsep2 === undefined) return parts[0] ?? '';
      return parts.join(q.outsep2 === '' ? '' : q.outsep2[0]);
    }
    case 'mx':
      return `${r.priority}${s2}${r.data}`;
    case 'srv':
      return `${r.priority}${s2}${r.weight}${s2}${r.port}${s2}${r.data}`;
    case 'tlsa':
      return r.data.split(' ').slice(0, 3).join(s2) + s2 + r.data.split(' ')[3];
    case 'soa': {
      const f = r.data.split(' ');
      return q.outsep2 === undefined ? f[0] : f.join(s2);
    }
    case 'csa': {
      if (r.priority !== 1) return undefined;
      let c: string;
      if (found !== domain) c = r.port! & 1 ? 'X' : '?';
      else if (r.weight! < 2) c = 'N';
      else if (r.weight === 2) c = 'Y';
      else if (r.weight === 3) c = '?';
      else return undefined;
      return `${c} ${r.data}`;
    }
  }
}

async function find(key: string, env: LookupEnv): Promise<string | undefined> {
  const q = parseQuery(key);
  // a lone IPv6 address for PTR is one item, not a colon-separated list
  const single = q.type === 'ptr' && q.list[0] !== '<' && ipType(q.list) !== 0;
  const domains: string[] = [];
  if (single) domains.push(q.list);
  else for (let r = new ListReader(q.list, 0), d = r.next(); d !== undefined; d = r.next()) domains.push(d);
  const out: string[] = [];
  let deferred = false;
  for (let domain of domains) {
    if ((q.type === 'ptr' || q.type === 'csa') && ipType(domain) !== 0) domain = reverseName(domain);
    const dns = env.dns;
    if (!dns) throw err('no DNS resolver in this session');
    const wires: DnsRecordType[] = q.type === 'a+' ? ['AAAA', 'A'] : [WIRE[q.type]];
    for (const wire of wires) {
      const { a, found } = await specialLookup(dns, domain, q.type, wire, q.qopts);
      if (a.status === 'nxdomain' || a.status === 'nodata') continue;
      if (a.status !== 'ok' || (q.dnssec === 'strict' && !a.authenticated)) {
        if (q.defer === 'strict') throw err('');
        if (q.defer === 'lax') deferred = true;
        continue;
      }
      for (const r of a.records) {
        if (r.type !== wire) continue;
        const text = format(q, r, found, domain);
        if (text !== undefined) out.push(text);
      }
    }
  }
  if (out.length) return out.join(q.outsep.slice(0, 1));
  if (deferred) throw err('');
  return undefined;
}

export const dnsdbLookup: LookupType = {
  name: 'dnsdb',
  kind: 'query',
  find: (_file, key, _opts, env) => find(key, env),
};
