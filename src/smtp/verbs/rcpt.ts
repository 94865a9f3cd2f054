// RCPT TO: sequence and syntax checks, DSN parameters, qualification,
// recipients_max, then the RCPT ACL (or the MAIL ACL's discard).
import { extractAddress } from '../../lang/util/address.js';
import type { SmtpSession } from '../session.js';
import { extractOption } from '../params.js';

export const NOTIFY = { never: 1, success: 2, failure: 4, delay: 8 } as const;

/** qualify_recipient(): unqualified recipients only from recipient_unqualified_hosts, postmaster always */
export function qualifyRecipient(s: SmtpSession, recipient: string, tag: string): string | undefined {
  if (s.allowUnqualifiedRecipient || recipient.toLowerCase() === 'postmaster') {
    return `${recipient}@${s.qualifyDomain(true)}`;
  }
  s.print(`501 ${s.cmdData}: recipient address must contain a domain\r\n`);
  s.log.write('smtp_syntax_error', ['main', 'reject'],
    `unqualified ${tag} rejected: <${recipient}> ${s.hostAndIdent(true)}${s.ctx.hostLookupMsg ?? ''}`);
  return undefined;
}

export async function rcpt(s: SmtpSession): Promise<void> {
  s.hadCmd('RCPT');
  s.rcptCount++;
  s.ctx.set('rcpt_count', String(s.rcptCount));
  s.wasRcpt = s.rcptInProgress = true;

  if (s.sender === undefined) {
    if (s.pipeliningAdvertised && s.lastWasRejMail) {
      s.print('503 sender not yet given\r\n');
      s.wasRejMail = true;
    } else {
      s.done = s.synprotError('protocol', 503, undefined, 'sender not yet given');
      s.wasRcpt = false;
    }
    s.rcptFailCount++;
    return;
  }
  if (s.cmdData === '') {
    s.done = s.synprotError('syntax', 501, undefined, 'RCPT must have an address operand');
    s.rcptFailCount++;
    return;
  }
  let orcpt: string | undefined;
  let dsnFlags = 0;
  if (s.esmtp) {
    for (;;) {
      const opt = extractOption(s.cmdData);
      if (!opt) break;
      if (s.dsnAdvertised && opt.name.toLowerCase() === 'orcpt') {
        if (orcpt !== undefined) { s.done = s.synprotError('syntax', 501, undefined, 'ORCPT can be specified once only'); return; }
        orcpt = opt.value;
      } else if (s.dsnAdvertised && opt.name.toLowerCase() === 'notify') {
        if (dsnFlags > 0) { s.done = s.synprotError('syntax', 501, undefined, 'NOTIFY can be specified once only'); return; }
        if (opt.value.toLowerCase() === 'never') dsnFlags |= NOTIFY.never;
        else {
          for (const w of opt.value.split(',')) {
            const f = NOTIFY[w.toLowerCase() as keyof typeof NOTIFY];
            if (!f || w.toLowerCase() === 'never') {
              s.done = s.synprotError('syntax', 501, undefined, 'Invalid value for NOTIFY parameter');
              return;
            }
            dsnFlags |= f;
          }
        }
      } else break;
      s.cmdData = opt.rest;
    }
  }

  const parsed = extractAddress(s.cmdData, { allowDomainLiterals: s.opts.bool('allow_domain_literals') });
  if ('error' in parsed) {
    s.done = s.synprotError('syntax', 501, s.cmdData, parsed.error);
    s.rcptFailCount++;
    return;
  }
  let recipient = parsed.address;
  if (parsed.domain === 0) {
    const q = qualifyRecipient(s, recipient, 'recipient');
    if (q === undefined) { s.rcptFailCount++; return; }
    recipient = q;
  }

  const max = s.opts.int('recipients_max');
  if (s.rcptCount > max && max > 0) {
    if (s.opts.bool('recipients_max_reject')) {
      s.rcptFailCount++;
      s.print('552 too many recipients\r\n');
      if (!s.toomany) s.log.write(0, ['main', 'reject'], `too many recipients: message rejected: sender=<${s.sender}> ${s.hostAndIdent(true)}`);
    } else {
      s.rcptDeferCount++;
      s.print('452 too many recipients\r\n');
      if (!s.toomany) s.log.write(0, ['main', 'reject'], `too many recipients: excess temporarily rejected: sender=<${s.sender}> ${s.hostAndIdent(true)}`);
    }
    s.toomany = true;
    return;
  }

  let rc: string;
  let userMsg: string | undefined;
  let logMsg: string | undefined;
  if (s.recipientsDiscarded) rc = 'DISCARD';
  else {
    const r = await s.aclCheck('RCPT', recipient, s.opts.acl('acl_smtp_rcpt'));
    rc = r.rc;
    userMsg = r.userMsg;
    logMsg = r.logMsg;
  }
  if (rc === 'OK') {
    if (userMsg !== undefined) s.userMsg('250', userMsg);
    else s.print('250 Accepted\r\n');
    s.recipients.push({ address: recipient, orcpt, dsnFlags });
    s.ctx.recipients = s.recipients.map((r) => r.address);
    s.ctx.set('recipients_count', String(s.recipients.length));
  } else if (rc === 'DISCARD') {
    if (userMsg !== undefined) s.userMsg('250', userMsg);
    else s.print('250 Accepted\r\n');
    s.rcptFailCount++;
    s.discarded = true;
    s.log.write(0, ['main', 'reject'], `${s.hostAndIdent(true)} F=<${s.sender}> RCPT ${s.cmdArgument}: `
      + `discarded by ${s.recipientsDiscarded ? 'MAIL' : 'RCPT'} ACL${logMsg !== undefined ? `: ${logMsg}` : ''}`);
  } else {
    if (rc === 'FAIL') s.rcptFailCount++; else s.rcptDeferCount++;
    s.done = await s.handleAclFail('RCPT', rc as never, userMsg, logMsg);
  }
}
