// The sender-authentication providers that ask the DNS, for a session's
// services (the CLI adds them next to services.dns).
import type { DnsResolver } from '../../lang/services/dns.js';
import type { SessionServices } from '../../lang/services/index.js';
import { DnsSpfProvider } from './spf/provider.js';
import { DnsDmarcProvider } from './dmarc/provider.js';

/** `tldFile`: the dmarc_tld_file option (public suffix list); default: tldts' built-in list */
export function authServices(dns: DnsResolver, o: { now?: () => Date; tldFile?: string } = {}): Pick<SessionServices, 'spf' | 'dmarc'> {
  return { spf: new DnsSpfProvider(dns, o.now), dmarc: new DnsDmarcProvider(dns, o.tldFile) };
}
