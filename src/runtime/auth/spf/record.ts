// SPF records (RFC 7208 4.5, 4.6, 12): selection of the "v=spf1" record among
// a name's TXT records, and the parse of its terms. A record with any syntax
// error anywhere is a permerror before anything is evaluated.
import { nodeNet } from '../../../lang/util/builtins.js';
import { checkMacroString, SpfSyntaxError } from './macro.js';

export { SpfSyntaxError };

export type Qualifier = '+' | '-' | '~' | '?';
export type MechanismName = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

export interface Mechanism {
  qualifier: Qualifier;
  name: MechanismName;
  /** the domain-spec (unexpanded), or the network for ip4/ip6 */
  arg?: string;
  cidr4?: number;
  cidr6?: number;
}

export interface SpfRecord {
  mechanisms: Mechanism[];
  redirect?: string;
  exp?: string;
}


/** the "v=spf1" records among TXT strings (each the join of its character-strings) */
export function selectRecords(txts: string[]): string[] {
  return txts.filter((t) => /^v=spf1(?: |$)/i.test(t));
}

const MECHS = new Set<string>(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
const TOPLABEL = /^(?:[a-z0-9]*[a-z][a-z0-9]*|[a-z0-9]+-[a-z0-9-]*[a-z0-9])$/i;
const QNUM = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]\\d|\\d)';
const IP4 = new RegExp(`^${QNUM}\\.${QNUM}\\.${QNUM}\\.${QNUM}$`);

/** domain-spec = macro-string domain-end: a top label that is not all digits, or a macro at the end */
function checkDomainSpec(spec: string): void {
  if (spec === '') throw new SpfSyntaxError('Required option is missing', 'empty domain-spec');
  checkMacroString(spec, false);
  if (/%\{[^}]*\}$/.test(spec)) return;
  const labels = spec.replace(/\.$/, '').split('.');
  if (labels.length < 2 || !TOPLABEL.test(labels[labels.length - 1]!)) {
    throw new SpfSyntaxError('Hostname has a missing or invalid TLD', `bad domain-spec "${spec}"`);
  }
}

function cidr(s: string, max: number): number {
  if (!/^(?:0|[1-9]\d*)$/.test(s) || Number(s) > max) throw new SpfSyntaxError('Invalid CIDR length', `bad CIDR length "/${s}"`);
  return Number(s);
}

/** "[:domain][/n][//m]" of a and mx, "[:domain]" of ptr */
function domainAndCidr(rest: string, m: Mechanism, dual: boolean): void {
  let spec = rest;
  if (dual) {
    const d = /(?:\/(\d*))?(?:\/\/(\d*))?$/.exec(rest)!;
    spec = rest.slice(0, d.index);
    if (d[1] !== undefined) m.cidr4 = cidr(d[1], 32);
    if (d[2] !== undefined) m.cidr6 = cidr(d[2], 128);
  }
  if (spec === '') return;
  if (spec[0] !== ':') throw new SpfSyntaxError('Invalid option found', `bad mechanism "${m.name}${rest}"`);
  m.arg = spec.slice(1);
  checkDomainSpec(m.arg);
}

function parseMechanism(term: string): Mechanism {
  let q: Qualifier = '+';
  let t = term;
  if ('+-~?'.includes(t[0]!)) { q = t[0] as Qualifier; t = t.slice(1); }
  const nm = /^[a-z0-9]+/i.exec(t);
  const name = nm ? nm[0].toLowerCase() : '';
  if (!MECHS.has(name)) throw new SpfSyntaxError('Unknown mechanism found', `unknown mechanism "${term}"`);
  const rest = t.slice(name.length);
  const m: Mechanism = { qualifier: q, name: name as MechanismName };
  switch (m.name) {
    case 'all':
      if (rest !== '') throw new SpfSyntaxError('Invalid option found', `bad "all" mechanism "${term}"`);
      break;
    case 'include': case 'exists':
      if (rest[0] !== ':') throw new SpfSyntaxError('Required option is missing', `"${name}" needs a domain`);
      m.arg = rest.slice(1);
      checkDomainSpec(m.arg);
      break;
    case 'a': case 'mx':
      domainAndCidr(rest, m, true);
      break;
    case 'ptr':
      domainAndCidr(rest, m, false);
      break;
    case 'ip4': {
      const r = /^:([^/]*)(?:\/(.*))?$/.exec(rest);
      if (!r || !IP4.test(r[1]!)) throw new SpfSyntaxError('Invalid IPv4 address literal', `bad ip4 "${term}"`);
      m.arg = r[1];
      m.cidr4 = r[2] === undefined ? 32 : cidr(r[2], 32);
      break;
    }
    case 'ip6': {
      const r = /^:([^/]*)(?:\/(.*))?$/.exec(rest);
      if (!r || !nodeNet().isIPv6(r[1]!)) throw new SpfSyntaxError('Invalid IPv6 address literal', `bad ip6 "${term}"`);
      m.arg = r[1];
      m.cidr6 = r[2] === undefined ? 128 : cidr(r[2], 128);
      break;
    }
  }
  return m;
}

/** the terms of one record (already selected by its "v=spf1") */
export function parseRecord(text: string): SpfRecord {
  if (/[^\x20-\x7e]/.test(text)) throw new SpfSyntaxError('Invalid character found', 'non-ASCII or control character in the record');
  const rec: SpfRecord = { mechanisms: [] };
  for (const term of text.slice(6).split(' ').filter((x) => x !== '')) {
    const mod = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(term);
    if (mod) {
      const name = mod[1]!.toLowerCase();
      const value = mod[2]!;
      if (name === 'redirect' || name === 'exp') {
        if (rec[name] !== undefined) throw new SpfSyntaxError('Too many modifiers', `more than one ${name}=`);
        checkDomainSpec(value);
        rec[name] = value;
      } else {
        // unknown modifiers are ignored, but their value must still be a macro-string
        checkMacroString(value, false);
      }
      continue;
    }
    rec.mechanisms.push(parseMechanism(term));
  }
  return rec;
}
