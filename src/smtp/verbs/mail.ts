// MAIL FROM: the ESMTP parameters (SIZE, BODY, AUTH, PRDR, RET, ENVID,
// SMTPUTF8), the sender's syntax, size and qualification checks, then the MAIL ACL.
import { extractAddress } from '../../lang/util/address.js';
import type { SmtpSession } from '../session.js';
import { expandMailMax } from './helo.js';
import { extractOption, xtextDecode } from '../params.js';

const MAIL_ARGS: Record<string, boolean> = {
  SIZE: true, BODY: true, AUTH: true, PRDR: false, RET: true, ENVID: true, SMTPUTF8: false,
};

export async function mail(s: SmtpSession): Promise<void> {
  s.hadCmd('MAIL');
  s.mailcmdCount++;
  const ctx = s.ctx;
  s.wasRejMail = true;

  if (!s.heloSeen) {
    if (s.heloVerifyRequired || (await s.hostIn('hosts_require_helo')) === 'ok') {
      s.print('503 HELO or EHLO required\r\n');
      s.log.write(0, ['main', 'reject'], `rejected MAIL from ${s.hostAndIdent(false)}: no HELO/EHLO given`);
      return;
    }
    if (s.mailcmdMax < 0) s.mailcmdMax = expandMailMax(s);
  }
  if (s.sender !== undefined) {
    s.done = s.synprotError('protocol', 503, undefined, 'sender already given');
    return;
  }
  if (s.cmdData === '') {
    s.done = s.synprotError('protocol', 501, undefined, 'MAIL must have an address operand');
    return;
  }
  if (s.mailcmdMax > 0 && s.mailcmdCount > s.mailcmdMax) {
    s.print('421 too many messages in this connection\r\n');
    s.log.write(0, ['main', 'reject'], `rejected MAIL command ${s.hostAndIdent(true)}: too many messages in one connection`);
    return;
  }
  s.reset();
  s.toomany = false;

  if (s.esmtp) {
    for (;;) {
      const opt = extractOption(s.cmdData);
      if (!opt) break;
      const known = Object.keys(MAIL_ARGS).find((k) => k.toLowerCase() === opt.name.toLowerCase());
      // an empty value ends the search, the option dropped (Exim leaves the line cut there)
      if (known && MAIL_ARGS[known] && opt.value === '') { s.cmdData = opt.rest; break; }
      let argError = false;
      switch (known) {
        case 'SIZE': {
          if (/^\d+$/.test(opt.value)) {
            const n = Number(opt.value);
            s.messageSize = n > 0x7fffffff ? 0x7fffffff : n;
          } else argError = true;
          break;
        }
        case 'BODY':
          if (s.opts.bool('accept_8bitmime')) {
            if (opt.value.toLowerCase() === '8bitmime') s.body8bitmime = 8;
            else if (opt.value.toLowerCase() === '7bit') s.body8bitmime = 7;
            else {
              s.body8bitmime = 0;
              s.done = s.synprotError('syntax', 501, undefined, 'invalid data for BODY');
              return;
            }
            break;
          }
          argError = true;
          break;
        case 'RET':
          if (s.dsnAdvertised) {
            if (s.dsnRet > 0) { s.done = s.synprotError('syntax', 501, undefined, 'RET can be specified once only'); return; }
            s.dsnRet = /^hdrs$/i.test(opt.value) ? 2 : /^full$/i.test(opt.value) ? 1 : 0;
            if (s.dsnRet === 0) { s.done = s.synprotError('syntax', 501, undefined, 'Value for RET is invalid'); return; }
          }
          break;
        case 'ENVID':
          if (s.dsnAdvertised) {
            if (s.dsnEnvid !== undefined) { s.done = s.synprotError('syntax', 501, undefined, 'ENVID can be specified once only'); return; }
            s.dsnEnvid = opt.value;
          }
          break;
        case 'AUTH':
          if (opt.value !== '<>') {
            const decoded = xtextDecode(opt.value);
            if (decoded === undefined) {
              s.done = s.synprotError('syntax', 501, undefined, 'invalid data for AUTH');
              return;
            }
            const acl = s.opts.acl('acl_smtp_mailauth');
            let rc: string;
            let ignoreMsg: string;
            let r;
            ctx.set('authenticated_sender', decoded, true);
            if (!acl) {
              ignoreMsg = 'client not authenticated';
              rc = ctx.values.get('sender_host_authenticated') ? 'OK' : 'FAIL';
            } else {
              ignoreMsg = 'rejected by ACL';
              r = await s.aclCheck('MAILAUTH', undefined, acl);
              rc = r.rc;
            }
            if (rc === 'FAIL') {
              ctx.unset('authenticated_sender');
              s.log.write(0, ['main'], `ignoring AUTH=${opt.value} from ${s.hostAndIdent(true)} (${ignoreMsg})`);
            } else if (rc !== 'OK') {
              await s.handleAclFail('MAILAUTH', r!.rc, r!.userMsg, r!.logMsg);
              return;
            }
          }
          break;
        case 'PRDR':
          if (s.opts.bool('prdr_enable')) { s.prdrRequested = true; ctx.set('prdr_requested', 'yes'); }
          break;
        case 'SMTPUTF8':
          if (!s.smtputf8Advertised) {
            s.done = s.synprotError('syntax', 501, undefined, 'SMTPUTF8 used when not advertised');
            return;
          }
          ctx.set('message_smtputf8', '1');
          if (!(ctx.values.get('received_protocol') ?? '').startsWith('utf8')) {
            ctx.set('received_protocol', `utf8${ctx.values.get('received_protocol') ?? ''}`);
          }
          break;
        default:
          argError = true;
          break;
      }
      // a known option with a bad value ends the search, cut off; an unknown one stays (and spoils the address)
      if (argError) { if (known) s.cmdData = opt.rest; break; }
      s.cmdData = opt.rest;
    }
  }

  ctx.set('message_size', String(s.messageSize));
  const parsed = extractAddress(s.cmdData, { allowDomainLiterals: s.opts.bool('allow_domain_literals') }, undefined, true);
  if ('error' in parsed) {
    s.done = s.synprotError('syntax', 501, s.cmdData, parsed.error);
    return;
  }
  let sender = parsed.address;
  s.rawSender = sender;
  s.sender = sender;

  const limit = s.thisMessageSizeLimit;
  if (limit > 0 && s.messageSize > limit) {
    s.print('552 Message size exceeds maximum permitted\r\n');
    s.log.write('size_reject', ['main', 'reject'], `rejected MAIL FROM:<${sender}> ${s.hostAndIdent(true)}: `
      + `message too big: size${s.messageSize === 0x7fffffff ? '>' : ''}=${s.messageSize} max=${limit}`);
    s.sender = undefined;
    return;
  }

  if (parsed.domain === 0 && sender !== '') {
    if (s.allowUnqualifiedSender) {
      sender = `${sender}@${s.qualifyDomain(false)}`;
      s.sender = sender;
    } else {
      s.print(`501 ${s.cmdData}: sender address must contain a domain\r\n`);
      s.log.write('smtp_syntax_error', ['main', 'reject'],
        `unqualified sender rejected: <${s.rawSender}> ${s.hostAndIdent(true)}${ctx.hostLookupMsg ?? ''}`);
      s.sender = undefined;
      return;
    }
  }
  ctx.setSender(sender);

  let rc = 'OK';
  let userMsg: string | undefined;
  let logMsg: string | undefined;
  const acl = s.opts.acl('acl_smtp_mail');
  if (acl) {
    const r = await s.aclCheck('MAIL', undefined, acl);
    rc = r.rc;
    userMsg = r.userMsg;
    logMsg = r.logMsg;
  }
  if (rc === 'OK' || rc === 'DISCARD') {
    if (userMsg === undefined) s.print(`250 OK${s.prdrRequested ? ', PRDR Requested' : ''}\r\n`);
    else s.userMsg('250', s.prdrRequested ? `${userMsg}, PRDR Requested` : userMsg);
    s.recipientsDiscarded = rc === 'DISCARD';
    s.wasRejMail = false;
  } else {
    s.done = await s.handleAclFail('MAIL', rc as never, userMsg, logMsg);
    s.sender = undefined;
    ctx.unset('sender_address');
  }
}
