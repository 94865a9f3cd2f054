// Host lists restricted to IP addresses, as the match_ip condition uses them
// (check_host() with an empty host name: names and "@" are errors).
import { matchCheckList, type MatchResult, type MatchServices, type Rc } from './list.js';
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
