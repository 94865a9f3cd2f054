// The commands with short answers: QUIT, RSET, NOOP, HELP, VRFY, EXPN, ETRN,
// and the errors for bad or unknown commands.
import { extractAddress } from '../../lang/util/address.js';
import { stringPrinting } from '../../lang/util/printing.js';
import type { SmtpSession } from '../session.js';
import { qualifyRecipient } from './rcpt.js';

/** smtp_quit_handler() */
export async function quit(s: SmtpSession): Promise<void> {
  s.hadCmd('QUIT');
  s.smtpInQuit = true;
  s.incompleteTransactionLog('QUIT');
  let userMsg: string | undefined;
  const acl = s.opts.acl('acl_smtp_quit');
  if (acl) {
    const r = await s.aclCheck('QUIT', undefined, acl);
    if (r.rc === 'ERROR') s.log.write(0, ['main', 'panic'], `ACL for QUIT returned ERROR: ${r.logMsg}`);
    userMsg = r.userMsg;
  }
  if (userMsg !== undefined) s.respond('221', true, userMsg);
  else s.print(`221 ${s.activeHostname} closing connection\r\n`);
  s.log.write('smtp_connection', ['main'], `${s.connectionInfo()} closed by QUIT`);
}

/** smtp_rset_handler() */
export function rset(s: SmtpSession): void {
  s.hadCmd('RSET');
  s.incompleteTransactionLog('RSET');
  s.print('250 Reset OK\r\n');
  s.setMailCmd('RSET', false);
  if (s.chunkingState === 'ACTIVE' || s.chunkingState === 'LAST') s.chunkingState = 'OFFERED';
}

export async function help(s: SmtpSession): Promise<void> {
  s.hadCmd('HELP');
  let b = ' AUTH';
  if (!s.ctx.values.get('tls_in_cipher') && (await s.hostIn('tls_advertise_hosts')) !== 'fail') b += ' STARTTLS';
  b += ' HELO EHLO MAIL RCPT DATA BDAT NOOP QUIT RSET HELP';
  if (s.opts.acl('acl_smtp_etrn')) b += ' ETRN';
  if (s.opts.acl('acl_smtp_expn')) b += ' EXPN';
  if (s.opts.acl('acl_smtp_vrfy')) b += ' VRFY';
  s.print(`214-Commands supported:\r\n214${b}\r\n`);
}

export async function vrfy(s: SmtpSession): Promise<void> {
  s.hadCmd('VRFY');
  const parsed = extractAddress(s.cmdData, { allowDomainLiterals: s.opts.bool('allow_domain_literals') });
  if ('error' in parsed) { s.print(`501 ${parsed.error}\r\n`); return; }
  let address = parsed.address;
  if (parsed.domain === 0) {
    const q = qualifyRecipient(s, address, 'verify');
    if (q === undefined) return;
    address = q;
  }
  const r = await s.aclCheck('VRFY', address, s.opts.acl('acl_smtp_vrfy'));
  if (r.rc !== 'OK') { s.done = await s.handleAclFail('VRFY', r.rc, r.userMsg, r.logMsg); return; }
  // address verification runs the routers, which exim-ts does not have: the verifier service decides
  const v = s.ctx.services.verifier;
  if (!v) { s.print(`451 Cannot resolve <${address}> at this time\r\n`); return; }
  const out = await v.verifyAddress('recipient', address, {
    callout: -1, calloutOverall: -1, calloutConnect: -1, calloutOptions: [], successOnRedirect: false, fakeSender: false,
  });
  if (out.rc === 'OK') s.print(`250 <${address}> is deliverable\r\n`);
  else if (out.rc === 'DEFER') s.print(out.message ? `451 <${address}> ${out.message}\r\n` : `451 Cannot resolve <${address}> at this time\r\n`);
  else {
    s.print(out.message ? `550 <${address}> ${out.message}\r\n` : `550 <${address}> is not deliverable\r\n`);
    s.log.write(0, ['main'], `VRFY failed for ${s.cmdArgument} ${s.hostAndIdent(true)}`);
  }
}

