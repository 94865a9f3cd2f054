// HELO and EHLO: check_helo(), the HELO ACL, and the greeting with the
// extensions this host is offered (SIZE, 8BITMIME, PIPELINING, AUTH, ...).
import { ipType } from '../../lang/util/ip.js';
import { stringPrinting } from '../../lang/util/printing.js';
import { matchDomainList } from '../../lang/match/domain.js';
import { matchServices } from '../../lang/conditions/lists.js';
import { Evaluation } from '../../runtime/expand/evaluator.js';
import { messageCode } from '../reply.js';
import type { SmtpSession } from '../session.js';

/** check_helo(): a name of letters, digits, dots and hyphens (plus helo_allow_chars), or an address literal */
function checkHelo(s: SmtpSession, arg: string): boolean {
  if (s.heloAcceptJunk) return true;
  if (arg.startsWith('[')) {
    if (!arg.endsWith(']')) return false;
    const inner = arg.slice(1, -1);
    if (/^ipv6:/i.test(inner)) return ipType(inner.slice(5)) === 6;
    if (/^ipv4:/i.test(inner)) return ipType(inner.slice(5)) === 4;
    return ipType(inner) !== 0;
  }
  if (arg === '') return false;
  const allow = s.opts.str('helo_allow_chars') ?? '';
  for (const c of arg) if (!/[A-Za-z0-9.-]/.test(c) && !allow.includes(c)) return false;
  return true;
}

