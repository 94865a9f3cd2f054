// check_host() of RFC 7208 (4, 5, 6): the SPF result for a client address, a
// domain and a sender, over the session's resolver. Limits (4.6.4): 10 terms
// that query the DNS, 2 void lookups, 10 MX or PTR names; include/redirect
// loops end at the term limit. The explanation (exp=) comes with a fail.
import { nodeNet } from '../../../lang/util/builtins.js';
import type { DnsAnswer, DnsRecordType, DnsResolver } from '../../../lang/services/dns.js';
import { parseRecord, selectRecords, SpfSyntaxError, type Mechanism, type SpfRecord } from './record.js';
import { checkMacroString, expandMacros } from './macro.js';

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

export interface SpfQuery {
  /** the client address */
  ip: string;
  /** the domain checked (MAIL FROM's domain, or the HELO name) */
  domain: string;
  /** the sender address (postmaster@helo when MAIL FROM is empty) */
  sender: string;
  helo: string;
  /** the receiving host's name for %{r} */
  receiver: string;
  /** a record to use when the domain has none (Exim's spf_guess) */
  fallback?: string;
  /** clock for %{t} */
  now?: () => Date;
}

export interface SpfOutcome {
  result: SpfResult;
  /** how the result came: a mechanism matched, the default (nothing matched), or there was no record */
  reason: 'mechanism' | 'default' | 'none';
  /** the explanation of a fail (expanded exp= text), if the record has a usable one */
  explanation?: string;
  /** for permerror / temperror: what went wrong (libspf2's words where it has them) */
  error?: string;
  /** the record's domain that decided (after redirects) */
  domain: string;
  /** the record used for the fallback */
  guessed?: boolean;
}

class Abort extends Error {
  constructor(readonly result: 'permerror' | 'temperror', readonly why: string) { super(why); }
}

const MAX_TERMS = 10;
const MAX_VOID = 2;
const MAX_NAMES = 10;

/** RFC 7208 4.3: a multi-label name with labels of 1-63 octets */
export function validDomain(d: string): boolean {
  const n = d.replace(/\.$/, '');
  if (n.length === 0 || n.length > 253) return false;
  const labels = n.split('.');
  return labels.length >= 2 && labels.every((l) => l.length > 0 && l.length <= 63);
}

/** a domain longer than 253 octets loses labels on the left (RFC 7208 7.3) */
function truncate(d: string): string {
  let n = d.replace(/\.$/, '');
  while (n.length > 253 && n.includes('.')) n = n.slice(n.indexOf('.') + 1);
  return n;
}

function v4bits(a: string): bigint {
  return a.split('.').reduce((x, o) => (x << 8n) | BigInt(Number(o)), 0n);
}

