// Sender authentication results: spf, spf_guess (spf.c's spf_process()),
// dkim_signers, dkim_status (acl.c: the current signer / verify status against
// a string list), and dmarc_status, which Debian's build lacks (an addition of
// exim-ts over the reference build; Exim's spec and test suite are the
// reference). The results come from the session's providers (services.spf,
// services.dmarc) so replays can feed recorded ones.
import type { AclConditionEntry, AclEnv, AclRc } from '../types.js';
import type { AclWhere } from '../where.js';
import type { SpfResponse, SpfResultName } from '../../services/auth.js';
import { ListReader } from '../../util/list.js';
import { forensicReports } from './dmarc-forensic.js';
import { extractAddress, findAddressEnd } from '../../util/address.js';
import { checkString, lowerAscii, matchCheckList, type ListKind } from '../../match/list.js';
import { condition, only } from './common.js';
import { after, runListMatch } from './lists.js';

const SPF_WHERE = new Set<AclWhere>(['AUTH', 'CONNECT', 'HELO', 'MAILAUTH', 'ETRN', 'EXPN', 'STARTTLS', 'VRFY', 'NOTSMTP', 'NOTSMTP_START']);

/** spf_smtp_comment_template's default (globals.c) */
const SPF_TEMPLATE = 'Please%_see%_http://www.open-spf.org/Why';
/** spf_guess's default */
const SPF_GUESS = 'v=spf1 a/24 mx/24 ptr ?all';

/** the names of the experimental SPF support, read as their 4.96 names */
const SPF_ALIASES: Record<string, SpfResultName> = { err_perm: 'permerror', err_temp: 'temperror' };

const option = (env: AclEnv, name: string): string | undefined => env.ctx.config?.options?.get(name);

function expandOption(env: AclEnv, name: string, dflt: string): string | Promise<string> {
  const raw = option(env, name) ?? dflt;
  return after(env.withEvaluator((ev) => {
    try {
      return ev.expandNested(raw);
    } catch (e) {
      env.log(['main', 'panic'], `expansion of ${name} failed`);
      return raw;
    }
  }), (s) => s);
}

function setSpfVars(env: AclEnv, r: SpfResponse): void {
  const ctx = env.ctx;
  ctx.set('spf_header_comment', r.headerComment, true);
  ctx.set('spf_received', r.received, true);
  ctx.set('spf_result', r.result === 'invalid' ? '(invalid)' : r.result, false);
  ctx.set('spf_smtp_comment', r.smtpComment, true);
  if (r.guessed) ctx.set('spf_result_guessed', 'yes', false);
}

/** spf_process()'s list test: the first item that matches (or, with "!", does not) says OK */
function spfListMatch(arg: string, result: SpfResultName): AclRc {
  for (let r = new ListReader(arg, 0), item = r.next(); item !== undefined; item = r.next()) {
    const negate = item[0] === '!';
    const name = negate ? item.slice(1) : item;
    const matched = (SPF_ALIASES[name] ?? name) === result;
    if (negate !== matched) return 'OK';
  }
  return 'FAIL';
}

async function spf(arg: string, env: AclEnv, guess: boolean): Promise<AclRc> {
  const ctx = env.ctx;
  const helo: string | undefined = ctx.values.get('sender_helo_name');
  const ip: string | undefined = ctx.values.get('sender_host_address');
  // no HELO (or no client): Exim has no SPF request for the connection and says permerror
  if (!helo || !ip) return spfListMatch(arg, 'permerror');
  const provider = env.services.spf;
  if (!provider) {
    env.logMessage = `${guess ? 'spf_guess' : 'spf'}: no SPF provider is configured (services.spf)`;
    return 'DEFER';
  }
  const req = {
    ip, helo,
    sender: ctx.values.get('sender_address') ?? '',
    receiver: ctx.getVar?.('primary_hostname') ?? option(env, 'primary_hostname') ?? '',
    defaultExplanation: await expandOption(env, 'spf_smtp_comment_template', SPF_TEMPLATE),
    ...(guess ? { guess: await expandOption(env, 'spf_guess', SPF_GUESS) } : {}),
  };
  const r = await provider.check(req);
  setSpfVars(env, r);
  return spfListMatch(arg, r.result);
}

/** match_isinlist(subject, list, MCL_STRING, caseless) */
function stringListRc(env: AclEnv, subject: string, arg: string): AclRc | Promise<AclRc> {
  const o = runListMatch(env, arg, (list, svc) => {
    const cb = { subject: lowerAscii(subject), origSubject: subject, caseless: true, atSpecial: false, expandSetup: -1 };
    return matchCheckList(list, { kind: 'string' as ListKind, named: false, subject }, (p, out) => checkString(cb, p, out, svc), svc);
  });
  return after(o, (res) => {
    if (res.panic !== undefined) {
      env.log(['main', 'panic'], res.panic);
      env.logMessage = res.panic;
      return 'ERROR';
    }
    if (res.result?.log) env.log(['main'], res.result.log);
    return ({ ok: 'OK', fail: 'FAIL', defer: 'DEFER', error: 'ERROR' } as const)[res.rc];
  });
}

