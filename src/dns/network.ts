// The network resolver: questions over UDP to the configured servers in turn,
// with a timeout per try and a number of tries (the C library's RES_TIMEOUT /
// RES_RETRY), the question asked again over TCP when the answer comes back
// truncated. Rcodes map as the C library maps them for Exim: SERVFAIL and
// timeouts are "again", REFUSED/FORMERR/NOTIMP "fail".
import * as packet from 'dns-packet';
import type { DnsAnswer, DnsQueryOptions, DnsRecord, DnsRecordType, DnsResolver } from '../lang/services/dns.js';
import type { DnsServer } from './resolv-conf.js';
import { nodeCrypto, nodeDgram, nodeNet } from '../lang/util/builtins.js';
import { fromPacket } from './records.js';
import { wireName } from './names.js';

export interface NetworkResolverOptions {
  servers: DnsServer[];
  /** seconds per try (default 5) */
  timeout?: number;
  /** tries per server (default 2) */
  attempts?: number;
  /** CNAMEs followed when a server gives the alias without its target's records */
  maxCnameChain?: number;
}

type Reply = packet.Packet | 'timeout';

const MAX_UDP = 1232;

export class NetworkResolver implements DnsResolver {
  private readonly timeout: number;
  private readonly attempts: number;
  private readonly maxChain: number;

  constructor(private readonly opts: NetworkResolverOptions) {
    this.timeout = opts.timeout ?? 5;
    this.attempts = opts.attempts ?? 2;
    this.maxChain = opts.maxCnameChain ?? 10;
  }

  async query(name: string, type: DnsRecordType, qo?: DnsQueryOptions): Promise<DnsAnswer> {
    let qname = wireName(name);
    let authenticated = true;
    for (let hop = 0; hop <= this.maxChain; hop++) {
      const r = await this.ask(qname, type, qo);
      if (r.status !== 'ok' && r.status !== 'nodata') return r;
      authenticated &&= r.authenticated;
      const wanted = r.records.filter((x) => x.type === type);
      if (wanted.length > 0 || type === 'CNAME') return { status: wanted.length ? 'ok' : r.status === 'ok' ? 'nodata' : r.status, records: wanted, authenticated };
      // follow the chain the server left unfinished
      const cname = lastCname(r.records, qname);
      if (!cname) return { status: 'nodata', records: [], authenticated: authenticated && r.authenticated };
      qname = cname;
    }
    return { status: 'fail', records: [], authenticated: false };
  }

  /** one question, all servers in turn, each `attempts` times (the C library's loop) */
  private async ask(qname: string, type: DnsRecordType, qo?: DnsQueryOptions): Promise<DnsAnswer & { records: DnsRecord[] }> {
    const timeoutMs = (qo?.retrans ?? this.timeout) * 1000;
    const tries = qo?.retry ?? this.attempts;
    let last: DnsAnswer = { status: 'again', records: [], authenticated: false };
    for (let t = 0; t < tries; t++) {
      for (const server of this.opts.servers) {
        let reply: Reply;
        try {
          reply = await udpQuery(server, qname, type, timeoutMs);
          if (reply !== 'timeout' && (reply.flags! & packet.TRUNCATED_RESPONSE)) reply = await tcpQuery(server, qname, type, timeoutMs);
        } catch {
          reply = 'timeout';
        }
        if (reply === 'timeout') continue;
        const a = toAnswer(reply);
        // SERVFAIL and REFUSED: another server may know better
        if (a.status === 'again' || a.status === 'fail') { last = a; continue; }
        return a;
      }
    }
    return last;
  }
}

function lastCname(records: DnsRecord[], start: string): string | undefined {
  let at = start.toLowerCase();
  let target: string | undefined;
  for (let i = 0; i < records.length; i++) {
    const c = records.find((r) => r.type === 'CNAME' && r.name.toLowerCase() === at);
    if (!c) break;
    target = c.data;
    at = c.data.toLowerCase();
  }
  return target;
}