function v6bits(a: string): bigint {
  let s = a;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const b = v4bits(v4[1]!);
    s = s.slice(0, v4.index) + `${(b >> 16n).toString(16)}:${(b & 0xffffn).toString(16)}`;
  }
  const [head, tail] = s.includes('::') ? s.split('::') as [string, string] : [s, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((x, g) => (x << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

function inNet(ip: string, net: string, len: number): boolean {
  const v4 = nodeNet().isIPv4(ip);
  if (v4 !== nodeNet().isIPv4(net)) return false;
  const bits = v4 ? 32 : 128;
  const a = v4 ? v4bits(ip) : v6bits(ip);
  const b = v4 ? v4bits(net) : v6bits(net);
  const shift = BigInt(bits - len);
  return a >> shift === b >> shift;
}

/** the 8 groups of an IPv6 address, 4 digits each, in the case they were written */
function v6groups(a: string): string[] {
  const [head, tail] = a.includes('::') ? a.split('::') as [string, string] : [a, undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const g = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return g.map((x) => x.padStart(4, '0'));
}

/** %{i}: dotted quad, or 32 dot-separated nibbles (the suite keeps the written case) */
function ipMacro(ip: string): string {
  if (nodeNet().isIPv4(ip)) return ip;
  if (/\d+\.\d+\.\d+\.\d+$/.test(ip)) return v6bits(ip).toString(16).padStart(32, '0').split('').join('.');
  return v6groups(ip).join('').split('').join('.');
}

/** %{c}: the address as text (IPv6 compressed, lower case) */
function readableIp(ip: string): string {
  return nodeNet().isIPv4(ip) ? ip : new URL(`http://[${ip}]/`).hostname.slice(1, -1);
}

/** a name a DNS question can carry: no empty label, labels of at most 63 octets */
function askable(name: string): boolean {
  const n = name.replace(/\.$/, '');
  return n.length > 0 && n.split('.').every((l) => l.length > 0 && l.length <= 63);
}

export class SpfCheck {
  private terms = 0;
  /** the domains whose records are being evaluated, outermost first (include/redirect loops) */
  private readonly chain: string[] = [];
  private voids = 0;
  private validated: string | undefined;

  constructor(private readonly dns: DnsResolver, private readonly q: SpfQuery) {
    // an IPv4-mapped IPv6 client is an IPv4 client (RFC 7208 5)
    const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(q.ip);
    if (m) this.q = { ...q, ip: m[1]! };
  }

  async run(): Promise<SpfOutcome> {
    try {
      this.chain.push(this.q.domain.toLowerCase().replace(/\.$/, ''));
      return await this.checkHost(this.q.domain, true);
    } catch (e) {
      if (e instanceof Abort) return { result: e.result, reason: 'mechanism', error: e.why, domain: this.q.domain };
      if (e instanceof SpfSyntaxError) return { result: 'permerror', reason: 'mechanism', error: e.libspf2, domain: this.q.domain };
      throw e;
    }
  }

  private async lookup(name: string, type: DnsRecordType): Promise<DnsAnswer> {
    return this.dns.query(name, type);
  }

  /** a mechanism's lookup: DNS errors end the check, void answers are counted */
  private async mechLookup(name: string, type: DnsRecordType, countVoid = true): Promise<string[]> {
    // a target no DNS question can carry does not exist (RFC 7208 4.3, 5/10/3)
    const a: DnsAnswer = askable(name) ? await this.lookup(name, type) : { status: 'nxdomain', records: [], authenticated: false };
    if (a.status === 'again' || a.status === 'fail') throw new Abort('temperror', 'DNS lookup failure');
    const data = a.records.filter((r) => r.type === type).map((r) => r.data);
    if (data.length === 0 && countVoid && ++this.voids > MAX_VOID) throw new Abort('permerror', 'Too many void lookups');
    return data;
  }

  private countTerm(): void {
    if (++this.terms > MAX_TERMS) throw new Abort('permerror', 'Mechanisms used too many DNS lookups');
  }

  /** the record of a domain: none, or its parsed terms */
  private async fetchRecord(domain: string): Promise<SpfRecord | 'none'> {
    const a = await this.lookup(domain, 'TXT');
    if (a.status === 'again' || a.status === 'fail') throw new Abort('temperror', 'DNS lookup failure');
    const recs = selectRecords(a.records.filter((r) => r.type === 'TXT').map((r) => r.data));
    if (recs.length === 0) return 'none';
    if (recs.length > 1) throw new Abort('permerror', 'Multiple SPF or TXT records for domain.');
    return parseRecord(recs[0]!);
  }

  private macros(domain: string, exp: boolean) {
    const at = this.q.sender.lastIndexOf('@');
    const local = at > 0 ? this.q.sender.slice(0, at) : 'postmaster';
    const senderDomain = at >= 0 ? this.q.sender.slice(at + 1) : this.q.sender;
    return {
      get: (l: string): string | Promise<string> => {
        switch (l) {
          case 's': return `${local}@${senderDomain}`;
          case 'l': return local;
          case 'o': return senderDomain;
          case 'd': return domain;
          case 'i': return ipMacro(this.q.ip);
          case 'p': return this.validatedName(domain);
          case 'h': return this.q.helo;
          case 'v': return nodeNet().isIPv4(this.q.ip) ? 'in-addr' : 'ip6';
          case 'c': return exp ? readableIp(this.q.ip) : '';
          case 'r': return exp ? this.q.receiver || 'unknown' : '';
          case 't': return exp ? String(Math.floor((this.q.now?.() ?? new Date()).getTime() / 1000)) : '';
          default: return '';
        }
      },
    };
  }

  private async target(spec: string | undefined, domain: string): Promise<string> {
    if (spec === undefined) return domain;
    return truncate(await expandMacros(spec, this.macros(domain, false)));
  }

  /** the client's validated names (PTR with forward confirmation), at most 10 */
  private async validNames(): Promise<string[]> {
    const rev = nodeNet().isIPv4(this.q.ip)
      ? `${this.q.ip.split('.').reverse().join('.')}.in-addr.arpa`
      : `${ipMacro(this.q.ip).toLowerCase().split('.').reverse().join('.')}.ip6.arpa`;
    const a = await this.lookup(rev, 'PTR');
    if (a.status !== 'ok') return [];
    const out: string[] = [];
    for (const name of a.records.filter((r) => r.type === 'PTR').map((r) => r.data).slice(0, MAX_NAMES)) {
      const f = await this.lookup(name, nodeNet().isIPv4(this.q.ip) ? 'A' : 'AAAA');
      if (f.status === 'ok' && f.records.some((r) => (r.type === 'A' || r.type === 'AAAA') && inNet(this.q.ip, r.data, nodeNet().isIPv4(this.q.ip) ? 32 : 128))) out.push(name);
    }
    return out;
  }

  /** %{p}: the validated name that is the domain or below it, else any, else "unknown" */
  private async validatedName(domain: string): Promise<string> {
    if (this.validated !== undefined) return this.validated;
    try {
      const names = await this.validNames();
      const d = domain.toLowerCase();
      this.validated = names.find((n) => n.toLowerCase() === d) ?? names.find((n) => n.toLowerCase().endsWith(`.${d}`)) ?? names[0] ?? 'unknown';
    } catch {
      this.validated = 'unknown';
    }
    return this.validated;
  }

  private async matches(m: Mechanism, domain: string): Promise<boolean> {
    const ip = this.q.ip;
    const v4 = nodeNet().isIPv4(ip);
    switch (m.name) {
      case 'all':
        return true;
      case 'ip4':
        return v4 && inNet(ip, m.arg!, m.cidr4!);
      case 'ip6':
        return !v4 && nodeNet().isIPv6(ip) && inNet(ip, m.arg!, m.cidr6!);
      case 'a': {
        this.countTerm();
        const name = await this.target(m.arg, domain);
        const addrs = await this.mechLookup(name, v4 ? 'A' : 'AAAA');
        return addrs.some((a) => inNet(ip, a, v4 ? m.cidr4 ?? 32 : m.cidr6 ?? 128));
      }
      case 'mx': {
        this.countTerm();
        const name = await this.target(m.arg, domain);
        const mxs = await this.mechLookup(name, 'MX');
        if (mxs.length > MAX_NAMES) throw new Abort('permerror', 'Too many MX records');
        for (const mx of mxs) {
          const addrs = await this.mechLookup(mx, v4 ? 'A' : 'AAAA', false);
          if (addrs.some((a) => inNet(ip, a, v4 ? m.cidr4 ?? 32 : m.cidr6 ?? 128))) return true;
        }
        return false;
      }
      case 'ptr': {
        this.countTerm();
        const name = (await this.target(m.arg, domain)).toLowerCase();
        const names = await this.validNames();
        return names.some((n) => n.toLowerCase() === name || n.toLowerCase().endsWith(`.${name}`));
      }
      case 'exists': {
        this.countTerm();
        const name = await this.target(m.arg, domain);
        return (await this.mechLookup(name, 'A')).length > 0;
      }
      case 'include': {
        this.countTerm();
        const name = await this.target(m.arg, domain);
        const r = await this.recurse(name);
        switch (r.result) {
          case 'pass': return true;
          case 'fail': case 'softfail': case 'neutral': return false;
          case 'temperror': throw new Abort('temperror', r.error ?? 'DNS lookup failure');
          case 'none': throw new Abort('permerror', "include: mechanism returned 'none'");
          default: throw new Abort('permerror', r.error ?? 'include: mechanism returned an error');
        }
      }
    }
  }

  /** include: and redirect=: a domain already being evaluated is a loop */
  private async recurse(domain: string): Promise<SpfOutcome> {
    const key = domain.toLowerCase().replace(/\.$/, '');
    if (this.chain.includes(key)) throw new Abort('permerror', 'include: or redirect= caused unlimited recursion');
    this.chain.push(key);
    try {
      return await this.checkHost(domain, false);
    } finally {
      this.chain.pop();
    }
  }

  private async checkHost(domain: string, top: boolean, fallback = top ? this.q.fallback : undefined): Promise<SpfOutcome> {
    if (!validDomain(domain)) return { result: 'none', reason: 'none', domain };
    let rec = await this.fetchRecord(domain);
    let guessed = false;
    if (rec === 'none') {
      if (fallback === undefined) return { result: 'none', reason: 'none', domain };
      rec = parseRecord(fallback);
      guessed = true;
    }
    for (const m of rec.mechanisms) {
      if (await this.matches(m, domain)) {
        const result = ({ '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' } as const)[m.qualifier];
        return { result, reason: 'mechanism', domain, guessed, ...(await this.explain(result, rec, domain)) };
      }
    }
    if (rec.redirect !== undefined) {
      this.countTerm();
      const name = await this.target(rec.redirect, domain);
      const r = await this.recurse(name);
      if (r.result === 'none') throw new Abort('permerror', 'redirect= target has no SPF record');
      return r;
    }
    return { result: 'neutral', reason: 'default', domain, guessed };
  }

  /** exp= of a failing record: its TXT text, macro-expanded; any problem means no explanation */
  private async explain(result: SpfResult, rec: SpfRecord, domain: string): Promise<{ explanation?: string }> {
    if (result !== 'fail' || rec.exp === undefined) return {};
    try {
      const name = await this.target(rec.exp, domain);
      if (!validDomain(name)) return {};
      const a = await this.lookup(name, 'TXT');
      const txts = a.status === 'ok' ? a.records.filter((r) => r.type === 'TXT') : [];
      if (txts.length !== 1) return {};
      const text = txts[0]!.data;
      checkMacroString(text, true);
      return { explanation: await expandMacros(text, this.macros(domain, true)) };
    } catch {
      return {};
    }
  }
}

/** check_host() for one identity */
export function checkHost(dns: DnsResolver, q: SpfQuery): Promise<SpfOutcome> {
  return new SpfCheck(dns, q).run();
}
