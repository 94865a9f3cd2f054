// STARTTLS. exim-ts has no TLS yet: a live server answers 454 (temporary);
// -bh behaves as exim -bh does, whose handshake reads the rest of stdin and fails.
import type { SmtpSession } from '../session.js';

export async function starttls(s: SmtpSession): Promise<void> {
  s.hadCmd('STARTTLS');
  if (!s.tlsAdvertised) {
    s.done = s.synprotError('protocol', 503, undefined, 'STARTTLS command used when not advertised');
    return;
  }
  const acl = s.opts.acl('acl_smtp_starttls');
  if (acl) {
    const r = await s.aclCheck('STARTTLS', undefined, acl);
    if (r.rc !== 'OK') { s.done = await s.handleAclFail('STARTTLS', r.rc, r.userMsg, r.logMsg); return; }
  }
  s.incompleteTransactionLog('STARTTLS');
  s.reset();
  s.toomany = false;
  s.setMailCmd('STARTTLS', false);
  if (!s.hostChecking) {
    s.print('454 TLS currently unavailable\r\n');
    return;
  }
  s.print('220 TLS go ahead\r\n');
  // tls_server_start() consults these before the handshake
  for (const o of ['tls_resumption_hosts', 'tls_verify_hosts', 'tls_try_verify_hosts']) await s.hostIn(o);
  // the handshake takes whatever the client sends next, and fails on it
  while (!s.input.atEof) {
    if (s.input.getc() < 0) await s.input.wait();
  }
  const info = s.connectionInfo().replace(/^SMTP /, '');
  s.log.write(0, ['main'], `TLS error on ${info} (gnutls_handshake): Error in the pull function.`);
  s.log.write('smtp_connection', ['main'], `${s.connectionInfo()} closed by EOF`);
  await s.notquitExit('tls-failed', undefined, undefined);
  s.done = 2;
}
