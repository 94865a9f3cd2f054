// The SPF provider Exim 4.96 has (spf.c over libspf2), on check_host(): the
// identity (MAIL FROM's domain, or postmaster@HELO for a null sender), the
// loopback free ride, and libspf2's texts for $spf_header_comment,
// $spf_received and $spf_smtp_comment, cut and sanitised as libspf2 does.
// Results follow RFC 7208 where libspf2 strays (it says "(invalid)" for a
// record with a syntax error, has no void-lookup limit, and Exim's DNS hook
// hides exp= texts); see README of this folder.
import { nodeNet } from '../../../lang/util/builtins.js';
import type { DnsResolver } from '../../../lang/services/dns.js';
import type { SpfProvider, SpfRequest, SpfResponse } from '../../../lang/services/auth.js';
import { checkHost, type SpfOutcome } from './check-host.js';
import { checkMacroString, expandMacros } from './macro.js';

const SMTP_COMMENT_SIZE = 4 * 80;
const RECEIVED_SPF_SIZE = 6 * 80;

/** snprintf into a buffer of `size`: at most size-1 bytes */
const cut = (s: string, size: number) => (s.length >= size ? s.slice(0, size - 1) : s);
/** SPF_sanitize(): what is not printable becomes "?" */
const sanitize = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');

/** inet_ntop(): IPv6 compressed, lower case */
function ipText(ip: string): string {
  if (nodeNet().isIPv4(ip)) return ip;
  try {
    return new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  } catch {
    return '(unknown ip address)';
  }
}

const isLoopback = (ip: string) => (nodeNet().isIPv4(ip) ? ip.startsWith('127.') : ipText(ip) === '::1');

/** SPF_request_set_env_from(): a null sender is postmaster@HELO */
function envFrom(sender: string, helo: string): { from: string; domain: string } {
  const s = sender === '' ? helo : sender;
  const at = s.lastIndexOf('@');
  if (at > 0) return { from: s, domain: s.slice(at + 1) };
  const d = at === 0 ? s.slice(1) : s;
  return { from: `postmaster@${d}`, domain: d };
}

export class DnsSpfProvider implements SpfProvider {
  constructor(private readonly dns: DnsResolver, private readonly now: () => Date = () => new Date()) {}

  /** spf_smtp_comment_template, macro-expanded as an explanation (%{p} is not looked up here) */
  private async template(t: string, f: { ip: string; env: { from: string; domain: string }; helo: string; receiver: string; domain: string }): Promise<string> {
    try {
      checkMacroString(t, true);
    } catch {
      return t;
    }
    const at = f.env.from.lastIndexOf('@');
    const v: Record<string, string> = {
      s: f.env.from, l: f.env.from.slice(0, at), o: f.env.domain, d: f.domain, i: f.ip, p: 'unknown', h: f.helo,
      v: nodeNet().isIPv4(f.ip) ? 'in-addr' : 'ip6', c: f.ip, r: f.receiver, t: String(Math.floor(this.now().getTime() / 1000)),
    };
    return expandMacros(t, { get: (l) => v[l] ?? '' });
  }

  async check(req: SpfRequest): Promise<SpfResponse> {
    const ip = ipText(req.ip);
    const env = envFrom(req.sender, req.helo);
    let o: SpfOutcome & { localhost?: boolean };
    if (isLoopback(req.ip)) o = { result: 'pass', reason: 'mechanism', domain: env.domain, localhost: true };
    else o = await checkHost(this.dns, { ip: req.ip, domain: env.domain, sender: env.from, helo: req.helo, receiver: req.receiver, fallback: req.guess, now: this.now });
    // the header comment names the identity checked: "domain of X"
    const source = `domain of ${env.domain}`;
    const size = req.receiver.length + source.length + ip.length + 80;
    let text: string;
    switch (o.result) {
      case 'pass': text = o.localhost ? 'localhost is always allowed.' : `${source} designates ${ip} as permitted sender`; break;
      case 'fail': text = `${source} does not designate ${ip} as permitted sender`; break;
      case 'softfail': text = `transitioning ${source} does not designate ${ip} as permitted sender`; break;
      case 'permerror': text = `error in processing during lookup of ${source}: ${o.error ?? 'Syntax error'}`; break;
      case 'neutral': text = `${ip} is neither permitted nor denied by ${source}`; break;
      case 'none': text = `${source} does not provide an SPF record`; break;
      case 'temperror': text = `encountered temporary error during SPF processing of ${source}`; break;
    }
    const headerComment = sanitize(cut(`${req.receiver}: ${text}`, size));
    const received = sanitize(cut(`Received-SPF: ${o.result} (${headerComment}) client-ip=${ip}; envelope-from=${env.from}; helo=${req.helo};`, RECEIVED_SPF_SIZE));
    let smtpComment = '';
    if (o.result === 'fail' || o.result === 'softfail' || o.result === 'neutral') {
      const why = o.explanation ?? await this.template(req.defaultExplanation, { ip, env, helo: req.helo, receiver: req.receiver, domain: o.domain });
      smtpComment = cut(`${why} : Reason: ${o.reason}`, SMTP_COMMENT_SIZE);
    }
    return { result: o.result, headerComment, received, smtpComment, guessed: o.guessed === true };
  }
}