/** the domain of the first From: header's address (dmarc_store_data(), parse_extract_address()) */
function fromDomain(env: AclEnv): string {
  const h = (env.ctx.headers as { text: string; type: string }[]).find((x) => x.type !== '*' && /^from:/i.test(x.text));
  if (!h) return '';
  const text = h.text.slice(h.text.indexOf(':') + 1).replace(/\n$/, '');
  const r = extractAddress(text.slice(0, findAddressEnd(text, 0)), {}, { allow: true, found: false });
  return 'error' in r ? '' : r.address.slice(r.domain);
}

async function dmarcStatus(arg: string, env: AclEnv): Promise<AclRc> {
  const ctx = env.ctx;
  const controls: { name: string }[] = ctx.aclEngine?.session?.controls ?? [];
  const disabled = controls.some((c) => c.name === 'dmarc_disable_verify');
  // dmarc_process() runs once per message; with the control it never does and the status is "off"
  if (disabled) ctx.set('dmarc_status', 'off', false);
  else if (ctx.values.get('dmarc_status') === undefined) {
    const provider = env.services.dmarc;
    if (!provider) {
      env.logMessage = 'dmarc_status: no DMARC provider is configured (services.dmarc)';
      return 'DEFER';
    }
    if (ctx.values.get('sender_host_authenticated')) {
      // Exim skips DMARC for authenticated clients: the status stays "none"
      ctx.set('dmarc_status', 'none', false);
    } else {
      const senderDomain: string = ctx.getVar?.('sender_address_domain') || ctx.values.get('sender_helo_name') || '';
      const spfResult = ctx.values.get('spf_result') as SpfResultName | undefined;
      const r = await provider.check({
        fromDomain: fromDomain(env),
        envelopeDomain: senderDomain,
        dkim: ctx.dkimResults ?? [],
        messageId: ctx.getVar?.('message_id') ?? '',
        reporter: ctx.getVar?.('primary_hostname') ?? '',
        // -bh writes no history (dmarc.c skips the file when host checking)
        ...(option(env, 'dmarc_history_file') && !env.hostChecking ? { historyFile: option(env, 'dmarc_history_file') } : {}),
        ip: ctx.values.get('sender_host_address') ?? '',
        ...(spfResult ? { spf: { result: spfResult, domain: senderDomain } } : {}),
      });
      for (const l of r.logs ?? []) env.log(['main'], l);
      // failure reports, if asked for (never from -bh)
      const outbound = env.services.outbound;
      if (outbound && !env.hostChecking) {
        for (const m of forensicReports(env, r)) {
          try {
            await outbound.submit(m);
          } catch (e) {
            env.log(['main', 'panic'], `failure to send DMARC forensic report to ${m.recipients[0]}: ${(e as Error).message}`);
          }
        }
      }
      ctx.set('dmarc_status', r.status, false);
      ctx.set('dmarc_status_text', r.statusText, false);
      ctx.set('dmarc_used_domain', r.usedDomain, true);
      ctx.set('dmarc_domain_policy', r.domainPolicy, true);
      ctx.set('dmarc_ar_header', r.arHeader, true);
    }
  }
  return await stringListRc(env, ctx.values.get('dmarc_status') ?? '', arg);
}

export const auth: AclConditionEntry[] = [
  condition({
    name: 'dkim_signers', doc: 'dkim_signers = <list>: the current DKIM signer matches the list (DKIM ACL)', forbiddenIn: only('DKIM'),
    run(arg, env) {
      const signer: string | undefined = env.ctx.values.get('dkim_cur_signer');
      return signer ? stringListRc(env, signer, arg) : 'FAIL';
    },
  }),
  condition({
    name: 'dkim_status', doc: 'dkim_status = <list>: the DKIM verification status matches the list (DKIM ACL)', forbiddenIn: only('DKIM'),
    run: (arg, env) => stringListRc(env, env.ctx.getVar?.('dkim_verify_status') ?? env.ctx.values.get('dkim_verify_status') ?? '', arg),
  }),
  condition({
    name: 'dmarc_status',
    doc: 'dmarc_status = <list>: the DMARC result of the message (accept, reject, quarantine, none, norecord, nofrom, temperror, off) matches; an addition over Debian\'s build',
    forbiddenIn: only('DATA'),
    run: (arg, env) => dmarcStatus(arg, env),
  }),
  condition({
    name: 'spf', doc: 'spf = <list of results>: the SPF check of the sender gives one of these', forbiddenIn: SPF_WHERE,
    run: (arg, env) => spf(arg, env, false),
  }),
  condition({
    name: 'spf_guess', doc: 'spf_guess = <list of results>: as spf, with a guessed record when there is none', forbiddenIn: SPF_WHERE,
    run: (arg, env) => spf(arg, env, true),
  }),
];
