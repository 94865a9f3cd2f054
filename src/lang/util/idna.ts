// IDNA as Debian's Exim 4.96 does it: idn2_lookup_u8(IDN2_NFC_INPUT) of
// libidn2 2.3 (UTS #46 non-transitional mapping, then the IDNA2008 label
// rules of RFC 5891/5892/5893, and an A-label roundtrip), and the libidn
// punycode decoder Exim uses for the other direction. The Unicode property
// tables are approximated from what JavaScript's regular expressions and
// normalisation know; the error texts are idn2_strerror()'s.
import punycode from 'punycode/punycode.js';
import * as TABLES from './idna-tables.js';

export class IdnaError extends Error {}

const E = {
  encoding: 'string encoding error',
  punyBad: 'string contains invalid punycode data',
  punyBig: 'punycode encoded data will be too large',
  punyOverflow: 'punycode conversion resulted in overflow',
  bigDomain: 'domain name longer than 255 characters',
  bigLabel: 'domain label longer than 63 characters',
  notNfc: 'string is not in Unicode NFC format',
  twoHyphen: 'string contains forbidden two hyphens pattern',
  hyphen: 'string start/ends with forbidden hyphen',
  combining: 'string contains a forbidden leading combining character',
  disallowed: 'string contains a disallowed character',
  contextj: 'string contains a forbidden context-j character',
  unassigned: 'string contains unassigned code point',
  bidi: 'string has forbidden bi-directional properties',
  dot: 'domain label has forbidden dot (TR46)',
  nontransitional: 'domain label has character forbidden in non-transitional mode (TR46)',
  roundtrip: 'A-label roundtrip failed',
};

const LABEL_MAX = 63;
const DOMAIN_MAX = 255;

// ---- the tables (idna-tables.ts, generated from libidn2 and libunistring) ----

interface Table<V> { starts: number[]; values: V[] }

function readSmall(runs: string): Table<number> {
  const t: Table<number> = { starts: [], values: [] };
  let at = 0;
  for (const m of runs.matchAll(/([0-9a-z]+)([A-Z])/g)) {
    t.starts.push(at);
    t.values.push(m[2]!.charCodeAt(0) - 65);
    at += parseInt(m[1]!, 36);
  }
  return t;
}

type Status = 'valid' | 'mapped' | 'ignored' | 'deviation' | 'disallowed' | 'std3mapped' | 'std3valid' | 'none';
const STATUS: Record<string, Status> = {
  V: 'valid', M: 'mapped', I: 'ignored', D: 'deviation', X: 'disallowed', S: 'std3mapped', T: 'std3valid', N: 'none',
};
interface Tr46Run { status: Status; delta?: number; map?: number[] }

function readTr46(runs: string): Table<Tr46Run> {
  const t: Table<Tr46Run> = { starts: [], values: [] };
  let at = 0;
  for (const item of runs.split(' ')) {
    const m = /^([0-9a-z]+)([A-Z])(?:([+-])([0-9a-z]+)|=([0-9a-z,]+))?$/.exec(item)!;
    const run: Tr46Run = { status: STATUS[m[2]!]! };
    if (m[3]) run.delta = (m[3] === '-' ? -1 : 1) * parseInt(m[4]!, 36);
    if (m[5]) run.map = m[5].split(',').map((x) => parseInt(x, 36));
    t.starts.push(at);
    t.values.push(run);
    at += parseInt(m[1]!, 36);
  }
  return t;
}

function find<V>(t: Table<V>, cp: number): V {
  let lo = 0, hi = t.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (t.starts[mid]! <= cp) lo = mid; else hi = mid - 1;
  }
  return t.values[lo]!;
}

/** parsed on first use; constant data */
let tables: { tr46: Table<Tr46Run>; prop: Table<number>; bidi: Table<number>; mark: Table<number>;
  virama: Table<number>; joining: Table<number> } | undefined;
function T46() {
  tables ??= {
    tr46: readTr46(TABLES.TR46), prop: readSmall(TABLES.PROP), bidi: readSmall(TABLES.BIDI),
    mark: readSmall(TABLES.MARK), virama: readSmall(TABLES.VIRAMA), joining: readSmall(TABLES.JOINING),
  };
  return tables;
}

function tr46(cp: number): { status: Status; map: number[] } {
  const r = find(T46().tr46, cp);
  return { status: r.status, map: r.map ?? (r.delta !== undefined ? [cp + r.delta] : [cp]) };
}

