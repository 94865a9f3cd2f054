// AUTH with the server side of the plaintext authenticator (PLAIN, LOGIN and
// other prompt-driven mechanisms): $auth1.. from the client's base64 answers,
// server_condition decides, server_set_id names the user.
import type { Authenticator, SmtpSession } from '../session.js';
import { listItems } from '../../lang/util/list.js';

export async function auth(s: SmtpSession): Promise<void> {
  s.hadCmd('AUTH');
  s.setMailCmd('AUTH', false);
  const ctx = s.ctx;
  if (!s.authAdvertised && !s.allowAuthUnadvertised) {
    s.done = s.synprotError('protocol', 503, undefined, 'AUTH command used when not advertised');
    return;
  }
  if (ctx.values.get('sender_host_authenticated')) {
    s.done = s.synprotError('protocol', 503, undefined, 'already authenticated');
    return;
  }
  if (s.sender !== undefined) {
    s.done = s.synprotError('protocol', 503, undefined, 'not permitted in mail transaction');
    return;
  }
  const acl = s.opts.acl('acl_smtp_auth');
  if (acl) {
    const r = await s.aclCheck('AUTH', undefined, acl);
    if (r.rc !== 'OK') { s.done = await s.handleAclFail('AUTH', r.rc, r.userMsg, r.logMsg); return; }
  }
  const m = /^([^ \t\n\v\f\r]*)[ \t\n\v\f\r]*(.*)$/s.exec(s.cmdData)!;
  const mech = m[1]!;
  if (!/^[A-Za-z0-9_-]*$/.test(mech)) {
    s.done = s.synprotError('syntax', 501, undefined, 'invalid character in authentication mechanism name');
    return;
  }
  const au = s.authenticators.find((a) => a.publicName.toLowerCase() === mech.toLowerCase() && a.server
    && (a.advertised || s.allowAuthUnadvertised));
  if (!au) {
    s.done = s.synprotError('protocol', 504, undefined, `${mech} authentication mechanism not supported`);
    return;
  }
  const [reply, logReply, ok] = await plaintextServer(s, au, m[2]!);
  s.print(`${reply}\r\n`);
  if (!ok) s.log.write(0, ['main', 'reject'], `${au.name} authenticator failed for ${s.hostAndIdent(false)}: ${logReply}`);
}

const b64 = (t: string) => Buffer.from(t, 'latin1').toString('base64');

/** auth_plaintext_server(): the answers to server_prompts, then server_condition */
async function plaintextServer(s: SmtpSession, au: Authenticator, data: string): Promise<[string, string, boolean]> {
  const ctx = s.ctx;
  const prompts = listItems(au.options.get('server_prompts') ?? '', 58);
  const answers: string[] = [];
  let initial: string | undefined = data === '' ? undefined : data;
  if (initial === '=') initial = '';
  if (initial !== undefined) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(initial)) return ['501 Invalid base64 data', '501 Invalid base64 data', false];
    answers.push(...Buffer.from(initial, 'base64').toString('latin1').split('\0'));
  }
  for (let i = answers.length; i < prompts.length; i++) {
    s.print(`334 ${b64(prompts[i]!)}\r\n`);
    let line = '';
    for (;;) {
      const c = await s.input.getcAsync();
      if (c < 0 || c === 10) break;
      line += String.fromCharCode(c);
    }
    line = line.replace(/\r$/, '');
    if (line === '*') return ['501 Authentication cancelled', '501 Authentication cancelled', false];
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(line)) return ['501 Invalid base64 data', '501 Invalid base64 data', false];
    answers.push(...Buffer.from(line, 'base64').toString('latin1').split('\0'));
  }
  ctx.authVars.length = 0;
  answers.slice(0, 4).forEach((a, i) => { ctx.authVars[i] = a; });
  const cond = au.options.get('server_condition');
  const trace = ctx.trace;
  if (trace) {
    trace(`${au.name} authenticator server_condition:`);
    answers.slice(0, 4).forEach((a, i) => trace(`  $auth${i + 1} = ${a}`));
    answers.forEach((a, i) => trace(`  $${i + 1} = ${a}`));
  }
  let ok = false;
  if (cond !== undefined) {
    const r = s.expand(cond);
    trace?.(r.ok ? `expanded string: ${r.value}` : `expansion failed: ${r.message}`);
    ok = r.ok && /^(1|yes|true)$/i.test(r.value);
  }
  const setIdOpt = au.options.get('server_set_id');
  const setIdR = setIdOpt !== undefined ? s.expand(setIdOpt) : undefined;
  ctx.authVars.length = 0;
  const setId = setIdR?.ok ? setIdR.value : undefined;
  if (ok) {
    if (setId !== undefined) ctx.set('authenticated_id', setId, true);
    ctx.set('sender_host_authenticated', au.name);
    ctx.set('sender_host_auth_pubname', au.publicName);
    s.setProtocol();
    return ['235 Authentication succeeded', '235 Authentication succeeded', true];
  }
  const idPart = setId ? ` (set_id=${setId})` : '';
  return ['535 Incorrect authentication data', `535 Incorrect authentication data${idPart}`, false];
}
