// DKIM verification of a received message (RFC 6376), as Exim's pdkim reports
// it: per signature the signing domain, identity, selector, algorithm,
// canonicalisation, and a status (pass, fail, invalid) with Exim's reason
// (pubkey_unavailable, pubkey_dns_syntax, pubkey_der_syntax, bodyhash_mismatch,
// signature_incorrect). Keys come from the session's resolver. Bytes in, latin1.
import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import type { DnsResolver } from '../../../lang/services/dns.js';

export type DkimStatus = 'pass' | 'fail' | 'invalid' | 'none';
export type DkimReason = '' | 'pubkey_unavailable' | 'pubkey_dns_syntax' | 'pubkey_der_syntax' | 'bodyhash_mismatch' | 'signature_incorrect';

export interface DkimSignature {
  domain: string;
  identity: string;
  selector: string;
  algo: string;
  canonHeaders: string;
  canonBody: string;
  headerNames: string;
  bodyLength?: number;
  created?: number;
  expires?: number;
  keyBits?: number;
  keyTesting: boolean;
  keyNoSubdomains: boolean;
  keyNotes: string;
  status: DkimStatus;
  reason: DkimReason;
}

interface Header { name: string; raw: string }

/** the header lines (continuations kept) and the body, with CRLF line ends */
export function splitMessage(msg: string): { headers: Header[]; body: string } {
  const text = msg.replace(/\r?\n/g, '\r\n');
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end + 2);
  const body = end < 0 ? '' : text.slice(end + 4);
  const headers: Header[] = [];
  for (const line of head.split(/\r\n(?=[^ \t])/)) {
    if (!line) continue;
    const raw = line.endsWith('\r\n') ? line : `${line}\r\n`;
    headers.push({ name: raw.slice(0, raw.indexOf(':')).trim(), raw });
  }
  return { headers, body };
}

export function parseTags(value: string): Map<string, string> | undefined {
  const tags = new Map<string, string>();
  for (const part of value.split(';')) {
    const t = part.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (!t) continue;
    const eq = t.indexOf('=');
    if (eq < 0) return undefined;
    const k = t.slice(0, eq).trim();
    if (tags.has(k)) return undefined;
    tags.set(k, t.slice(eq + 1).trim());
  }
  return tags;
}

function canonBody(body: string, relaxed: boolean): string {
  let b = body;
  if (relaxed) b = b.split('\r\n').map((l) => l.replace(/[ \t]+/g, ' ').replace(/ $/, '')).join('\r\n');
  b = b.replace(/(\r\n)*$/, '');
  return b === '' ? (relaxed ? '' : '\r\n') : `${b}\r\n`;
}

function canonHeader(h: string, relaxed: boolean): string {
  if (!relaxed) return h;
  const colon = h.indexOf(':');
  const name = h.slice(0, colon).trim().toLowerCase();
  const value = h.slice(colon + 1).replace(/\r\n/g, '').replace(/[ \t]+/g, ' ').trim();
  return `${name}:${value}\r\n`;
}

const b64 = (s: string) => s.replace(/[ \t\r\n]/g, '');

async function fetchKey(dns: DnsResolver, selector: string, domain: string):
  Promise<{ key?: KeyObject; reason: DkimReason; bits?: number; tags?: Map<string, string> }> {
  const a = await dns.query(`${selector}._domainkey.${domain}`, 'TXT');
  const txt = a.status === 'ok' ? a.records.find((r) => r.type === 'TXT') : undefined;
  if (!txt) return { reason: 'pubkey_unavailable' };
  const tags = parseTags(txt.data);
  const p = tags?.get('p');
  if (!tags || p === undefined || (tags.has('v') && tags.get('v') !== 'DKIM1')) return { reason: 'pubkey_dns_syntax' };
  if (p === '' || !/^[A-Za-z0-9+/= \t]*$/.test(p)) return { reason: 'pubkey_der_syntax', tags };
  const der = Buffer.from(b64(p), 'base64');
  try {
    const k = tags.get('k') ?? 'rsa';
    if (k === 'ed25519') {
      const key = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), der]), format: 'der', type: 'spki' });
      return { key, reason: '', bits: 256, tags };
    }
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    return { key, reason: '', bits: key.asymmetricKeyDetails?.modulusLength, tags };
  } catch {
    return { reason: 'pubkey_der_syntax', tags };
  }
}