const PROP_NAMES = ['PVALID', 'CONTEXTJ', 'CONTEXTO', 'DISALLOWED', 'UNASSIGNED'] as const;
const idna2008 = (cp: number) => PROP_NAMES[find(T46().prop, cp)]!;
const isMark = (cp: number) => find(T46().mark, cp) === 1;
const isVirama = (cp: number) => find(T46().virama, cp) === 1;
// libunistring's enums
const BIDI_NAMES = ['L', 'LRE', 'LRO', 'R', 'AL', 'RLE', 'RLO', 'PDF', 'EN', 'ES', 'ET', 'AN', 'CS', 'NSM', 'BN', 'B',
  'S', 'WS', 'ON', 'LRI', 'RLI', 'FSI', 'PDI'];
const bidiClass = (cp: number) => BIDI_NAMES[find(T46().bidi, cp)]!;
const JOINING_NAMES = ['U', 'T', 'C', 'L', 'R', 'D'];
const joiningType = (cp: number) => JOINING_NAMES[find(T46().joining, cp)]!;
const isLdh = (cp: number) => (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || cp === 0x2d;
const isStd3 = (s: Status) => s === 'std3valid' || s === 'std3mapped';

/** RFC 5893 as libidn2 checks it, for labels with a right-to-left character */
function bidiOk(label: number[]): boolean {
  const cls = label.map(bidiClass);
  if (!cls.some((c) => c === 'R' || c === 'AL' || c === 'AN')) return true;
  const neutral = ['ES', 'CS', 'ET', 'ON', 'BN'];
  const strong = cls[0] === 'L' ? ['L', 'EN', 'NSM'] : cls[0] === 'R' || cls[0] === 'AL' ? ['R', 'AL', 'EN', 'AN', 'NSM'] : undefined;
  if (!strong) return false;
  let endOk = true;
  for (const c of cls.slice(1)) {
    if (strong.includes(c)) endOk = true;
    else if (neutral.includes(c)) endOk = false;
    else return false;
  }
  return endOk;
}

/** ZWNJ and ZWJ (RFC 5892 appendix A.1, A.2) */
function contextjOk(label: number[], pos: number): boolean {
  const cp = label[pos]!;
  if (idna2008(cp) !== 'CONTEXTJ') return true;
  if (pos > 0 && isVirama(label[pos - 1]!)) return true;
  if (cp !== 0x200c) return false;
  if (pos === 0 || pos === label.length - 1) return false;
  for (let i = pos - 1; ; i--) {
    const jt = joiningType(label[i]!);
    if (jt === 'L' || jt === 'D') break;
    if (i === 0 || jt !== 'T') return false;
  }
  for (let i = pos + 1; i < label.length; i++) {
    const jt = joiningType(label[i]!);
    if (jt === 'R' || jt === 'D') break;
    if (i === label.length - 1 || jt !== 'T') return false;
  }
  return true;
}

// ---- label tests of _idn2_label_test() ----

const T = {
  NFC: 1, TWO_HYPHEN: 2, HYPHEN_STARTEND: 4, LEADING_COMBINING: 8, DISALLOWED: 16,
  CONTEXTJ_RULE: 32, UNASSIGNED: 64, BIDI: 128, NONTRANSITIONAL: 256,
};

function labelTest(what: number, label: number[]): string | undefined {
  const n = label.length;
  const s = String.fromCodePoint(...label);
  if (what & T.NFC && s.normalize('NFC') !== s) return E.notNfc;
  if (what & T.TWO_HYPHEN && n >= 4 && label[2] === 0x2d && label[3] === 0x2d) return E.twoHyphen;
  if (what & T.HYPHEN_STARTEND && n > 0 && (label[0] === 0x2d || label[n - 1] === 0x2d)) return E.hyphen;
  if (what & T.LEADING_COMBINING && n > 0 && isMark(label[0]!)) return E.combining;
  // the STD3 exemption (non-LDH ASCII) holds as UseSTD3ASCIIRules is off
  if (what & T.DISALLOWED && label.some((c) => idna2008(c) === 'DISALLOWED' && !isStd3(tr46(c).status))) return E.disallowed;
  if (what & T.CONTEXTJ_RULE && !label.every((_, i) => contextjOk(label, i))) return E.contextj;
  if (what & T.UNASSIGNED && label.some((c) => idna2008(c) === 'UNASSIGNED')) return E.unassigned;
  if (what & T.BIDI && !bidiOk(label)) return E.bidi;
  if (what & T.NONTRANSITIONAL) {
    if (label.includes(0x2e)) return E.dot;
    for (const c of label) {
      const st = tr46(c).status;
      if (st !== 'valid' && st !== 'deviation' && !isStd3(st)) return E.nontransitional;
    }
  }
  return undefined;
}

const TR46_CHECK = T.NFC | T.TWO_HYPHEN | T.HYPHEN_STARTEND | T.LEADING_COMBINING | T.NONTRANSITIONAL;
const LABEL_CHECK = T.NFC | T.TWO_HYPHEN | T.LEADING_COMBINING | T.DISALLOWED | T.CONTEXTJ_RULE | T.UNASSIGNED
  | T.BIDI | T.NONTRANSITIONAL;

// ---- punycode as libidn2 has it ----

/** libidn2's decoder: basic code points are only letters, digits, '-' and '_' */
function punyDecode2(input: string, maxOut = LABEL_MAX): number[] {
  const BASE = 36, TMIN = 1, TMAX = 26, MAXINT = 0xffffffff;
  if (!input.length) throw new IdnaError(E.punyBad);
  let b = 0;
  for (let j = 0; j < input.length; j++) {
    if (!/^[A-Za-z0-9_-]$/.test(input[j]!)) throw new IdnaError(E.punyBad);
    if (input[j] === '-') b = j;
  }
  const out: number[] = [];
  if (input[b] === '-') {
    if (!b || b === input.length - 1) throw new IdnaError(E.punyBad);
    if (b >= maxOut) throw new IdnaError(E.punyBig);
    for (let j = 0; j < b; j++) out.push(input.charCodeAt(j));
    b++;
  }
  const digit = (c: string) => (c >= 'a' && c <= 'z' ? c.charCodeAt(0) - 97 : c >= '0' && c <= '9' ? c.charCodeAt(0) - 22
    : c >= 'A' && c <= 'Z' ? c.charCodeAt(0) - 65 : 0);
  let n = 0x80, i = 0, bias = 72;
  for (let inp = b; inp < input.length;) {
    const oldi = i;
    let w = 1;
    for (let k = BASE; ; k += BASE) {
      if (inp >= input.length) throw new IdnaError(E.punyBad);
      const d = digit(input[inp++]!);
      if (d > Math.floor((MAXINT - i) / w)) throw new IdnaError(E.punyOverflow);
      i += d * w;
      const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
      if (d < t) break;
      if (w > Math.floor(MAXINT / (BASE - t))) throw new IdnaError(E.punyOverflow);
      w *= BASE - t;
    }
    bias = adapt(i - oldi, out.length + 1, oldi === 0);
    if (Math.floor(i / (out.length + 1)) > MAXINT - n) throw new IdnaError(E.punyOverflow);
    n += Math.floor(i / (out.length + 1));
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdbff)) throw new IdnaError(E.punyBad);
    i %= out.length + 1;
    if (out.length >= maxOut) throw new IdnaError(E.punyBig);
    out.splice(i++, 0, n);
  }
  return out;
}

