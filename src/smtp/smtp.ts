// The session from start to end: smtp_start_session() (host checks, connect
// ACL, banner), then smtp_setup_msg()'s command loop and receive_msg() for
// each message, until QUIT, a drop, or the end of input.
import type { SmtpSession } from './session.js';
import { messageCode } from './reply.js';
import { helo } from './verbs/helo.js';
import { mail } from './verbs/mail.js';
import { rcpt } from './verbs/rcpt.js';
import { dataCommand } from './verbs/data.js';
import { eof, etrn, expn, help, quit, rset, tooManyNonmail, unknown, vrfy } from './verbs/simple.js';
import { DataSource, receiveMessage } from './receive.js';
import { lookupHostName } from './host-lists.js';
import { EOF, WAIT } from './input.js';
import { stringPrinting } from '../lang/util/printing.js';
import { expandedStringInteger } from '../lang/util/integer.js';
import { ExpandError } from '../lang/expand-api.js';

/** smtp_start_session(): false when the connection ends before any command */
export async function startSession(s: SmtpSession): Promise<boolean> {
  const ctx = s.ctx;
  ctx.set('received_protocol', s.clientAddress !== undefined ? 'smtp' : 'local-smtp');

  // message_size_limit may depend on the host
  const lim = s.expand(s.opts.str('message_size_limit') ?? '');
  try {
    if (!lim.ok) throw new ExpandError(lim.message);
    s.thisMessageSizeLimit = Number(expandedStringInteger(lim.value, true));
  } catch (e) {
    const failedExpand = !lim.ok;
    s.log.write(0, ['main', 'panic'], failedExpand ? `unable to expand message_size_limit: ${(e as Error).message}`
      : `invalid message_size_limit: ${(e as Error).message}`);
    s.print('421 Temporary local problem - please try later\r\n');
    return false;
  }

  if (s.clientAddress !== undefined) {
    if ((await s.hostIn('host_lookup')) === 'ok') {
      await lookupHostName(s.ctx, (t) => s.log.write('host_lookup_failed', ['main'], t));
    }
    if ((await s.hostIn('host_reject_connection')) === 'ok') {
      s.log.write('connection_reject', ['main', 'reject'], `refused connection from ${s.hostAndIdent(false)} (host_reject_connection)`);
      s.print('554 SMTP service not available\r\n');
      return false;
    }
    s.allowUnqualifiedSender = (await s.hostIn('sender_unqualified_hosts')) === 'ok';
    s.allowUnqualifiedRecipient = (await s.hostIn('recipient_unqualified_hosts')) === 'ok';
    s.heloVerifyRequired = (await s.hostIn('helo_verify_hosts')) === 'ok';
    if (!s.heloVerifyRequired) s.heloVerify = (await s.hostIn('helo_try_verify_hosts')) === 'ok';
    s.heloAcceptJunk = (await s.hostIn('helo_accept_junk_hosts')) === 'ok';
  }
  // PROXY protocol hosts (the header itself is read by a live server's listener)
  await s.hostIn('hosts_proxy');

  let userMsg: string | undefined;
  const acl = s.opts.acl('acl_smtp_connect');
  if (acl) {
    const r = await s.aclCheck('CONNECT', undefined, acl);
    if (r.rc !== 'OK') {
      await s.handleAclFail('CONNECT', r.rc, r.userMsg, r.logMsg);
      return false;
    }
    userMsg = r.userMsg;
  }

  let code = { code: '220', len: 3 };
  let text: string;
  if (userMsg === undefined) {
    const b = s.expand(s.opts.str('smtp_banner') ?? '');
    if (!b.ok) throw new SessionAbort(`Expansion of "${s.opts.str('smtp_banner')}" (smtp_banner) failed: ${b.message}`);
    text = b.value;
  } else {
    const mc = messageCode('220', userMsg, true);
    if (mc.panic) s.log.write(0, ['main', 'panic'], mc.panic);
    code = mc.code;
    text = mc.msg ?? '';
  }
  text = text.replace(/[ \t\n\v\f\r]+$/, '');
  const c3 = code.code.slice(0, 3);
  const esc = code.len > 4 ? code.code.slice(4, code.len) : '';
  let out = '';
  let p = 0;
  do {
    const nl = text.indexOf('\n', p);
    const end = nl < 0 ? text.length : nl;
    out += `${c3}${nl < 0 ? ' ' : '-'}${esc}${text.slice(p, end)}\r\n`;
    p = nl < 0 ? text.length : nl + 1;
  } while (p < text.length);
  s.pipeConnectAcceptable = s.clientAddress !== undefined && (await s.hostIn('pipelining_connect_advertise_hosts')) === 'ok';
  s.out(out);
  return true;
}

/** a configuration failure that ends the process in Exim (LOG_PANIC_DIE) */
export class SessionAbort extends Error {}

