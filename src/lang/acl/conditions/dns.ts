// Conditions that ask the DNS: dnslists (Exim's dnsbl.c). Each list item is
// [txtdomain,]domain[!][=|==|&|=&]values[/keys]; with no keys the client's
// address is looked up, inverted, under the domain. The first listing wins and
// sets $dnslist_domain, $dnslist_matched, $dnslist_value and $dnslist_text.
import type { AclConditionEntry, AclEnv, AclRc } from '../types.js';
import { ACL_WHERE_NAMES } from '../where.js';
import type { DnsResolver } from '../../services/dns.js';
import { ListReader } from '../../util/list.js';
import { aton, invertAddress, ipType } from '../../util/ip.js';
import { condition } from './common.js';

const MT_NOT = 1;
const MT_ALL = 2;

interface Item {
  domain: string;
  domainTxt: string;
  iplist: string | undefined;
  bitmask: boolean;
  matchType: number;
}

interface Listing { value: string; text: string | undefined }

const strange = (d: string) => /[^A-Za-z0-9\-._]/.test(d);
const isLoopbackNet = (a: string) => ipType(a) === 4 && (aton(a)[0]! >>> 24) === 127;

/** one_check_dnsbl(): is `prepend`.domain listed (and does its address pass the value test)? */
async function checkOne(env: AclEnv, dns: DnsResolver, it: Item, keydomain: string, prepend: string,
  deferReturn: AclRc): Promise<AclRc | Listing> {
  const query = `${prepend}.${it.domain}`;
  if (query.length >= 256) {
    env.log(['main', 'panic'], `dnslist query is too long (ignored): ${query}...`);
    return 'FAIL';
  }
  const tr = (l: string) => env.ctx.trace?.(l);
  // dnsbl_cache: one lookup per query for the life of the process (-bh: the session), until its TTL runs out
  const cache: Map<string, { status: string; addrs: string[]; expiry: number }> = (env.ctx.dnsblCache ??= new Map());
  const now = Math.floor(env.ctx.now().getTime() / 1000);
  let cb = cache.get(query);
  if (cb && cb.expiry > now) tr('dnslists: using result of previous lookup');
  else {
    tr(`${cb ? 'cached data found but past valid time; ' : ''}new DNS lookup for ${query}`);
    const a = await dns.query(query, 'A');
    const recs = a.status === 'ok' ? a.records.filter((r) => r.type === 'A') : [];
    let ttl = 3600;
    for (const r of recs) if (ttl > r.ttl) ttl = r.ttl;
    const status = a.status === 'ok' && !recs.length ? 'nodata' : a.status;
    const expiry = status === 'ok' ? now + ttl
      : (status === 'nxdomain' || status === 'nodata') && a.negativeTtl !== undefined ? now + a.negativeTtl : now + ttl;
    cb = { status, addrs: recs.map((r) => r.data), expiry };
    cache.set(query, cb);
    tr(`dnslists: wrote cache entry, ttl=${expiry - now}`);
  }
  const addrs = cb.addrs;
  if (cb.status === 'ok' && addrs.length) {
    tr(`DNS lookup for ${query} succeeded (yielding ${addrs.join(', ')})`);
    if (it.iplist !== undefined) {
      let matchedAt: number | undefined;
      for (let i = 0; i < addrs.length; i++) {
        const da = addrs[i]!;
        const values = new ListReader(it.iplist, 44);
        let res: string | undefined;
        if (!it.bitmask) {
          while ((res = values.next()) !== undefined && res !== da);
        } else {
          let mask = 0;
          if (ipType(da) === 4) {
            if (!isLoopbackNet(da)) env.log(['main'], `DNS list lookup for ${keydomain} at ${it.domain} returned ${da}; not in 127.0/8 and discarded`);
            else mask = aton(da)[0]!;
          }
          while ((res = values.next()) !== undefined) {
            if (ipType(res) !== 4) continue;
            const x = aton(res)[0]!;
            if ((x & mask) === x) break;
          }
        }
        if (((it.matchType & MT_ALL) !== 0) === (res === undefined)) { matchedAt = i; break; }
      }
      if ((it.matchType === MT_NOT || it.matchType === MT_ALL) !== (matchedAt === undefined)) {
        const res = ['was no match', 'was an exclude match', 'was an IP address that did not match',
          'were no IP addresses that did not match'][it.matchType]!;
        tr('=> but we are not accepting this block class because');
        tr(`=> there ${res} for ${it.matchType & MT_ALL ? '=' : ''}${it.bitmask ? '&' : '='}${it.iplist}`);
        return 'FAIL';
      }
    } else if (!addrs.some((da) => {
      const ok = isLoopbackNet(da);
      if (!ok) env.log(['main'], `DNS list lookup for ${keydomain} at ${it.domain} returned ${da}; not in 127.0/8 and discarded`);
      return ok;
    })) return 'FAIL';
    // listed: the TXT record says why (from the alternate domain when there is one)
    if (it.domainTxt !== it.domain) {
      return checkOne(env, dns, { ...it, domain: it.domainTxt, iplist: undefined, bitmask: false }, keydomain, prepend, deferReturn);
    }
    const t = await dns.query(query, 'TXT');
    const first = t.status === 'ok' ? t.records.find((r) => r.type === 'TXT') : undefined;
    return { value: addrs.join(', '), text: first ? (first.strings?.[0] ?? first.data) : undefined };
  }
  if (cb.status === 'again' || cb.status === 'fail') {
    env.log(['main'], `DNS list lookup defer (probably timeout) for ${query}: ${deferReturn === 'OK' ? 'assumed in list' : deferReturn === 'FAIL' ? 'assumed not in list' : 'returned DEFER'}`);
    return deferReturn;
  }
  tr(`DNS lookup for ${query} failed`);
  tr(`=> that means ${keydomain} is not listed at ${it.domain}`);
  return 'FAIL';
}

