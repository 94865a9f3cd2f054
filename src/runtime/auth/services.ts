// The sender-authentication providers that ask the DNS, for a session's
// services (the CLI adds them next to services.dns).
import type { DnsResolver } from '../../lang/services/dns.js';
import type { SessionServices } from '../../lang/services/index.js';
import { DnsSpfProvider } from './spf/provider.js';

export function authServices(dns: DnsResolver, now?: () => Date): Pick<SessionServices, 'spf'> {
  return { spf: new DnsSpfProvider(dns, now) };
}