export async function helo(s: SmtpSession, ehlo: boolean): Promise<void> {
  const hello = ehlo ? 'EHLO' : 'HELO';
  s.hadCmd(hello);
  s.esmtp = ehlo;
  s.setMailCmd('HELO', false);
  s.setMailCmd('EHLO', false);
  const ctx = s.ctx;

  ctx.unset('sender_helo_name');
  if (!checkHelo(s, s.cmdData)) {
    s.print(`501 Syntactically invalid ${hello} argument(s)\r\n`);
    s.log.write(0, ['main', 'reject'], `rejected ${hello} from ${s.hostAndIdent(false)}: syntactically invalid argument(s): `
      + (s.cmdArgument === '' ? '(no argument given)' : stringPrinting(s.cmdArgument, false)));
    if (++s.synprotErrors > s.opts.int('smtp_max_synprot_errors')) {
      s.log.write(0, ['main', 'reject'], `SMTP call from ${s.hostAndIdent(false)} dropped: too many syntax or protocol `
        + `errors (last command was "${stringPrinting(s.cmdBuffer, false)}", ${s.connHadLog()})`);
      s.done = 1;
    }
    return;
  }
  // the name is kept up to the first white space, lower-cased
  let name = s.cmdData;
  const sp = name.search(/[ \t\n\v\f\r]/);
  if (sp >= 0) name = name.slice(0, sp);
  name = name.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  ctx.setHelo(name);

  if (s.clientAddress !== undefined) {
    // helo_lookup_domains: a reverse lookup is forced for these names (no DNS here means none is done)
    if (!ctx.values.get('sender_host_name')) {
      const ev = new Evaluation(ctx);
      if (s.opts.isSet('helo_lookup_domains')) matchDomainList(name, s.opts.list('helo_lookup_domains'), matchServices(ev), true, 0, 'helo_lookup_domains');
      else ctx.trace?.(`${name} in helo_lookup_domains? no (option unset)`);
    }
    ctx.unset('helo_verified');
    ctx.unset('helo_verify_failed');
    if (s.heloVerifyRequired || s.heloVerify) {
      // helo verification needs the client's name: with no way to find it, the name cannot be verified
      const literal = name.startsWith('[') && name.slice(1).startsWith(s.clientAddress);
      if (literal) ctx.set('helo_verified', '1');
      else {
        ctx.set('helo_verify_failed', '1');
        if (s.heloVerifyRequired) {
          s.print(`550 ${hello} argument does not match calling host\r\n`);
          s.log.write(0, ['main', 'reject'], `rejected "${hello} ${name}" from ${s.hostAndIdent(false)}`);
          return;
        }
      }
    }
  }

  let userMsg: string | undefined;
  const acl = s.opts.acl('acl_smtp_helo');
  if (acl) {
    const r = await s.aclCheck('HELO', undefined, acl);
    if (r.rc !== 'OK') {
      s.done = await s.handleAclFail('HELO', r.rc, r.userMsg, r.logMsg);
      ctx.unset('sender_helo_name');
      ctx.updateFullhost();
      return;
    }
    userMsg = r.userMsg;
  }

  s.authAdvertised = false;
  s.pipeliningAdvertised = false;
  s.tlsAdvertised = false;
  s.dsnAdvertised = false;
  s.smtputf8Advertised = false;
  s.mailcmdMax = expandMailMax(s);

  let code = '250 ';
  let g: string;
  if (userMsg === undefined) {
    const hostName = ctx.values.get('sender_host_name');
    const ident = ctx.values.get('sender_ident');
    g = `250 ${s.activeHostname} Hello ${ident ?? ''}${ident ? ' at ' : ''}${hostName ?? name}`;
    if (s.clientAddress !== undefined) g += ` [${s.clientAddress}]`;
  } else {
    const mc = messageCode('250 ', userMsg, true);
    if (mc.panic) s.log.write(0, ['main', 'panic'], mc.panic);
    code = mc.code.code;
    g = `${mc.code.code.slice(0, mc.code.len)}${mc.msg ?? ''}`;
    const cut = g.search(/[\r\n]/);
    if (cut >= 0) {
      s.log.write(0, ['main', 'panic'], `EHLO/HELO response must not contain newlines: message truncated: ${stringPrinting(g, false)}`);
      g = g.slice(0, cut);
    }
  }
  g += '\r\n';
  const c3 = code.slice(0, 3);

  if (ehlo) {
    g = g.slice(0, 3) + '-' + g.slice(4);
    g += s.thisMessageSizeLimit > 0 ? `${c3}-SIZE ${s.thisMessageSizeLimit}\r\n` : `${c3}-SIZE\r\n`;
    if (s.opts.bool('accept_8bitmime')) g += `${c3}-8BITMIME\r\n`;
    if ((await s.hostIn('dsn_advertise_hosts')) !== 'fail') { g += `${c3}-DSN\r\n`; s.dsnAdvertised = true; }
    if (s.opts.acl('acl_smtp_etrn')) g += `${c3}-ETRN\r\n`;
    if (s.opts.acl('acl_smtp_vrfy')) g += `${c3}-VRFY\r\n`;
    if (s.opts.acl('acl_smtp_expn')) g += `${c3}-EXPN\r\n`;
    if (s.pipeliningEnable && (await s.hostIn('pipelining_advertise_hosts')) === 'ok') {
      g += `${c3}-PIPELINING\r\n`;
      s.pipeliningAdvertised = true;
      if (s.pipeConnectAcceptable) g += `${c3}-PIPECONNECT\r\n`;
    }
    const auths = s.authenticators.filter((a) => a.server);
    if (auths.length && !ctx.values.get('sender_host_authenticated') && (await s.hostIn('auth_advertise_hosts')) === 'ok') {
      let first = true;
      for (const au of auths) {
        au.advertised = false;
        if (au.advertiseCondition !== undefined && !s.checkCondition(au.advertiseCondition)) continue;
        if (first) { g += `${c3}-AUTH`; first = false; s.authAdvertised = true; }
        g += ` ${au.publicName.toUpperCase()}`;
        au.advertised = true;
      }
      if (!first) g += '\r\n';
    }
    if ((await s.hostIn('chunking_advertise_hosts')) !== 'fail') {
      g += `${c3}-CHUNKING\r\n`;
      s.chunkingOffered = true;
      s.chunkingState = 'OFFERED';
    }
    if (!ctx.values.get('tls_in_cipher') && (await s.hostIn('tls_advertise_hosts')) !== 'fail') {
      g += `${c3}-STARTTLS\r\n`;
      s.tlsAdvertised = true;
    }
    if (s.opts.bool('prdr_enable')) g += `${c3}-PRDR\r\n`;
    if (s.opts.bool('accept_8bitmime') && (await s.hostIn('smtputf8_advertise_hosts')) !== 'fail') {
      g += `${c3}-SMTPUTF8\r\n`;
      s.smtputf8Advertised = true;
    }
    g += `${c3} HELP\r\n`;
  }
  s.out(g);
  s.heloSeen = true;
  s.setProtocol();
  s.reset();
  s.toomany = false;
}

/** smtp_accept_max_per_connection, expanded */
export function expandMailMax(s: SmtpSession): number {
  const v = s.opts.str('smtp_accept_max_per_connection') ?? '';
  const r = s.expand(v);
  if (!r.ok) {
    s.log.write(0, ['main', 'panic'], 'failed to expand smtp_accept_max_per_connection');
    return 0;
  }
  const m = /^\s*[+-]?\d+/.exec(r.value);
  return r.value === '' ? 0 : m ? Number(m[0]) : 0;
}
