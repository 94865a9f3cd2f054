// The resolver a command runs with, from its options: --dns-zone FILE... (zone
// data only, NXDOMAIN for the rest), else --dns-server HOST[:PORT]... or
// EXIM_TS_DNS_SERVERS (space or comma separated), else /etc/resolv.conf.
import type { DnsResolver } from '../lang/services/dns.js';
import { NetworkResolver } from './network.js';
import { RecordedResolver } from './recorded.js';
import { parseServer, readResolvConf } from './resolv-conf.js';

export interface DnsOptions {
  /** --dns-server values */
  servers?: string[];
  /** --dns-zone files */
  zones?: string[];
  /** the environment (EXIM_TS_DNS_SERVERS) */
  env?: Record<string, string | undefined>;
  /** resolv.conf to read when no servers are named */
  resolvConf?: string;
}

export function resolverFromOptions(o: DnsOptions = {}): DnsResolver {
  if (o.zones?.length) return RecordedResolver.fromZoneFiles(o.zones);
  const conf = readResolvConf(o.resolvConf);
  const named = o.servers?.length ? o.servers : (o.env?.EXIM_TS_DNS_SERVERS ?? '').split(/[\s,]+/).filter(Boolean);
  const servers = named.length ? named.map(parseServer) : conf.servers;
  return new NetworkResolver({ servers, timeout: conf.timeout, attempts: conf.attempts });
}
