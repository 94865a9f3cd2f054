// RFC 1035 master files (section 5): $ORIGIN, $TTL, $INCLUDE, "@", relative
// names, blank owners, parentheses over several lines, ";" comments, quoted
// strings with \X and \DDD escapes, TTL and class in either order, and RFC 3597
// generic data ("\# LEN HEX") for TXT and SPF. The types are those the engine
// asks for; a record of another type is skipped. Bytes are kept (latin1).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DnsRecord, DnsRecordType } from '../lang/services/dns.js';
import { isRecordType, characterStrings, txtRecord } from './records.js';

export class ZoneFileError extends Error {}

interface Token { text: string; quoted: boolean }

/** the tokens of one logical entry, with the line it starts on and whether it began with blank space */
interface Entry { tokens: Token[]; line: number; blankOwner: boolean }

function unescape(s: string): string {
  return s.replace(/\\(\d{3}|[^])/g, (_m, e: string) => (e.length === 3 ? String.fromCharCode(Number(e)) : e));
}

function* entries(text: string, file: string): Generator<Entry> {
  let i = 0;
  let line = 1;
  let depth = 0;
  let cur: Entry | undefined;
  const flush = function* () {
    if (cur && cur.tokens.length) yield cur;
    cur = undefined;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
      if (depth === 0) yield* flush();
      continue;
    }
    if (!cur) cur = { tokens: [], line, blankOwner: c === ' ' || c === '\t' };
    if (c === ' ' || c === '\t' || c === '\r') { i++; continue; }
    if (c === ';') { while (i < text.length && text[i] !== '\n') i++; continue; }
    if (c === '(') { depth++; i++; continue; }
    if (c === ')') {
      if (depth === 0) throw new ZoneFileError(`${file}:${line}: unbalanced ")"`);
      depth--; i++; continue;
    }
    if (c === '"') {
      let j = i + 1;
      let raw = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') { raw += text.slice(j, j + 2); j += 2; continue; }
        if (text[j] === '\n') line++;
        raw += text[j++];
      }
      if (j >= text.length) throw new ZoneFileError(`${file}:${line}: unterminated string`);
      cur.tokens.push({ text: unescape(raw), quoted: true });
      i = j + 1;
      continue;
    }
    let j = i;
    let raw = '';
    while (j < text.length && !' \t\r\n;()"'.includes(text[j]!)) {
      if (text[j] === '\\') { raw += text.slice(j, j + 2); j += 2; continue; }
      raw += text[j++];
    }
    // names keep their escapes until they are made absolute (an escaped dot is not a separator)
    cur.tokens.push({ text: raw, quoted: false });
    i = j;
  }
  if (depth !== 0) throw new ZoneFileError(`${file}:${line}: unbalanced "("`);
  yield* flush();
}

const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);
const TTL_RE = /^(\d+[smhdwSMHDW]?)+$/;

function ttlValue(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  let n = 0;
  for (const m of s.matchAll(/(\d+)([smhdwSMHDW])/g)) n += Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[m[2]!.toLowerCase() as 's']!;
  return n;
}

function absolute(name: string, origin: string): string {
  if (name === '@') return origin;
  const abs = name.endsWith('.') && !name.endsWith('\\.');
  const body = unescape(abs ? name.slice(0, -1) : name);
  if (abs) return body;
  return origin ? `${body}.${origin}` : body;
}

export interface ZoneParseOptions {
  origin?: string;
  /** $INCLUDE depth guard */
  depth?: number;
}

