// DATA and BDAT: the checks before any message text (a valid RCPT, too many
// recipients), the predata ACL and the 354 go-ahead. The text itself is read
// by ../receive.ts.
import type { SmtpSession } from '../session.js';

/** returns true when the message text is to be read now */
export async function dataCommand(s: SmtpSession, bdat: boolean): Promise<boolean> {
  if (bdat) {
    s.hadCmd('BDAT');
    if (s.chunkingState !== 'OFFERED') {
      s.done = s.synprotError('protocol', 503, undefined, 'BDAT command used when CHUNKING not advertised');
      return false;
    }
    const m = /^(\d+)[ \t\n\v\f\r]*/.exec(s.cmdData);
    if (!m) {
      s.done = s.synprotError('protocol', 501, undefined, 'missing size for BDAT command');
      return false;
    }
    s.chunkSize = Number(m[1]) >>> 0;
    s.chunkingState = s.cmdData.slice(m[0].length).toLowerCase() === 'last' ? 'LAST' : 'ACTIVE';
    s.chunkLeft = s.chunkSize;
  } else s.hadCmd('DATA');
  s.pipeConnectAcceptable = false;

  if (!s.discarded && s.recipients.length <= 0) {
    if (s.rcptResponseSame && s.rcptSmtpResponse !== undefined) {
      let resp = s.rcptSmtpResponse;
      s.respond('503', false, 'All RCPT commands were rejected with this error:');
      if (resp.length > 2 && resp[resp.length - 2] === '\r') resp = resp.slice(0, -2);
      s.respond('503', false, resp);
    }
    if (s.pipeliningAdvertised && s.lastWasRcpt) {
      s.print(`503 Valid RCPT command must precede ${s.prevHad()}\r\n`);
    } else {
      s.done = s.synprotError('protocol', 503, undefined,
        s.prevHad() === 'DATA' ? 'valid RCPT command must precede DATA' : 'valid RCPT command must precede BDAT');
    }
    if (s.chunkingState === 'ACTIVE' || s.chunkingState === 'LAST') await s.flushChunks();
    return false;
  }
  if (s.toomany && s.opts.bool('recipients_max_reject')) {
    s.sender = undefined;
    s.print('554 Too many recipients\r\n');
    if (s.chunkingState === 'ACTIVE' || s.chunkingState === 'LAST') await s.flushChunks();
    return false;
  }
  if (!bdat) {
    const acl = s.opts.acl('acl_smtp_predata');
    let userMsg: string | undefined;
    if (acl) {
      s.ctx.enableDollarRecipients = true;
      const r = await s.aclCheck('PREDATA', undefined, acl);
      s.ctx.enableDollarRecipients = false;
      if (r.rc !== 'OK') {
        s.done = await s.handleAclFail('PREDATA', r.rc, r.userMsg, r.logMsg);
        return false;
      }
      userMsg = r.userMsg;
    }
    if (userMsg !== undefined) s.userMsg('354', userMsg);
    else s.print('354 Enter message, ending with "." on a line by itself\r\n');
  }
  s.done = 3;
  return true;
}