function adapt(delta: number, numPoints: number, first: boolean): number {
  delta = first ? Math.floor(delta / 700) : delta >>> 1;
  delta += Math.floor(delta / numPoints);
  let k = 0;
  for (; delta > ((36 - 1) * 26) >> 1; k += 36) delta = Math.floor(delta / 35);
  return k + Math.floor((36 * delta) / (delta + 38));
}

function punyEncode(label: number[]): string {
  const enc = punycode.encode(String.fromCodePoint(...label));
  if (enc.length > LABEL_MAX - 4) throw new IdnaError(E.punyBig);
  return enc;
}

// ---- idn2_lookup_u8() ----

/** UTS #46 processing of the whole name, with its per-label checks (last failing label's error wins) */
function tr46Domain(input: number[]): number[] {
  const mapped: number[] = [];
  for (const c of input) {
    const m = tr46(c);
    if (m.status === 'disallowed') throw new IdnaError(E.disallowed);
    // a code point the table lacks is dropped, as libidn2 does
    if (m.status === 'valid' || m.status === 'deviation' || m.status === 'std3valid') mapped.push(c);
    else if (m.status === 'mapped' || m.status === 'std3mapped') mapped.push(...m.map);
  }
  if (mapped.length >= DOMAIN_MAX) throw new IdnaError(E.bigDomain);
  const norm = Array.from(String.fromCodePoint(...mapped).normalize('NFC'), (c) => c.codePointAt(0)!);
  let err: string | undefined;
  for (const label of splitLabels(norm)) {
    let test = label;
    if (label.length >= 4 && isAcePrefix(label)) test = punyDecode2(String.fromCodePoint(...label.slice(4)));
    err = labelTest(TR46_CHECK, test) ?? err;
  }
  if (err) throw new IdnaError(err);
  return norm;
}

const isAcePrefix = (l: number[]) => l[0] === 0x78 && l[1] === 0x6e && l[2] === 0x2d && l[3] === 0x2d;

function splitLabels(cps: number[]): number[][] {
  const out: number[][] = [[]];
  for (const c of cps) {
    if (c === 0x2e) out.push([]);
    else out[out.length - 1]!.push(c);
  }
  return out;
}

