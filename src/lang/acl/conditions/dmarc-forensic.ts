// control = dmarc_enable_forensic: when DMARC enforcement fails and the
// record asks for failure reports (ruf=mailto:...), Exim sends each address a
// report (dmarc_send_forensic_report() and moan_send_message()'s
// ERRMESS_DMARC_FORENSIC text: the facts, then the message's header lines).
// The report goes to services.outbound; -bh sends nothing, as Exim's does not.
import type { AclEnv } from '../types.js';
import type { DmarcResponse } from '../../services/auth.js';
import type { OutboundMessage } from '../../services/outbound.js';

const DEFAULT_DSN_FROM = 'Mail Delivery System <Mailer-Daemon@$qualify_domain>';

/** the reports to send for this DMARC result (none unless the control was given and enforcement failed) */
export function forensicReports(env: AclEnv, r: DmarcResponse): OutboundMessage[] {
  const ctx = env.ctx;
  const controls: { name: string }[] = ctx.aclEngine?.session?.controls ?? [];
  if (!controls.some((c) => c.name === 'dmarc_enable_forensic')) return [];
  if (r.status !== 'reject' && r.status !== 'quarantine') return [];
  const to = (r.ruf ?? []).map((x) => x.toLowerCase()).filter((x) => x.startsWith('mailto:')).map((x) => x.slice(7));
  if (!to.length) return [];
  const expand = (s: string): string | undefined => {
    try {
      const v = env.withEvaluator((ev) => ev.expandNested(s));
      return typeof v === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  };
  const ip: string = ctx.values.get('sender_host_address') ?? '';
  const facts: [string, string][] = [
    ['Sender Domain', r.usedDomain],
    ['Sender IP Address', ip],
    ['Received Date', ctx.getVar('tod_full') ?? ''],
    ['SPF Alignment', r.spfAligned ? 'yes' : 'no'],
    ['DKIM Alignment', r.dkimAligned ? 'yes' : 'no'],
    ['DMARC Results', r.statusText],
  ];
  // From: dmarc_forensic_sender (as an address), else dsn_from
  const fs = ctx.config.options.get('dmarc_forensic_sender');
  const sender = fs ? expand(fs) : undefined;
  const senderAddr = sender ? expand(`\${address:${sender}}`) : undefined;
  const from = senderAddr || expand(ctx.config.options.get('dsn_from') ?? DEFAULT_DSN_FROM) || expand(DEFAULT_DSN_FROM) || '';
  const headers: { text: string; type: string }[] = (ctx.headers ?? []).filter((h: { type: string }) => h.type !== '*');
  const id = headers.find((h) => h.type === 'I');
  const references = id ? `References: ${id.text.slice(id.text.indexOf(':') + 1).replace(/^[ \t]+/, '')}` : '';
  const replyTo = ctx.config.options.get('errors_reply_to');
  return to.map((recipient) => ({
    sender: '',
    recipients: [recipient],
    text: (replyTo ? `Reply-To: ${replyTo}\n` : '')
      + 'Auto-Submitted: auto-replied\n'
      + `From: ${from}\n`
      + `To: ${recipient}\n`
      + references
      + `Subject: DMARC Forensic Report for ${r.usedDomain || 'Unknown'} from IP ${ip}\n\n`
      + 'A message claiming to be from you has failed the published DMARC\npolicy for your domain.\n\n'
      + facts.map(([k, v]) => `  ${k}: ${v}\n`).join('')
      + '\n------ This is a copy of the headers that were received before the error\n       was detected.\n\n'
      + headers.map((h) => h.text).join('')
      + '\n',
  }));
}
