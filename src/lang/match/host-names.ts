// Host names for host lists: host_name_lookup() (PTR, then a forward lookup of
// each name that must give the client's address back) and host_find_byname()
// (the addresses of a name in a list), both over the DnsResolver service.
// DNS calls go through `io` (an evaluator's journal): they may be async.
import type { DnsAnswer, DnsRecordType, DnsResolver } from '../services/dns.js';
import { invertAddress, ipType } from '../util/ip.js';
import { hostIsInNet } from './host.js';

export type Io = <T>(op: () => T | Promise<T>) => T;

/** what a finished reverse lookup leaves for the session (set once the whole check is done) */
export interface HostLookupOutcome {
  name?: string;
  aliases: string[];
  /** " (failed to find host name from IP address)" etc.: host_lookup_msg */
  msg?: string;
  failed: boolean;
  deferred: boolean;
  /** log lines Exim writes during the lookup */
  logs: string[];
}

/** the session facts a finished lookup is kept in (the ExpandContext has them) */
export interface HostFacts {
  set(name: string, value: string, tainted?: boolean): unknown;
  senderHostAliases?: string[];
  hostLookupMsg?: string;
  updateFullhost(): unknown;
}

/**
 * What host_name_lookup() leaves behind: $sender_host_name and aliases (and
 * $sender_fullhost rebuilt), host_lookup_failed / _deferred, host_lookup_msg,
 * and its log lines (when `log` is given).
 */
export function keepHostLookup(ctx: HostFacts, out: HostLookupOutcome | undefined, log?: (line: string) => void): void {
  if (!out) return;
  if (log) for (const l of out.logs) log(l);
  if (out.name !== undefined) {
    ctx.set('sender_host_name', out.name, true);
    ctx.senderHostAliases = out.aliases;
    ctx.updateFullhost();
  }
  if (out.failed) ctx.set('host_lookup_failed', '1');
  if (out.deferred) ctx.set('host_lookup_deferred', '1');
  if (out.msg !== undefined) ctx.hostLookupMsg = out.msg;
}

export type SenderName = { name: string; aliases: string[] } | { fail: string } | { defer: string };

export const NO_DNS = 'no DNS resolver is configured (services.dns)';

/** dns_build_reverse() */
export function reverseName(address: string): string {
  return `${invertAddress(address)}.${ipType(address.startsWith('::ffff:') ? address.slice(7) : address) === 6 ? 'ip6.arpa' : 'in-addr.arpa'}`;
}

/** One session's name facts, read at the start of a check and written back after it. */
export class HostNames {
  outcome: HostLookupOutcome | undefined;

  constructor(
    private readonly address: string,
    /** $sender_host_name and aliases if known */
    private known: { name: string; aliases: string[] } | undefined,
    /** an earlier lookup failed (host_lookup_failed) */
    private lookupFailed: boolean,
    private readonly dns: DnsResolver | undefined,
    private readonly io: Io,
    /** the -bh debug trace (host_name_lookup()'s lines) */
    private readonly trace?: (line: string) => void,
  ) {}

  private query(name: string, type: DnsRecordType): DnsAnswer {
    const dns = this.dns!;
    return this.io(() => dns.query(name, type));
  }

  /** host_find_byname(): the IPv6 and IPv4 addresses of a name */
  addresses(name: string): string[] | 'again' | 'notfound' | { defer: string } {
    if (!this.dns) return { defer: `cannot look up IP address for ${name}: ${NO_DNS}` };
    const out: string[] = [];
    let again = false;
    for (const type of ['AAAA', 'A'] as const) {
      const a = this.query(name, type);
      if (a.status === 'ok') for (const r of a.records) if (r.type === type) out.push(r.data);
      if (a.status === 'again') again = true;
    }
    if (out.length) return out;
    return again ? 'again' : 'notfound';
  }

  /** host_find_byname() for a name in a host list: its addresses, with Exim's trace */
  byName(name: string): string[] | 'again' | 'notfound' | { defer: string } {
    const a = this.addresses(name);
    if (Array.isArray(a)) {
      this.trace?.('gethostbyname2 looked up these IP addresses:');
      for (const x of a) this.trace?.(`  name=${name} address=${x}`);
    } else if (a === 'notfound') this.trace?.(`no IP address found for host ${name}`);
    return a;
  }

  /** $sender_host_name (and aliases), doing host_name_lookup() when unknown */
  sender(forItem?: string): SenderName {
    if (this.known) return this.known;
    if (forItem !== undefined) this.trace?.(`sender host name required, to match against ${forItem}`);
    const failMsg = { fail: `failed to find host name for ${this.address}` };
    if (this.lookupFailed) return failMsg;
    const r = this.lookup();
    if (typeof r === 'object') return r;
    if (r !== 'ok') return failMsg;
    return this.known!;
  }

  /** host_name_lookup(): 'ok', 'fail' or 'defer' (DNS_AGAIN), or a missing resolver */
  lookup(): 'ok' | 'fail' | 'defer' | { defer: string } {
    if (!this.dns) return { defer: `host name lookup for ${this.address} failed: ${NO_DNS}` };
    const o: HostLookupOutcome = { aliases: [], failed: false, deferred: false, logs: [] };
    this.outcome = o;
    const tr = this.trace;
    tr?.(`looking up host name for ${this.address}`);
    const ptr = this.query(reverseName(this.address), 'PTR');
    if (ptr.status === 'again') { tr?.('IP address PTR lookup gave temporary error'); o.deferred = true; return 'defer'; }
    const names: string[] = [];
    if (ptr.status === 'ok') {
      for (const r of ptr.records) if (r.type === 'PTR' && r.data !== '') names.push(r.data.replace(/\.$/, '').replace(/[A-Z]+/g, (m) => m.toLowerCase()));
    }
    if (!names.length) {
      // host_lookup_order's default "bydns:byaddr": gethostbyaddr() asks the same DNS, and fails too
      tr?.('IP address lookup using gethostbyaddr()');
      tr?.('IP address lookup failed: h_errno=1');
      o.logs.push(`no host name found for IP address ${this.address}`);
      o.msg = ' (failed to find host name from IP address)';
      o.failed = true;
      this.lookupFailed = true;
      return 'fail';
    }
    tr?.(`IP address lookup yielded "${names[0]}"`);
    for (const n of names.slice(1)) tr?.(`  alias "${n}"`);
    // forward confirmation: keep only the names whose addresses include the client's
    const good: string[] = [];
    for (const n of names) {
      const a = this.addresses(n);
      if (a === 'again') { tr?.('temporary error for host name lookup'); o.deferred = true; return 'defer'; }
      if (!Array.isArray(a)) { tr?.(`no IP addresses found for ${n}`); continue; }
      tr?.(`checking addresses for ${n}`);
      let ok = false;
      for (const x of a) {
        if (hostIsInNet(x, this.address, 0)) { tr?.(`  ${x} OK`); ok = true; break; }
        tr?.(`  ${x}`);
      }
      if (ok) good.push(n);
      else tr?.(`no IP address for ${n} matched ${this.address}`);
    }
    if (!good.length) {
      tr?.(`${this.address} does not match any IP address for ${names[0]}`);
      o.msg = ` (${this.address} does not match any IP address for ${names[0]})`;
      o.failed = true;
      this.lookupFailed = true;
      return 'fail';
    }
    o.name = good[0];
    o.aliases = good.slice(1);
    this.known = { name: o.name!, aliases: o.aliases };
    return 'ok';
  }
}