function toAnswer(p: packet.Packet): DnsAnswer {
  const authenticated = ((p.flags ?? 0) & packet.AUTHENTIC_DATA) !== 0;
  const rcode = (p as { rcode?: string }).rcode ?? 'NOERROR';
  const negativeTtl = soaMinimum(p);
  const neg = negativeTtl === undefined ? {} : { negativeTtl };
  if (rcode === 'NXDOMAIN') return { status: 'nxdomain', records: [], authenticated, ...neg };
  if (rcode === 'SERVFAIL') return { status: 'again', records: [], authenticated: false };
  if (rcode !== 'NOERROR') return { status: 'fail', records: [], authenticated: false };
  const records: DnsRecord[] = [];
  for (const a of p.answers ?? []) {
    const r = fromPacket(a as { type: string; name: string; ttl?: number; data: unknown });
    if (r) records.push(r);
  }
  return records.length ? { status: 'ok', records, authenticated } : { status: 'nodata', records, authenticated, ...neg };
}

/** the minimum field of the SOA in the authority section (dns_expire_from_soa()) */
function soaMinimum(p: packet.Packet): number | undefined {
  for (const a of (p.authorities ?? []) as { type: string; data?: { minimum?: number } }[]) {
    if (a.type === 'SOA' && typeof a.data?.minimum === 'number') return a.data.minimum;
  }
  return undefined;
}

function question(qname: string, type: DnsRecordType): { id: number; buf: Buffer } {
  const id = nodeCrypto().randomInt(0, 0x10000);
  const buf = packet.encode({
    type: 'query', id,
    // RD, and AD to ask the server to say whether it validated (RFC 6840 5.7)
    flags: packet.RECURSION_DESIRED | packet.AUTHENTIC_DATA,
    questions: [{ type: type as packet.RecordType, name: qname || '.', class: 'IN' }],
    additionals: [{ type: 'OPT', name: '.', udpPayloadSize: MAX_UDP } as packet.Answer],
  });
  return { id, buf };
}

function matches(p: packet.Packet, id: number, qname: string, type: string): boolean {
  const q = p.questions?.[0];
  return p.id === id && p.type === 'response' && !!q && q.type === type && q.name.replace(/\.$/, '').toLowerCase() === qname.toLowerCase();
}

function udpQuery(server: DnsServer, qname: string, type: DnsRecordType, timeoutMs: number): Promise<Reply> {
  const { id, buf } = question(qname, type);
  return new Promise((resolve) => {
    const sock = nodeDgram().createSocket(nodeNet().isIPv6(server.host) ? 'udp6' : 'udp4');
    const done = (r: Reply) => { clearTimeout(timer); sock.close(); resolve(r); };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    sock.on('error', () => done('timeout'));
    sock.on('message', (msg) => {
      let p: packet.Packet;
      try { p = packet.decode(msg); } catch { return; }
      // an answer to another question (spoofed, late) is ignored
      if (matches(p, id, qname, type)) done(p);
    });
    sock.send(buf, server.port, server.host, (err) => { if (err) done('timeout'); });
  });
}

function tcpQuery(server: DnsServer, qname: string, type: DnsRecordType, timeoutMs: number): Promise<Reply> {
  const { id, buf } = question(qname, type);
  return new Promise((resolve) => {
    const sock = nodeNet().connect(server.port, server.host);
    let data = Buffer.alloc(0);
    const done = (r: Reply) => { clearTimeout(timer); sock.destroy(); resolve(r); };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    sock.on('error', () => done('timeout'));
    sock.on('connect', () => { sock.write(Buffer.concat([Buffer.from([buf.length >> 8, buf.length & 255]), buf])); });
    sock.on('data', (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (data.length < 2) return;
      const len = data.readUInt16BE(0);
      if (data.length < 2 + len) return;
      try {
        const p = packet.decode(data.subarray(2, 2 + len));
        done(matches(p, id, qname, type) ? p : 'timeout');
      } catch {
        done('timeout');
      }
    });
    sock.on('end', () => done('timeout'));
  });
}