/** BDAT chunks as a byte stream (bdat_getc), with the commands allowed between chunks */
function bdatSource(s: SmtpSession): () => number | Promise<number> {
  const getc = async (): Promise<number> => {
    for (;;) {
      if (s.chunkLeft > 0) {
        let c = s.input.getc();
        if (c === WAIT) { await s.input.wait(); c = s.input.getc(); }
        if (c === EOF) return EOF;
        s.chunkLeft--;
        return c;
      }
      if (s.chunkingState === 'LAST') return EOD;
      s.print(`250 ${s.chunkSize} byte chunk received\r\n`);
      s.chunkingState = 'OFFERED';
      for (;;) {
        const cmd = await s.readCommand();
        switch (cmd) {
          case 'QUIT': await quit(s); return EOF;
          case 'EOF': return EOF;
          case 'RSET': rset(s); return ERR;
          case 'NOOP': s.hadCmd('NOOP'); s.print('250 OK\r\n'); continue;
          case 'BDAT': {
            const m = /^(\d+)[ \t\n\v\f\r]*/.exec(s.cmdData);
            if (!m) { s.synprotError('protocol', 501, undefined, 'missing size for BDAT command'); return ERR; }
            s.chunkSize = Number(m[1]) >>> 0;
            s.chunkingState = s.cmdData.slice(m[0].length).toLowerCase() === 'last' ? 'LAST' : 'ACTIVE';
            s.chunkLeft = s.chunkSize;
            if (s.chunkSize === 0) {
              if (s.chunkingState === 'LAST') return EOD;
              s.synprotError('protocol', 504, undefined, 'zero size for BDAT command');
              return untilRset();
            }
            break;
          }
          default:
            s.synprotError('protocol', 503, undefined, 'only BDAT permissible after non-LAST BDAT');
            return untilRset();
        }
        break;
      }
    }
  };
  const untilRset = async (): Promise<number> => {
    for (;;) {
      const cmd = await s.readCommand();
      if (cmd === 'QUIT') { await quit(s); return EOF; }
      if (cmd === 'EOF') return EOF;
      if (cmd === 'RSET') { rset(s); return ERR; }
      if (s.synprotError('protocol', 503, undefined, 'only RSET accepted now') > 0) return EOF;
    }
  };
  return () => {
    if (s.chunkLeft > 0) {
      const c = s.input.getc();
      if (c !== WAIT && c !== EOF) { s.chunkLeft--; return c; }
    }
    return getc();
  };
}

import { EOD, ERR } from './receive.js';

/** the whole session; resolves when it is over */
export async function runSession(s: SmtpSession): Promise<void> {
  if (!(await startSession(s))) return;
  for (;;) {
    const r = await setupMessage(s);
    if (r <= 0) break;
    const src = s.chunkingState === 'ACTIVE' || s.chunkingState === 'LAST'
      ? new DataSource(bdatSource(s), false)
      : new DataSource(() => {
        const c = s.input.getc();
        return c === WAIT ? s.input.getcAsync() : c;
      }, true);
    if (!(await receiveMessage(s, src))) break;
    s.ctx.unset('sender_address');
  }
}

/** smtp_setup_msg(): commands until DATA (1), QUIT or a refused call (0), or a lost connection (-1) */
export async function setupMessage(s: SmtpSession): Promise<number> {
  s.reset();
  s.log.messageId = s.messageId;
  s.done = 0;
  s.chunkingState = s.chunkingOffered ? 'OFFERED' : 'NOT_OFFERED';
  s.setMailCmd('RSET', true);
  s.setMailCmd('HELO', true);
  s.setMailCmd('EHLO', true);
  s.setMailCmd('STARTTLS', true);
  s.discarded = false;
  s.toomany = false;
  s.lastWasRejMail = false;
  s.lastWasRcpt = false;

  while (s.done <= 0) {
    s.wasRejMail = false;
    s.wasRcpt = false;
    const cmd = await s.readCommand();
    s.cmdDataForLog = cmd === 'EOF' ? s.cmdDataForLog : s.cmdData;
    switch (cmd) {
      case 'HELO': case 'EHLO': await helo(s, cmd === 'EHLO'); break;
      case 'MAIL': await mail(s); break;
      case 'RCPT': await rcpt(s); break;
      case 'DATA': case 'BDAT': await dataCommand(s, cmd === 'BDAT'); break;
      case 'QUIT': await quit(s); s.done = 2; break;
      case 'RSET': rset(s); s.reset(); s.toomany = false; break;
      case 'NOOP': s.hadCmd('NOOP'); s.print('250 OK\r\n'); break;
      case 'HELP': await help(s); break;
      case 'VRFY': await vrfy(s); break;
      case 'EXPN': await expn(s); break;
      case 'ETRN': await etrn(s); break;
      case 'AUTH': await auth(s); break;
      case 'STARTTLS': await starttls(s); break;
      case 'EOF': await eof(s); break;
      case 'BADARG': s.done = s.synprotError('syntax', 501, undefined, 'unexpected argument data'); break;
      case 'BADCHAR':
        s.done = s.synprotError('syntax', 0, undefined, "NUL character(s) present (shown as '?')");
        s.print('501 NUL characters are not allowed in SMTP commands\r\n');
        break;
      case 'TOO_MANY_NONMAIL': await tooManyNonmail(s); break;
      default: await unknown(s); break;
    }
    s.lastWasRejMail = s.wasRejMail;
    s.lastWasRcpt = s.wasRcpt;
  }
  return s.done - 2;
}

import { auth } from './verbs/auth.js';
import { starttls } from './verbs/starttls.js';
void stringPrinting;
