// One recorded SMTP session (a line of a sessions .jsonl file): who connected,
// what they sent, and the facts a replay needs so it never asks the network
// (DNS answers, SPF/DKIM/DMARC results, TLS and PROXY facts, the time).
// spec/replay/session.schema.json describes the same shape; docs/replay.md explains it.
import { nodeNet } from '../lang/util/builtins.js';

export interface ClientFacts {
  ip: string;
  port: number;
  /** the local end ($interface_address/$interface_port) */
  interface?: { ip: string; port: number };
  /** sent as "EHLO <helo>" first when the dialogue does not start with HELO/EHLO */
  helo?: string;
}

export interface ProxyFacts {
  /** the proxy's own address and port, as the server saw the connection ($proxy_local_*) */
  localIp: string;
  localPort: number;
  /** the proxy's outward address ($proxy_external_*) */
  externalIp?: string;
  externalPort?: number;
}

export interface TlsFacts {
  cipher: string;
  /** protocol version, e.g. TLS1.3 ($tls_in_ver) */
  version?: string;
  peerdn?: string;
  verified?: boolean;
  sni?: string;
}

/** the structured form of one mail transaction: MAIL, RCPTs, DATA with the message */
export interface Transaction {
  mail: string;
  rcpts: string[];
  /** the message (header, blank line, body); line ends LF or CRLF; dot-stuffed on sending */
  data?: string;
}

export type DialogueItem = string | Transaction;

export type SpfResult = 'invalid' | 'neutral' | 'pass' | 'fail' | 'softfail' | 'none' | 'temperror' | 'permerror';
export type DmarcResult = 'accept' | 'reject' | 'quarantine' | 'none' | 'norecord' | 'nofrom' | 'temperror' | 'off';

export interface SpfFacts {
  result: SpfResult;
  /** the domain checked (MAIL FROM's domain, or the HELO name) */
  domain?: string;
  comment?: string;
}

export interface DkimFacts {
  domain: string;
  selector?: string;
  status: 'pass' | 'fail' | 'invalid' | 'none';
}

export interface DmarcFacts {
  status: DmarcResult;
  domain?: string;
  policy?: string;
}

export interface SessionRecord {
  id: string;
  /** when the session began (the replay's clock) */
  timestamp: Date;
  client: ClientFacts;
  proxy?: ProxyFacts;
  tls?: TlsFacts;
  dialogue: DialogueItem[];
  /** DNS answers as master-file text (RFC 1035), one text per item */
  dns: string[];
  spf?: SpfFacts;
  dkim?: DkimFacts[];
  dmarc?: DmarcFacts;
}

/** a record that cannot be used; `path` names the field */
export class RecordError extends Error {
  constructor(readonly path: string, message: string) { super(`${path}: ${message}`); }
}

type Json = unknown;
const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

function fields(o: Record<string, Json>, path: string, allowed: string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new RecordError(`${path}.${k}`, 'unknown field');
}

function str(v: Json, path: string): string {
  if (typeof v !== 'string') throw new RecordError(path, `expected a string, got ${kind(v)}`);
  return v;
}

function optStr(v: Json, path: string): string | undefined {
  return v === undefined ? undefined : str(v, path);
}

function port(v: Json, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535) throw new RecordError(path, `expected a port number (0-65535), got ${JSON.stringify(v)}`);
  return v;
}

function ip(v: Json, path: string): string {
  const s = str(v, path);
  if (!nodeNet().isIP(s)) throw new RecordError(path, `"${s}" is not an IP address`);
  return s;
}

