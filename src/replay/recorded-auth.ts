// SPF and DMARC providers that answer what the session record says the live
// server found, so `spf =` and `dmarc_status =` decide as they did then
// without asking the DNS. A record without results leaves the services unset
// (SPF is then checked against the recorded DNS; dmarc_status defers as without a provider).
import type { DmarcProvider, DmarcRequest, DmarcResponse, SpfProvider, SpfRequest, SpfResponse } from '../lang/services/auth.js';
import type { SessionServices } from '../lang/services/index.js';
import type { DnsResolver } from '../lang/services/dns.js';
import { DnsSpfProvider } from '../runtime/auth/spf/provider.js';
import type { DmarcFacts, SessionRecord, SpfFacts } from './record.js';

/** libspf2's wording of each result, for $spf_header_comment */
const SPF_WORDS: Record<SpfFacts['result'], string> = {
  pass: 'designates', fail: 'does not designate', softfail: 'discourages use of', neutral: 'is neutral about designating',
  none: 'does not provide an SPF record for', temperror: 'had a temporary error checking', permerror: 'has an error in the SPF record for',
  invalid: 'gave an invalid result for',
};

export class RecordedSpf implements SpfProvider {
  constructor(private readonly facts: SpfFacts) {}
  check(req: SpfRequest): SpfResponse {
    const f = this.facts;
    const domain = f.domain ?? (req.sender.includes('@') ? req.sender.slice(req.sender.lastIndexOf('@') + 1) : req.helo);
    const comment = f.comment ?? `${req.receiver}: domain of ${domain} ${SPF_WORDS[f.result]} ${req.ip} as permitted sender`;
    return {
      result: f.result,
      headerComment: comment,
      received: `Received-SPF: ${f.result} (${comment}) client-ip=${req.ip}; envelope-from=${req.sender}; helo=${req.helo};`,
      smtpComment: ['fail', 'softfail', 'neutral'].includes(f.result) ? req.defaultExplanation || comment : '',
      guessed: false,
    };
  }
}

export class RecordedDmarc implements DmarcProvider {
  constructor(private readonly facts: DmarcFacts) {}
  check(req: DmarcRequest): DmarcResponse {
    const f = this.facts;
    const domain = f.domain ?? req.fromDomain;
    return {
      status: f.status,
      statusText: `recorded DMARC result: ${f.status}`,
      usedDomain: domain,
      domainPolicy: f.policy ?? '',
      arHeader: `dmarc=${f.status === 'accept' ? 'pass' : f.status === 'reject' || f.status === 'quarantine' ? 'fail' : f.status} header.from=${domain}`,
    };
  }
}

/** the providers for a session: its recorded results, else SPF checked against its recorded DNS */
export function recordedAuth(r: SessionRecord, dns: DnsResolver, now: () => Date): Pick<SessionServices, 'spf' | 'dmarc'> {
  const s: Pick<SessionServices, 'spf' | 'dmarc'> = {};
  s.spf = r.spf ? new RecordedSpf(r.spf) : new DnsSpfProvider(dns, now);
  if (r.dmarc) s.dmarc = new RecordedDmarc(r.dmarc);
  return s;
}