async function verifyOne(dns: DnsResolver, headers: Header[], body: string, sigIndex: number): Promise<DkimSignature> {
  const sigHeader = headers[sigIndex]!;
  const value = sigHeader.raw.slice(sigHeader.raw.indexOf(':') + 1);
  const tags = parseTags(value) ?? new Map<string, string>();
  const c = (tags.get('c') ?? 'simple/simple').toLowerCase().split('/');
  const sig: DkimSignature = {
    domain: tags.get('d') ?? '', identity: tags.get('i') ?? '', selector: tags.get('s') ?? '',
    algo: tags.get('a') ?? '', canonHeaders: c[0] ?? 'simple', canonBody: c[1] ?? 'simple',
    headerNames: tags.get('h') ?? '', keyTesting: false, keyNoSubdomains: false, keyNotes: '',
    status: 'invalid', reason: '',
    ...(tags.has('l') ? { bodyLength: Number(tags.get('l')) } : {}),
    ...(tags.has('t') ? { created: Number(tags.get('t')) } : {}),
    ...(tags.has('x') ? { expires: Number(tags.get('x')) } : {}),
  };
  const required = ['v', 'a', 'b', 'bh', 'd', 'h', 's'];
  if (tags.get('v') !== '1' || required.some((t) => !tags.has(t)) || !/^(rsa-sha256|rsa-sha1|ed25519-sha256)$/.test(sig.algo)) return sig;
  const hashName = sig.algo.endsWith('sha1') ? 'sha1' : 'sha256';
  // the body hash
  let cb = canonBody(body, sig.canonBody === 'relaxed');
  if (sig.bodyLength !== undefined) cb = cb.slice(0, sig.bodyLength);
  const bh = createHash(hashName).update(Buffer.from(cb, 'latin1')).digest('base64');
  const key = await fetchKey(dns, sig.selector, sig.domain);
  sig.keyBits = key.bits;
  sig.keyTesting = /(^|:)\s*y\s*(:|$)/.test(key.tags?.get('t') ?? '');
  sig.keyNoSubdomains = /(^|:)\s*s\s*(:|$)/.test(key.tags?.get('t') ?? '');
  sig.keyNotes = key.tags?.get('n') ?? '';
  if (!key.key) { sig.reason = key.reason; return sig; }
  if (bh !== b64(tags.get('bh')!)) { sig.status = 'fail'; sig.reason = 'bodyhash_mismatch'; return sig; }
  // the signed header lines, each instance once, from the bottom up
  const relaxed = sig.canonHeaders === 'relaxed';
  const used = new Set<number>();
  let data = '';
  for (const name of sig.headerNames.split(':').map((n) => n.trim().toLowerCase())) {
    for (let i = headers.length - 1; i >= 0; i--) {
      if (used.has(i) || headers[i]!.name.toLowerCase() !== name) continue;
      used.add(i);
      data += canonHeader(headers[i]!.raw, relaxed);
      break;
    }
  }
  const own = canonHeader(sigHeader.raw.replace(/(\bb[ \t\r\n]*=)[^;]*/, '$1'), relaxed).replace(/\r\n$/, '');
  data += own;
  const signature = Buffer.from(b64(tags.get('b')!), 'base64');
  const bytes = Buffer.from(data, 'latin1');
  const ok = sig.algo.startsWith('ed25519')
    ? cryptoVerify(null, createHash('sha256').update(bytes).digest(), key.key, signature)
    : cryptoVerify(hashName, bytes, key.key, signature);
  sig.status = ok ? 'pass' : 'fail';
  sig.reason = ok ? '' : 'signature_incorrect';
  return sig;
}

/** every DKIM-Signature of the message, in header order */
export async function verifyDkim(dns: DnsResolver, message: string): Promise<DkimSignature[]> {
  const { headers, body } = splitMessage(message);
  const out: DkimSignature[] = [];
  for (let i = 0; i < headers.length; i++) {
    if (headers[i]!.name.toLowerCase() === 'dkim-signature') out.push(await verifyOne(dns, headers, body, i));
  }
  return out;
}

/** $dkim_signers: the signing domains and identities, colon-separated */
export function dkimSigners(sigs: DkimSignature[]): string {
  const items: string[] = [];
  for (const s of sigs) for (const x of [s.domain, s.identity]) if (x && !items.includes(x)) items.push(x);
  return items.join(':');
}