function lookupLabel(label: number[]): string {
  let cps = label;
  let original: string | undefined;
  if (label.every((c) => c < 0x80)) {
    const text = String.fromCharCode(...label);
    if (!text.startsWith('xn--')) {
      if (label.length > LABEL_MAX) throw new IdnaError(E.bigLabel);
      return text;
    }
    cps = punyDecode2(text.slice(4));
    original = text;
  }
  cps = Array.from(String.fromCodePoint(...cps).normalize('NFC'), (c) => c.codePointAt(0)!);
  const err = labelTest(LABEL_CHECK, cps);
  if (err) throw new IdnaError(err);
  const ace = 'xn--' + punyEncode(cps);
  if (original !== undefined) {
    if (original.toLowerCase() !== ace.toLowerCase()) throw new IdnaError(E.roundtrip);
  } else {
    let back: number[];
    try {
      back = punyDecode2(ace.slice(4));
    } catch {
      throw new IdnaError(E.roundtrip);
    }
    if (back.length !== cps.length || back.some((c, i) => c !== cps[i])) throw new IdnaError(E.roundtrip);
  }
  return ace;
}

/** A UTF-8 byte string to its A-label form (what Exim's string_domain_utf8_to_alabel gives) */
export function domainToAscii(bytes: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(bytes, 'latin1'));
  } catch {
    throw new IdnaError(E.encoding);
  }
  const cps = tr46Domain(Array.from(text, (c) => c.codePointAt(0)!));
  const labels = splitLabels(cps);
  let out = '';
  labels.forEach((label, i) => {
    const a = lookupLabel(label);
    const last = i === labels.length - 1;
    if (out.length + a.length > DOMAIN_MAX - (a.length === 0 && last ? 1 : 2)) throw new IdnaError(E.bigDomain);
    out += a;
    if (!last) {
      if (out.length + 1 > DOMAIN_MAX) throw new IdnaError(E.bigDomain);
      out += '.';
    }
  });
  return out;
}

// ---- the other direction: libidn's punycode, as Exim's own label code uses it ----

/** punycode_strerror() of libidn */
const PUNY1 = {
  bad: 'Invalid input',
  big: 'Output would exceed the buffer space provided',
  overflow: 'String size limit exceeded',
};

/** libidn's punycode_decode(): at most `maxOut` code points */
export function punycodeDecode(input: string, maxOut: number): number[] {
  const MAXINT = 0xffffffff;
  let b = 0;
  for (let j = 0; j < input.length; j++) if (input[j] === '-') b = j;
  if (b > maxOut) throw new IdnaError(PUNY1.big);
  const out: number[] = [];
  for (let j = 0; j < b; j++) {
    if (input.charCodeAt(j) >= 0x80) throw new IdnaError(PUNY1.bad);
    out.push(input.charCodeAt(j));
  }
  // libidn computes with a signed char: anything below '0' counts as a digit
  // (c - 22) when that is not negative, e.g. '.' as 24; negatives are no digit
  const digit = (c: number) => {
    if (c >= 0x80) c -= 0x100;
    const d = c - 48 < 10 ? c - 22 : c - 65 < 26 ? c - 65 : c - 97 < 26 ? c - 97 : 36;
    return d < 0 ? 36 : d;
  };
  let n = 0x80, i = 0, bias = 72;
  for (let inp = b > 0 ? b + 1 : 0; inp < input.length;) {
    const oldi = i;
    let w = 1;
    for (let k = 36; ; k += 36) {
      if (inp >= input.length) throw new IdnaError(PUNY1.bad);
      const d = digit(input.charCodeAt(inp++));
      if (d >= 36) throw new IdnaError(PUNY1.bad);
      if (d > Math.floor((MAXINT - i) / w)) throw new IdnaError(PUNY1.overflow);
      i += d * w;
      const t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
      if (d < t) break;
      if (w > Math.floor(MAXINT / (36 - t))) throw new IdnaError(PUNY1.overflow);
      w *= 36 - t;
    }
    bias = adapt(i - oldi, out.length + 1, oldi === 0);
    if (Math.floor(i / (out.length + 1)) > MAXINT - n) throw new IdnaError(PUNY1.overflow);
    n += Math.floor(i / (out.length + 1));
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdbff)) throw new IdnaError(PUNY1.bad);
    i %= out.length + 1;
    if (out.length >= maxOut) throw new IdnaError(PUNY1.big);
    out.splice(i++, 0, n);
  }
  return out;
}

/** libidn's punycode_encode() of code points into at most `maxOut` characters */
export function punycodeEncode(cps: number[], maxOut: number): string {
  const enc = punycode.encode(String.fromCodePoint(...cps));
  if (enc.length > maxOut) throw new IdnaError(PUNY1.big);
  return enc;
}

/** code points to UTF-8 bytes (a latin1 string), surrogates encoded as any other */
export function utf8Bytes(cps: number[]): string {
  let out = '';
  for (const c of cps) {
    if (c < 0x80) out += String.fromCharCode(c);
    else if (c < 0x800) out += String.fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out += String.fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out += String.fromCharCode(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}