/** the records of a master file's text; `file` names it in errors and anchors $INCLUDE */
export function parseZone(text: string, file = '<zone>', opts: ZoneParseOptions = {}): DnsRecord[] {
  const out: DnsRecord[] = [];
  let origin = (opts.origin ?? '').replace(/\.$/, '');
  let ttl = 3600;
  let owner: string | undefined;
  for (const e of entries(text, file)) {
    const t = e.tokens.map((x) => x.text);
    const where = `${file}:${e.line}`;
    if (!e.tokens[0]!.quoted && t[0]!.startsWith('$')) {
      const d = t[0]!.toUpperCase();
      if (d === '$ORIGIN' && t[1]) origin = absolute(t[1], origin);
      else if (d === '$TTL' && t[1] && TTL_RE.test(t[1])) ttl = ttlValue(t[1]);
      else if (d === '$INCLUDE' && t[1]) {
        if ((opts.depth ?? 0) > 10) throw new ZoneFileError(`${where}: $INCLUDE nested too deeply`);
        const inc = resolve(dirname(file), t[1]);
        out.push(...parseZone(readFileSync(inc, 'latin1'), inc, { origin: t[2] ? absolute(t[2], origin) : origin, depth: (opts.depth ?? 0) + 1 }));
      } else throw new ZoneFileError(`${where}: bad directive ${t[0]}`);
      continue;
    }
    let k = 0;
    if (!e.blankOwner) owner = absolute(t[k++]!, origin);
    if (owner === undefined) throw new ZoneFileError(`${where}: no owner name`);
    let rttl = ttl;
    for (let n = 0; n < 2 && k < t.length; n++) {
      if (TTL_RE.test(t[k]!) && /^\d/.test(t[k]!)) rttl = ttlValue(t[k++]!);
      else if (CLASSES.has(t[k]!.toUpperCase())) k++;
    }
    const type = (t[k++] ?? '').toUpperCase();
    if (!type) throw new ZoneFileError(`${where}: no record type`);
    const rdata = e.tokens.slice(k);
    const rec = record(owner, rttl, type === 'TYPE99' ? 'SPF' : type === 'TYPE16' ? 'TXT' : type, rdata, origin, where);
    if (rec) out.push(rec);
  }
  return out;
}

/** the compressed lower-case form an answer's address prints in (RFC 5952) */
function ipv6Text(a: string, where: string): string {
  try {
    if (!a.includes(':')) throw new Error();
    return new URL(`http://[${a}]/`).hostname.slice(1, -1);
  } catch {
    throw new ZoneFileError(`${where}: bad IPv6 address "${a}"`);
  }
}

function record(name: string, ttl: number, type: string, rd: Token[], origin: string, where: string): DnsRecord | undefined {
  if (!isRecordType(type)) return undefined;
  const s = rd.map((x) => x.text);
  const need = (n: number) => { if (s.length < n) throw new ZoneFileError(`${where}: ${type} needs ${n} fields`); };
  const num = (x: string) => {
    if (!/^\d+$/.test(x)) throw new ZoneFileError(`${where}: ${type}: bad number "${x}"`);
    return Number(x);
  };
  const t: DnsRecordType = type;
  switch (t) {
    case 'A':
      need(1);
      if (!/^\d+\.\d+\.\d+\.\d+$/.test(s[0]!)) throw new ZoneFileError(`${where}: bad IPv4 address "${s[0]}"`);
      return { type: t, name, ttl, data: s[0]! };
    case 'AAAA':
      need(1);
      return { type: t, name, ttl, data: ipv6Text(s[0]!, where) };
    case 'PTR': case 'CNAME': case 'NS':
      need(1);
      return { type: t, name, ttl, data: absolute(s[0]!, origin) };
    case 'MX':
      need(2);
      return { type: t, name, ttl, data: absolute(s[1]!, origin), priority: num(s[0]!) };
    case 'SRV':
      need(4);
      return { type: t, name, ttl, data: absolute(s[3]!, origin), priority: num(s[0]!), weight: num(s[1]!), port: num(s[2]!) };
    case 'SOA':
      need(7);
      return { type: t, name, ttl, data: [absolute(s[0]!, origin), absolute(s[1]!, origin), ...s.slice(2, 7).map((x) => String(ttlValue(x)))].join(' ') };
    case 'TLSA':
      need(4);
      return { type: t, name, ttl, data: `${num(s[0]!)} ${num(s[1]!)} ${num(s[2]!)} ${s.slice(3).join('').toLowerCase()}` };
    case 'TXT': case 'SPF':
      if (s[0] === '\\#' && !rd[0]!.quoted) {
        const hex = s.slice(2).join('');
        if (num(s[1]!) * 2 !== hex.length) throw new ZoneFileError(`${where}: generic data length mismatch`);
        return txtRecord(t, name, ttl, characterStrings(Buffer.from(hex, 'hex')));
      }
      const strings = rd.map((x) => (x.quoted ? x.text : unescape(x.text)));
      if (strings.some((x) => x.length > 255)) throw new ZoneFileError(`${where}: character-string longer than 255 bytes`);
      return txtRecord(t, name, ttl, strings);
  }
}
