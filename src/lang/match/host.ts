// Host lists restricted to IP addresses, as the match_ip condition uses them
// (check_host() with an empty host name: names and "@" are errors).
import { checkString, lowerAscii, matchCheckList, type MatchResult, type MatchServices, type Rc } from './list.js';
import type { HostNames } from './host-names.js';
import { applyMask, aton, ipType, nmtoa } from '../util/ip.js';

/** host_is_in_net(): `net` is an address with an optional /mask at maskOffset */
export function hostIsInNet(host: string, net: string, maskOffset: number): boolean {
  const address = aton(maskOffset ? net.slice(0, maskOffset) : net);
  let mlen = maskOffset === 0 ? 99999 : atoi(net.slice(maskOffset + 1));
  let incoming = aton(host);
  if (incoming.length === 4 && incoming[0] === 0 && incoming[1] === 0 && incoming[2] === 0xffff) incoming = [incoming[3]!];
  if (incoming.length !== address.length) return false;
  for (let i = 0; i < address.length; i++) {
    let mask: number;
    if (mlen === 0) mask = 0;
    else if (mlen < 32) { mask = (-1 << (32 - mlen)) | 0; mlen = 0; } else { mask = -1; mlen -= 32; }
    if ((incoming[i]! & mask) !== (address[i]! & mask)) return false;
  }
  return true;
}

/** query-style types take their key from the query, not from the address */
const QUERY_STYLE = /(^|-)(dnsdb|ldap|ldapdn|ldapm|mysql|pgsql|redis|sqlite|passwd|readsock)$/;

const atoi = (s: string) => { const m = /^\s*[+-]?\d+/.exec(s); return m ? Number(m[0]) : 0; };

/** check_host() for an IP-only match */
function checkIpItem(address: string, ss: string, out: { value?: string; error?: string }, svc: MatchServices): Rc {
  if (ss === '*') return 'ok';
  if (address === '') return ss ? 'fail' : 'ok';
  if (ss === '') return 'fail';
  if (ss === '@') { out.error = 'cannot match host name in match_ip list'; return 'error'; }
  if (ss === '@[]') return svc.localInterfaces().includes(address) ? 'ok' : 'fail';
  const mask = { offset: 0 };
  if (ipType(ss, true, mask) !== 0) return hostIsInNet(address, ss, mask.offset) ? 'ok' : 'fail';
  const t = /^[0-9.]*/.exec(ss)![0].length;
  if (t === ss.length || (ss[t] === '/' && t !== 0)) { out.error = 'malformed IPv4 address or address mask'; return 'error'; }
  if (ss.includes(';')) {
    if (!svc.lookup) { out.error = 'lookups not yet supported'; return 'defer'; }
    // net[N]-type;file: the key is the address masked to N bits, in text, with "/N"
    let pattern = ss;
    let mlen = -1;
    const net = /^net(\d*)-/.exec(ss);
    if (net && ss.indexOf(';') > net[0].length) {
      mlen = net[1] ? Number(net[1]) : -1;
      pattern = ss.slice(net[0].length);
    }
    const semi = pattern.indexOf(';');
    const typeName = pattern.slice(0, semi).split(',')[0]!;
    const bin = aton(address);
    applyMask(bin, mlen);
    const key = QUERY_STYLE.test(typeName) ? address : nmtoa(bin, mlen, /(^|-)iplsearch$/.test(typeName) ? ':' : '.');
    const r = svc.lookup(pattern, key, 'host');
    if (r === null) return 'fail';
    if (typeof r !== 'string') { out.error = r.defer; return 'defer'; }
    out.value = r;
    return 'ok';
  }
  out.error = 'cannot match host name in match_ip list';
  return 'error';
}

/** Is the IP `address` in the host list (IP items only)? */
export function matchIpList(address: string, list: string, svc: MatchServices, sep = 0): MatchResult {
  return matchCheckList(list, { kind: 'host', sep, hostFlags: true }, (pat, out) => checkIpItem(address, pat, out, svc), svc);
}

/** check_host()'s block: the client's address, and its name when items need one */
export interface HostCheck {
  address: string;
  /** sender host name and aliases, looked up when unknown; host_find_byname() for names in the list */
  names: Pick<HostNames, 'sender' | 'addresses' | 'byName'>;
}

/** check_host(): one host-list item against the client (address, or name where the item needs it) */
function checkHostItem(cb: HostCheck, item: string, out: { value?: string; error?: string }, svc: MatchServices): Rc {
  let ss = item;
  if (ss === '*') return 'ok';
  if (cb.address === '') return ss ? 'fail' : 'ok';
  if (ss === '') return 'fail';
  if (ss === '@') ss = svc.primaryHostname;
  else if (ss === '@[]') return svc.localInterfaces().includes(cb.address) ? 'ok' : 'fail';
  const mask = { offset: 0 };
  if (ipType(ss, true, mask) !== 0) return hostIsInNet(cb.address, ss, mask.offset) ? 'ok' : 'fail';
  const t = /^[0-9.]*/.exec(ss)![0].length;
  if (t === ss.length || (ss[t] === '/' && t !== 0)) { out.error = 'malformed IPv4 address or address mask'; return 'error'; }
  const semi = ss.indexOf(';');
  const net = semi >= 0 ? /^net(\d*)-/.exec(ss) : null;
  if (net) return checkIpItem(cb.address, ss, out, svc);
  if (/^[A-Za-z0-9._-]+$/.test(ss)) {
    // a plain host name: its addresses must include the client's
    const a = cb.names.byName(ss);
    if (Array.isArray(a)) return a.some((x) => hostIsInNet(x, cb.address, 0)) ? 'ok' : 'fail';
    if (a === 'again') return 'defer';
    if (typeof a === 'object') { out.error = a.defer; return 'defer'; }
    out.error = `failed to find IP address for ${ss}`;
    return 'error';
  }
  const strCheck = (s: string) => ({ subject: lowerAscii(s), origSubject: s, caseless: true, atSpecial: true, expandSetup: -1 });
  if (semi >= 0) {
    const typeName = ss.slice(0, semi).split(',')[0]!.replace(/^partial\d*(\([^)]*\))?-/, '').replace(/\*(@)?$/, '');
    // query-style lookups need no name (their query says what it uses)
    if (QUERY_STYLE.test(typeName)) {
      const rc = checkString(strCheck(''), ss, out, svc, 'host');
      return rc === 'ok' || rc === 'defer' ? rc : 'fail';
    }
  }
  const sender = cb.names.sender(ss);
  if ('fail' in sender) { out.error = sender.fail; return 'error'; }
  if ('defer' in sender) { out.error = sender.defer; return 'defer'; }
  for (const n of [sender.name, ...sender.aliases]) {
    const rc = checkString(strCheck(n), ss, out, svc, 'host');
    if (rc === 'ok' || rc === 'defer') return rc;
  }
  return 'fail';
}

/** verify_check_this_host(): is the client in the host list? (+named hostlists, negation, files, lookups, names) */
export function matchHostList(cb: HostCheck, list: string, svc: MatchServices, sep = 0, option?: string): MatchResult {
  return matchCheckList(list, { kind: 'host', sep, hostFlags: true, subject: 'host', option },
    (pat, out) => checkHostItem(cb, pat, out, svc), svc);
}