function kind(v: Json): string {
  return v === undefined ? 'nothing' : v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function oneOf<T extends string>(v: Json, path: string, values: readonly T[]): T {
  const s = str(v, path);
  if (!values.includes(s as T)) throw new RecordError(path, `"${s}" is not one of ${values.join(', ')}`);
  return s as T;
}

/** "IP", "IP.PORT" or "[IP]:PORT" as an object, or {ip, port} */
function endpoint(v: Json, path: string): { ip: string; port: number } {
  if (isObj(v)) {
    fields(v, path, ['ip', 'port']);
    return { ip: ip(v.ip, `${path}.ip`), port: v.port === undefined ? 0 : port(v.port, `${path}.port`) };
  }
  const s = str(v, path);
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(s) ?? /^(\d+\.\d+\.\d+\.\d+)(?::(\d+))?$/.exec(s);
  if (m && nodeNet().isIP(m[1]!)) return { ip: m[1]!, port: m[2] ? port(Number(m[2]), path) : 0 };
  if (nodeNet().isIP(s)) return { ip: s, port: 0 };
  throw new RecordError(path, `"${s}" is not an address or [address]:port`);
}

const SPF_RESULTS = ['invalid', 'neutral', 'pass', 'fail', 'softfail', 'none', 'temperror', 'permerror'] as const;
const DMARC_RESULTS = ['accept', 'reject', 'quarantine', 'none', 'norecord', 'nofrom', 'temperror', 'off'] as const;
const DKIM_RESULTS = ['pass', 'fail', 'invalid', 'none'] as const;

function transaction(v: Record<string, Json>, path: string): Transaction {
  fields(v, path, ['mail', 'rcpts', 'data']);
  const rcpts = v.rcpts;
  if (!Array.isArray(rcpts)) throw new RecordError(`${path}.rcpts`, `expected an array of addresses, got ${kind(rcpts)}`);
  return {
    mail: str(v.mail, `${path}.mail`),
    rcpts: rcpts.map((r, i) => str(r, `${path}.rcpts[${i}]`)),
    data: optStr(v.data, `${path}.data`),
  };
}

/** a DNS record object as a master-file line */
function dnsLine(v: Json, path: string): string {
  if (typeof v === 'string') return v;
  if (!isObj(v)) throw new RecordError(path, `expected a master-file line or a record object, got ${kind(v)}`);
  fields(v, path, ['name', 'type', 'ttl', 'data']);
  const name = str(v.name, `${path}.name`);
  const type = str(v.type, `${path}.type`).toUpperCase();
  const data = str(v.data, `${path}.data`);
  const ttl = v.ttl === undefined ? 3600 : v.ttl;
  if (typeof ttl !== 'number') throw new RecordError(`${path}.ttl`, `expected a number, got ${kind(ttl)}`);
  // TXT data is one string: quote it, escaping what master files escape
  const rdata = type === 'TXT' || type === 'SPF' ? `"${data.replace(/[\\"]/g, (c) => `\\${c}`)}"` : data;
  return `${name.endsWith('.') ? name : `${name}.`} ${ttl} IN ${type} ${rdata}`;
}

/** Check one parsed JSON value and build the session record it describes. */
export function toSessionRecord(v: Json, fallbackId: string): SessionRecord {
  if (!isObj(v)) throw new RecordError('record', `expected an object, got ${kind(v)}`);
  fields(v, 'record', ['id', 'timestamp', 'client', 'proxy', 'tls', 'dialogue', 'dns', 'spf', 'dkim', 'dmarc']);
  const id = v.id === undefined ? fallbackId : typeof v.id === 'number' ? String(v.id) : str(v.id, 'id');
  let timestamp = new Date(0);
  if (v.timestamp !== undefined) {
    const t = typeof v.timestamp === 'number' ? new Date(v.timestamp * 1000) : new Date(str(v.timestamp, 'timestamp'));
    if (Number.isNaN(t.getTime())) throw new RecordError('timestamp', `${JSON.stringify(v.timestamp)} is not a date (ISO 8601 or Unix seconds)`);
    timestamp = t;
  }

  const c = v.client;
  if (!isObj(c)) throw new RecordError('client', `expected an object, got ${kind(c)}`);
  fields(c, 'client', ['ip', 'port', 'interface', 'helo']);
  const client: ClientFacts = {
    ip: ip(c.ip, 'client.ip'),
    port: c.port === undefined ? 0 : port(c.port, 'client.port'),
    interface: c.interface === undefined ? undefined : endpoint(c.interface, 'client.interface'),
    helo: optStr(c.helo, 'client.helo'),
  };

  let proxy: ProxyFacts | undefined;
  if (v.proxy !== undefined) {
    const p = v.proxy;
    if (!isObj(p)) throw new RecordError('proxy', `expected an object, got ${kind(p)}`);
    fields(p, 'proxy', ['localIp', 'localPort', 'externalIp', 'externalPort']);
    proxy = {
      localIp: ip(p.localIp, 'proxy.localIp'),
      localPort: port(p.localPort, 'proxy.localPort'),
      externalIp: p.externalIp === undefined ? undefined : ip(p.externalIp, 'proxy.externalIp'),
      externalPort: p.externalPort === undefined ? undefined : port(p.externalPort, 'proxy.externalPort'),
    };
  }

  let tls: TlsFacts | undefined;
  if (v.tls !== undefined) {
    const t = v.tls;
    if (!isObj(t)) throw new RecordError('tls', `expected an object, got ${kind(t)}`);
    fields(t, 'tls', ['cipher', 'version', 'peerdn', 'verified', 'sni']);
    if (t.verified !== undefined && typeof t.verified !== 'boolean') throw new RecordError('tls.verified', `expected true or false, got ${kind(t.verified)}`);
    tls = {
      cipher: str(t.cipher, 'tls.cipher'), version: optStr(t.version, 'tls.version'), peerdn: optStr(t.peerdn, 'tls.peerdn'),
      verified: t.verified as boolean | undefined, sni: optStr(t.sni, 'tls.sni'),
    };
  }

  if (!Array.isArray(v.dialogue)) throw new RecordError('dialogue', `expected an array of lines and transactions, got ${kind(v.dialogue)}`);
  const dialogue = v.dialogue.map((d, i): DialogueItem => {
    if (typeof d === 'string') return d;
    if (isObj(d)) return transaction(d, `dialogue[${i}]`);
    throw new RecordError(`dialogue[${i}]`, `expected a line (string) or a transaction {mail, rcpts, data}, got ${kind(d)}`);
  });

  let dns: string[] = [];
  if (typeof v.dns === 'string') dns = [v.dns];
  else if (Array.isArray(v.dns)) dns = [v.dns.map((r, i) => dnsLine(r, `dns[${i}]`)).join('\n')];
  else if (v.dns !== undefined) throw new RecordError('dns', `expected master-file text or a list of records, got ${kind(v.dns)}`);

  let spf: SpfFacts | undefined;
  if (v.spf !== undefined) {
    const s = v.spf;
    if (!isObj(s)) throw new RecordError('spf', `expected an object, got ${kind(s)}`);
    fields(s, 'spf', ['result', 'domain', 'comment']);
    spf = { result: oneOf(s.result, 'spf.result', SPF_RESULTS), domain: optStr(s.domain, 'spf.domain'), comment: optStr(s.comment, 'spf.comment') };
  }
  let dkim: DkimFacts[] | undefined;
  if (v.dkim !== undefined) {
    if (!Array.isArray(v.dkim)) throw new RecordError('dkim', `expected an array of signatures, got ${kind(v.dkim)}`);
    dkim = v.dkim.map((k, i) => {
      const p = `dkim[${i}]`;
      if (!isObj(k)) throw new RecordError(p, `expected an object, got ${kind(k)}`);
      fields(k, p, ['domain', 'selector', 'status']);
      return { domain: str(k.domain, `${p}.domain`), selector: optStr(k.selector, `${p}.selector`), status: oneOf(k.status, `${p}.status`, DKIM_RESULTS) };
    });
  }
  let dmarc: DmarcFacts | undefined;
  if (v.dmarc !== undefined) {
    const d = v.dmarc;
    if (!isObj(d)) throw new RecordError('dmarc', `expected an object, got ${kind(d)}`);
    fields(d, 'dmarc', ['status', 'domain', 'policy']);
    dmarc = { status: oneOf(d.status, 'dmarc.status', DMARC_RESULTS), domain: optStr(d.domain, 'dmarc.domain'), policy: optStr(d.policy, 'dmarc.policy') };
  }
  return { id, timestamp, client, proxy, tls, dialogue, dns, spf, dkim, dmarc };
}

/** a line of a sessions file: its record, or why it cannot be used */
export type SessionLine =
  | { line: number; record: SessionRecord }
  | { line: number; error: string };

/** The records of a .jsonl text; blank lines and lines starting with "//" are skipped. */
export function* readSessions(text: string): Generator<SessionLine> {
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    const s = raw.trim();
    if (s === '' || s.startsWith('//')) continue;
    let v: Json;
    try {
      v = JSON.parse(s);
    } catch (e) {
      yield { line, error: `malformed JSON: ${(e as Error).message}` };
      continue;
    }
    try {
      yield { line, record: toSessionRecord(v, `line-${line}`) };
    } catch (e) {
      if (e instanceof RecordError) yield { line, error: e.message };
      else throw e;
    }
  }
}