export async function expn(s: SmtpSession): Promise<void> {
  s.hadCmd('EXPN');
  const r = await s.aclCheck('EXPN', undefined, s.opts.acl('acl_smtp_expn'));
  if (r.rc !== 'OK') { s.done = await s.handleAclFail('EXPN', r.rc, r.userMsg, r.logMsg); return; }
  // expansion runs the routers: without them, say so as a temporary failure
  s.print(`451 Cannot expand <${s.cmdData}> at this time\r\n`);
}

export async function etrn(s: SmtpSession): Promise<void> {
  s.hadCmd('ETRN');
  if (s.sender !== undefined) {
    s.done = s.synprotError('protocol', 503, undefined, 'ETRN is not permitted inside a transaction');
    return;
  }
  s.log.write('etrn', ['main'], `ETRN ${s.cmdArgument} received from ${s.hostAndIdent(false)}`);
  const r = await s.aclCheck('ETRN', undefined, s.opts.acl('acl_smtp_etrn'));
  if (r.rc !== 'OK') { s.done = await s.handleAclFail('ETRN', r.rc, r.userMsg, r.logMsg); return; }
  if (!s.opts.str('smtp_etrn_command') && !s.cmdData.startsWith('#')) {
    s.done = s.synprotError('syntax', 501, undefined, 'argument must begin with #');
    return;
  }
  // queue runs are not started here (nor by exim -bh)
  s.ctx.trace?.(`ETRN command is: ${s.opts.str('smtp_etrn_command') ?? 'exim -R'}`);
  s.ctx.trace?.('ETRN command execution skipped');
  if (r.userMsg === undefined) s.print('250 OK\r\n');
  else s.userMsg('250', r.userMsg);
}

/** an unknown command: counted, and the connection dropped after smtp_max_unknown_commands */
export async function unknown(s: SmtpSession): Promise<void> {
  if (s.unknownCommands++ >= s.opts.int('smtp_max_unknown_commands')) {
    s.log.write('smtp_syntax_error', ['main'],
      `SMTP syntax error in "${stringPrinting(s.cmdBuffer, false)}" ${s.hostAndIdent(true)} unrecognized command`);
    s.incompleteTransactionLog('unrecognized command');
    await s.notquitExit('bad-commands', '500', 'Too many unrecognized commands');
    s.done = 2;
    s.log.write(0, ['main', 'reject'], `SMTP call from ${s.hostAndIdent(false)} dropped: too many `
      + `unrecognized commands (last was "${stringPrinting(s.cmdBuffer, false)}")`);
  } else s.done = s.synprotError('syntax', 500, undefined, 'unrecognized command');
}

export async function tooManyNonmail(s: SmtpSession): Promise<void> {
  const first = s.cmdBuffer.split(/[ \t\n\v\f\r]/)[0];
  s.incompleteTransactionLog('too many non-mail commands');
  s.log.write(0, ['main', 'reject'], `SMTP call from ${s.hostAndIdent(false)} dropped: too many nonmail commands (last was "${first}")`);
  await s.notquitExit('bad-commands', '554', 'Too many nonmail commands');
  s.done = 1;
}

/** end of input without QUIT */
export async function eof(s: SmtpSession): Promise<void> {
  s.incompleteTransactionLog('connection lost');
  await s.notquitExit('connection-lost', '421', `${s.activeHostname} lost input connection`);
  if (s.sender !== undefined || s.recipients.length > 0) {
    s.log.write('lost_incoming_connection', ['main'],
      `unexpected disconnection while reading SMTP command from ${s.hostAndIdent(false)} D=0s`);
  } else {
    s.log.write('smtp_connection', ['main'], `${s.connectionInfo()} lost D=0s`);
  }
  s.done = 1;
}