function parseItem(raw: string): { item: Item; key: string | undefined } {
  let domain = raw;
  let key: string | undefined;
  const slash = domain.indexOf('/');
  if (slash >= 0) { key = domain.slice(slash + 1); domain = domain.slice(0, slash); }
  let bitmask = false;
  let matchType = 0;
  let iplist: string | undefined;
  let at = domain.indexOf('=');
  if (at < 0) { bitmask = true; at = domain.indexOf('&'); }
  if (at >= 0) {
    let rest = domain.slice(at + 1);
    let head = domain.slice(0, at);
    if (head.endsWith('!')) { matchType |= MT_NOT; head = head.slice(0, -1); }
    if (!bitmask && (rest[0] === '=' || rest[0] === '&')) {
      bitmask = rest[0] === '&';
      rest = rest.slice(1);
      matchType |= MT_ALL;
    }
    iplist = rest;
    domain = head;
  }
  let domainTxt = domain;
  const comma = domain.indexOf(',');
  if (comma >= 0) { domainTxt = domain.slice(0, comma); domain = domain.slice(comma + 1); }
  return { item: { domain, domainTxt, iplist, bitmask: iplist !== undefined && bitmask, matchType }, key };
}

/** verify_check_dnsbl() */
async function dnslists(arg: string, env: AclEnv): Promise<AclRc> {
  const ctx = env.ctx;
  const dns = env.services.dns;
  let deferReturn: AclRc = 'FAIL';
  const listed = (it: Item, matched: string, l: Listing): AclRc => {
    ctx.set('dnslist_domain', it.domainTxt, false);
    ctx.set('dnslist_matched', matched, true);
    ctx.set('dnslist_value', l.value, true);
    if (l.text === undefined) ctx.unset('dnslist_text');
    else ctx.set('dnslist_text', l.text, true);
    return 'OK';
  };
  for (let r = new ListReader(arg, 0), raw = r.next(); raw !== undefined; raw = r.next()) {
    ctx.trace?.(`dnslists check: ${raw}`);
    if (raw[0] === '+') {
      const l = raw.toLowerCase();
      if (l === '+include_unknown') deferReturn = 'OK';
      else if (l === '+exclude_unknown') deferReturn = 'FAIL';
      else if (l === '+defer_unknown') deferReturn = 'DEFER';
      else env.log(['main', 'panic'], `unknown item in dnslist (ignored): ${raw}`);
      continue;
    }
    const { item, key } = parseItem(raw);
    if (strange(item.domain)) env.log(['main'], `dnslists domain "${item.domain}" contains strange characters - is this right?`);
    if (item.domainTxt !== item.domain && strange(item.domainTxt)) env.log(['main'], `dnslists domain "${item.domainTxt}" contains strange characters - is this right?`);
    if (key === undefined) {
      if (env.where === 'NOTSMTP_START' || env.where === 'NOTSMTP') {
        env.logMessage = `cannot test auto-keyed dnslists condition in ${ACL_WHERE_NAMES[env.where]} ACL`;
        return 'ERROR';
      }
      const address: string | undefined = ctx.values.get('sender_host_address') || undefined;
      if (!address) return 'FAIL';
      if (!dns) { env.logMessage = 'dnslists: no DNS resolver is configured (services.dns)'; return 'DEFER'; }
      const rc = await checkOne(env, dns, item, address, invertAddress(address), deferReturn);
      if (typeof rc === 'object') {
        ctx.trace?.(`=> that means ${address} is listed at ${item.domainTxt}`);
        return listed(item, address, rc);
      }
      if (rc !== 'FAIL') return rc;
    } else {
      let deferred = false;
      for (let kr = new ListReader(key, 0), kd = kr.next(); kd !== undefined; kd = kr.next()) {
        if (!dns) { env.logMessage = 'dnslists: no DNS resolver is configured (services.dns)'; return 'DEFER'; }
        const prepend = ipType(kd) !== 0 ? invertAddress(kd) : kd;
        const rc = await checkOne(env, dns, item, kd, prepend, deferReturn);
        if (typeof rc === 'object') {
          ctx.trace?.(`=> that means ${kd} is listed at ${item.domainTxt}`);
          return listed(item, kd, rc);
        }
        if (rc === 'DEFER') deferred = true;
      }
      if (deferred) return 'DEFER';
    }
  }
  return 'FAIL';
}

export const dns: AclConditionEntry[] = [
  condition({
    name: 'dnslists',
    doc: 'dnslists = <list of DNS black lists>: the client (or a key) is listed',
    run: (arg, env) => dnslists(arg, env),
  }),
];
