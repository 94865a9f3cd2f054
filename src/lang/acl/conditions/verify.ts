// verify = sender, recipient, helo, header_syntax, header_sender,
// reverse_host_lookup, not_blind, csa, certificate, header_names_ascii:
// acl_verify() with its option parsing and texts. Address verification
// (routing, callouts) is the Verifier service; host checks use services.dns.
import type { AclConditionEntry, AclEnv, AclRc } from '../types.js';
import { ACL_WHERE_NAMES, type AclWhere } from '../where.js';
import type { VerifyKind, VerifyOptions, VerifyResult } from '../../services/verify.js';
import type { DnsResolver } from '../../services/dns.js';
import { ListReader } from '../../util/list.js';
import { readTime } from '../../util/time.js';
import { ipType } from '../../util/ip.js';
import { extractAddress, findAddressEnd, type GroupState } from '../../util/address.js';
import { HostNames, keepHostLookup, NO_DNS, reverseName } from '../../match/host-names.js';
import { hostIsInNet } from '../../match/host.js';
import { condition } from './common.js';
import { after } from './lists.js';

const HAVEDATA: AclWhere[] = ['DATA', 'NOTSMTP', 'PRDR', 'MIME', 'DKIM'];
const ALL = null;

/** verify_type_list[]: name, where allowed (null: anywhere), takes no options, prefix length */
const TYPES: { name: string; where: AclWhere[] | null; noOptions: boolean; prefix: number }[] = [
  { name: 'reverse_host_lookup', where: ALL, noOptions: false, prefix: 0 },
  { name: 'certificate', where: ALL, noOptions: true, prefix: 0 },
  { name: 'helo', where: ALL, noOptions: true, prefix: 0 },
  { name: 'csa', where: ALL, noOptions: false, prefix: 0 },
  { name: 'header_syntax', where: HAVEDATA, noOptions: true, prefix: 0 },
  { name: 'not_blind', where: HAVEDATA, noOptions: false, prefix: 0 },
  { name: 'header_sender', where: HAVEDATA, noOptions: false, prefix: 0 },
  { name: 'sender', where: ['MAIL', 'RCPT', 'PREDATA', 'DATA', 'NOTSMTP'], noOptions: false, prefix: 6 },
  { name: 'recipient', where: ['RCPT'], noOptions: false, prefix: 0 },
  { name: 'header_names_ascii', where: HAVEDATA, noOptions: true, prefix: 0 },
];

/** callout_opt_list[]: matched by prefix, in this order; the last (no name) is the timeout */
const CALLOUT_OPTS: { name: string; hasOption: boolean; timeval: boolean }[] = [
  { name: 'defer_ok', hasOption: false, timeval: false },
  { name: 'no_cache', hasOption: false, timeval: false },
  { name: 'random', hasOption: false, timeval: false },
  { name: 'use_sender', hasOption: false, timeval: false },
  { name: 'use_postmaster', hasOption: false, timeval: false },
  { name: 'postmaster_mailfrom', hasOption: true, timeval: false },
  { name: 'postmaster', hasOption: false, timeval: false },
  { name: 'fullpostmaster', hasOption: false, timeval: false },
  { name: 'mailfrom', hasOption: true, timeval: false },
  { name: 'maxwait', hasOption: true, timeval: true },
  { name: 'connect', hasOption: true, timeval: true },
  { name: 'hold', hasOption: false, timeval: false },
];
const CALLOUT_TIMEOUT_DEFAULT = 30;

const lc = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
const trimStart = (s: string) => s.replace(/^[ \t\n\v\f\r]+/, '');
const returnDetails = (env: AclEnv) => /^(true|yes)$/i.test(env.ctx.config?.options?.get('smtp_return_error_details') ?? '');

/** the addresses of a header line (after the colon), as verify_check_headers() walks them */
function headerAddresses(text: string, each: (r: { address?: string; domain: number; error?: string; raw: string }) => boolean): void {
  const colon = text.indexOf(':');
  let s = trimStart(text.slice(colon + 1));
  const group: GroupState = { allow: true, found: false };
  while (s !== '') {
    const end = findAddressEnd(s, 0);
    const r = extractAddress(s.slice(0, end), {}, group);
    const item = 'error' in r ? { error: r.error, domain: 0, raw: s.slice(0, end) } : { address: r.address, domain: r.domain, raw: s.slice(0, end) };
    if (each(item)) return;
    s = trimStart(s.slice(end + (end < s.length ? 1 : 0)));
  }
}

const ADDRESS_HEADERS = new Set(['F', 'R', 'S', 'T', 'C', 'B']);

/** verify_check_headers() */
function headerSyntax(env: AclEnv): AclRc {
  for (const h of env.ctx.headers as { text: string; type: string }[]) {
    if (!ADDRESS_HEADERS.has(h.type)) continue;
    let bad: string | undefined;
    headerAddresses(h.text, (r) => {
      let err = r.error;
      if (r.address !== undefined && r.domain === 0) err = 'unqualified address not permitted';
      if (err === undefined || err === 'empty address') return false;
      const name = h.text.slice(0, h.text.indexOf(':')).replace(/[ \t\n\v\f\r]+$/, '');
      let raw = r.raw.replace(/[ \t\n\v\f\r]+$/, '');
      let verb = 'is';
      if (raw.length > 1024) { raw = raw.slice(0, 1024); verb = 'begins'; }
      bad = `${err}: failing address in "${name}:" header ${verb}: ${raw}`;
      return true;
    });
    if (bad !== undefined) {
      env.logMessage = bad;
      if (returnDetails(env)) env.userMessage = `Rejected after DATA: ${bad}`;
      else env.ctx.set('acl_verify_message', bad);
      return 'FAIL';
    }
  }
  return 'OK';
}

/** verify_check_notblind(): every envelope recipient is in To: or Cc: */
function notBlind(env: AclEnv, caseSensitive: boolean): boolean {
  const headers = (env.ctx.headers as { text: string; type: string }[]).filter((h) => h.type === 'T' || h.type === 'C');
  for (const address of env.ctx.recipients as string[]) {
    let found = false;
    for (const h of headers) {
      headerAddresses(h.text, (r) => {
        if (r.address === undefined || r.domain === 0) return false;
        const d = r.domain;
        const lpEq = caseSensitive ? r.address.slice(0, d) === address.slice(0, d) : lc(r.address.slice(0, d)) === lc(address.slice(0, d));
        found = lpEq && lc(r.address.slice(d)) === lc(address.slice(d));
        return found;
      });
      if (found) break;
    }
    if (!found) return false;
  }
  return true;
}

/**
 * verify = helo: smtp_verify_helo(). An address literal must be the client's;
 * a name must be the client's (looked up if need be) or one of its aliases, or
 * have the client's address among its own. Done once per HELO.
 */
function helo(env: AclEnv): AclRc | Promise<AclRc> {
  const ctx = env.ctx;
  const state = ctx.values.get('helo_verified');
  if (state === '1') return 'OK';
  if (ctx.values.get('helo_verify_failed') === '1') return 'FAIL';
  const name = ctx.values.get('sender_helo_name');
  const address = ctx.values.get('sender_host_address');
  const tr = (l: string) => ctx.trace?.(l);
  const done = (ok: boolean): AclRc => {
    ctx.set(ok ? 'helo_verified' : 'helo_verify_failed', '1');
    return ok ? 'OK' : 'FAIL';
  };
  tr(`verifying EHLO/HELO argument "${name ?? ''}"`);
  if (!name) { tr('no EHLO/HELO command was issued'); return done(false); }
  if (address === undefined) { tr('no client IP address: assume success'); return done(true); }
  if (name.startsWith('[')) {
    // the literal's text must start with the client's address (as Exim compares it)
    const ok = name.slice(1).startsWith(address)
      || (/^::ffff:/i.test(address) && name.slice(1).startsWith(address.slice(7)));
    if (ok) tr('matched host address');
    return done(ok);
  }
  const dns = env.services.dns;
  // the lookups run (and may be re-run after each wait) without touching the session; their results are kept after
  const r = env.withEvaluator((ev) => {
    let known = ctx.values.get('sender_host_name');
    let aliases: string[] = ctx.senderHostAliases ?? [];
    const lookupFailed = ctx.getVar('host_lookup_failed') === '1';
    const names = new HostNames(address, known ? { name: known, aliases } : undefined, lookupFailed, dns,
      (op) => ev.io(op), ctx.trace);
    if (!known && !lookupFailed && dns) {
      if (names.lookup() === 'ok' && names.outcome?.name !== undefined) {
        known = names.outcome.name;
        aliases = names.outcome.aliases;
      }
    }
    const outcome = names.outcome;
    if (known) {
      if (lc(known) === lc(name)) { tr('matched host name'); return { ok: true, outcome }; }
      const alias = aliases.find((a) => lc(a) === lc(name));
      if (alias) { tr(`matched alias ${alias}`); return { ok: true, outcome }; }
    }
    tr(`getting IP address for ${name}`);
    if (!dns) return { ok: false, outcome };
    // host_find_bydns() with dnssec_domains { request "*", require "" }: both lists are consulted
    tr(`${name} in ""? no (end of list)`);
    tr(`${name} in "*"? yes (matched "*")`);
    const a = names.addresses(name);
    if (Array.isArray(a) && a.some((x) => x === address)) {
      tr(`IP address for ${name} matches calling address\nForward DNS security status: unverified`);
      return { ok: true, outcome };
    }
    return { ok: false, outcome };
  });
  return after(r, ({ ok, outcome }) => {
    keepHostLookup(ctx, outcome);
    return done(ok);
  });
}

/** acl_verify_reverse(): the client's address has a name that maps back to it */
function reverse(env: AclEnv): AclRc | Promise<AclRc> {
  const ctx = env.ctx;
  if (ctx.values.get('sender_host_name')) return 'OK';
  if (ctx.getVar('host_lookup_failed') === '1') {
    env.logMessage = `host lookup failed for reverse lookup check${ctx.hostLookupMsg ?? ''}`;
    return 'FAIL';
  }
  const address = ctx.values.get('sender_host_address') ?? '';
  let hn: HostNames | undefined;
  const rc = env.withEvaluator((ev) => {
    hn = new HostNames(address, undefined, false, env.services.dns, (op) => ev.io(op));
    return hn.lookup();
  });
  return after(rc, (r): AclRc => {
    keepHostLookup(ctx, hn?.outcome, (l) => env.log(['main'], l));
    if (typeof r === 'object') { env.logMessage = r.defer; return 'DEFER'; }
    if (r === 'defer') { env.logMessage = 'host lookup deferred for reverse lookup check'; return 'DEFER'; }
    if (r === 'fail') { env.logMessage = `host lookup failed for reverse lookup check${ctx.hostLookupMsg}`; return 'FAIL'; }
    return 'OK';
  });
}

/** csa_reason_string[] / csa_status_string[] / csa_return_code[] by CSA_* */
const CSA: Record<string, [string, string, AclRc]> = {
  UNKNOWN: ['unknown', 'unknown', 'FAIL'],
  OK: ['ok', 'ok', 'OK'],
  DEFER_SRV: ['deferred (SRV lookup failed)', 'defer', 'DEFER'],
  DEFER_ADDR: ['deferred (target address lookup failed)', 'defer', 'DEFER'],
  FAIL_EXPLICIT: ['failed (explicit authorization required)', 'fail', 'FAIL'],
  FAIL_DOMAIN: ['failed (host name not authorized)', 'fail', 'FAIL'],
  FAIL_NOADDR: ['failed (no authorized addresses)', 'fail', 'FAIL'],
  FAIL_MISMATCH: ['failed (client address mismatch)', 'fail', 'FAIL'],
};

/** acl_verify_csa(): the SRV record _client._smtp.<domain> authorizes the client */
async function csaLookup(dns: DnsResolver, address: string, domainArg: string, helo: string | undefined): Promise<string> {
  let domain = trimStart(domainArg) || helo || address;
  if (domain.startsWith('[')) {
    const colon = domain.indexOf(':');
    const start = colon < 0 ? 0 : colon;
    domain = domain.slice(start + 1, domain.length - 1);
  }
  if (ipType(domain) !== 0) domain = reverseName(domain);
  // dns_special_lookup(T_CSA): walk up the name until an SRV is found (at most to a two-label name)
  let name = domain;
  for (;;) {
    const a = await dns.query(`_client._smtp.${name}`, 'SRV');
    if (a.status === 'again' || a.status === 'fail') return 'DEFER_SRV';
    const srv = a.records.filter((r) => r.type === 'SRV');
    if (a.status === 'ok' && srv.length) {
      for (const r of srv) {
        // priority 1 is the only version; weight 1: unauthorized, 2: authorized, 0/3: unknown
        if (r.priority !== 1) continue;
        if (r.weight === 1) return 'FAIL_EXPLICIT';
        if (r.weight !== 2) return 'UNKNOWN';
        if (name !== domain) return 'FAIL_DOMAIN';
        const target = r.data.replace(/\.$/, '');
        let sawAddr = false;
        for (const t of ['AAAA', 'A'] as const) {
          const ans = await dns.query(target, t);
          if (ans.status === 'again') return 'DEFER_ADDR';
          for (const x of ans.records) {
            if (x.type !== t) continue;
            sawAddr = true;
            if (lc(x.data) === lc(address)) return 'OK';
          }
        }
        return sawAddr ? 'FAIL_MISMATCH' : 'FAIL_NOADDR';
      }
      return 'UNKNOWN';
    }
    const dot = name.indexOf('.');
    if (dot < 0 || name.indexOf('.', dot + 1) < 0) return 'UNKNOWN';
    name = name.slice(dot + 1);
  }
}

function csa(env: AclEnv, rest: string): AclRc | Promise<AclRc> {
  const ctx = env.ctx;
  const address = ctx.values.get('sender_host_address');
  const finish = (k: string): AclRc => {
    const [reason, status, rc] = CSA[k]!;
    env.logMessage = env.userMessage = `client SMTP authorization ${reason}`;
    ctx.set('csa_status', status);
    return rc;
  };
  if (!address) return finish('UNKNOWN');
  const dns = env.services.dns;
  if (!dns) {
    ctx.set('csa_status', 'defer');
    env.logMessage = env.userMessage = `client SMTP authorization deferred (SRV lookup failed): ${NO_DNS}`;
    return 'DEFER';
  }
  return csaLookup(dns, address, rest, ctx.values.get('sender_helo_name')).then(finish);
}

async function address(env: AclEnv, kind: VerifyKind, subject: string, o: VerifyOptions, deferOk: boolean, noDetails: boolean): Promise<AclRc> {
  const ctx = env.ctx;
  const verifier = env.services.verifier;
  const failVar = kind === 'recipient' ? 'recipient_verify_failure' : 'sender_verify_failure';
  let r: VerifyResult;
  if (kind === 'sender' && subject === '') r = { rc: 'OK' };
  else if (!verifier) r = { rc: 'DEFER', logMessage: `cannot verify ${kind === 'header_sender' ? 'header sender' : kind} <${subject}>: no address verifier is configured (services.verifier)` };
  else {
    ctx.set('verify_mode', kind === 'recipient' ? 'R' : 'S');
    try { r = await verifier.verifyAddress(kind, subject, o); } finally { ctx.unset('verify_mode'); }
  }
  if (r.failure !== undefined) ctx.set(failVar, r.failure);
  if (r.rc === 'OK') return 'OK';
  if (r.logMessage !== undefined) env.logMessage = r.logMessage;
  if (r.message !== undefined && !noDetails) env.userMessage = r.message;
  if (r.rc === 'DEFER' && deferOk) return 'OK';
  return r.rc;
}

function verifyCondition(arg: string, env: AclEnv): AclRc | Promise<AclRc> {
  const ctx = env.ctx;
  const list = new ListReader(arg, '/'.charCodeAt(0));
  const ss = list.next();
  const bad = (): AclRc => {
    env.logMessage = `expected "sender[=address]", "recipient", "helo", "header_syntax", "header_sender", "header_names_ascii" or "reverse_host_lookup" at start of ACL condition "verify ${arg}"`;
    return 'ERROR';
  };
  if (ss === undefined) return bad();
  const vp = TYPES.find((t) => (t.prefix ? lc(ss.slice(0, t.prefix)) === t.name : lc(ss) === t.name));
  if (!vp) return bad();
  if (vp.noOptions && arg.includes('/')) {
    env.logMessage = `unexpected '/' found in "${arg}" (this verify item has no options)`;
    return 'ERROR';
  }
  if (vp.where && !vp.where.includes(env.where)) {
    env.logMessage = `cannot verify ${vp.name} in ACL for ${ACL_WHERE_NAMES[env.where]}`;
    return 'ERROR';
  }
  switch (vp.name) {
    case 'reverse_host_lookup': {
      if (!ctx.values.get('sender_host_address')) return 'OK';
      const rest: string[] = [];
      for (let x = list.next(); x !== undefined; x = list.next()) rest.push(x);
      return after(reverse(env), (rc) => (rc === 'DEFER' && rest.some((x) => lc(x) === 'defer_ok') ? 'OK' : rc));
    }
    case 'certificate':
      if (ctx.getVar('tls_in_certificate_verified') === '1') return 'OK';
      env.userMessage = 'no verified certificate';
      return 'FAIL';
    case 'helo':
      return helo(env);
    case 'csa': {
      const slash = arg.indexOf('/');
      return csa(env, slash < 0 ? '' : arg.slice(slash + 1));
    }
    case 'header_syntax':
      return headerSyntax(env);
    case 'header_names_ascii':
      for (const h of ctx.headers as { text: string }[]) {
        const name = h.text.slice(0, h.text.indexOf(':'));
        if (/[^\x21-\x7e]/.test(name)) {
          env.logMessage = `Invalid character in header "${name}" found`;
          if (returnDetails(env)) env.userMessage = `Rejected after DATA: ${env.logMessage}`;
          return 'FAIL';
        }
      }
      return 'OK';
    case 'not_blind': {
      let caseSensitive = true;
      for (let x = list.next(); x !== undefined; x = list.next()) {
        if (lc(x) === 'case_insensitive') caseSensitive = false;
        else { env.logMessage = `unknown option "${x}" in ACL condition "verify ${arg}"`; return 'ERROR'; }
      }
      if (notBlind(env, caseSensitive)) return 'OK';
      env.logMessage = 'bcc recipient detected';
      if (returnDetails(env)) env.userMessage = `Rejected after DATA: ${env.logMessage}`;
      return 'FAIL';
    }
    default:
      break;
  }

  // sender, recipient, header_sender: the options they share
  const headerSender = vp.name === 'header_sender';
  let subject: string | undefined;
  let fakeSender = false;
  if (vp.name === 'sender') {
    let s = ss.slice(6);
    if (s === '') subject = ctx.values.get('sender_address') ?? '';
    else {
      s = trimStart(s);
      if (s[0] !== '=') return bad();
      subject = trimStart(s.slice(1));
      fakeSender = true;
    }
  }
  const o: VerifyOptions = { callout: -1, calloutOverall: -1, calloutConnect: -1, calloutOptions: [], successOnRedirect: false, fakeSender };
  let deferOk = false, noDetails = false, quota = false;
  const badTime = (): AclRc => { env.logMessage = `bad time value in ACL condition "verify ${arg}"`; return 'ERROR'; };
  for (let x = list.next(); x !== undefined; x = list.next()) {
    const l = lc(x);
    if (l === 'defer_ok') deferOk = true;
    else if (l === 'no_details') noDetails = true;
    else if (l === 'success_on_redirect') o.successOnRedirect = true;
    else if (l === 'callout_defer_ok') { o.calloutOptions.push('defer_ok'); if (o.callout === -1) o.callout = CALLOUT_TIMEOUT_DEFAULT; }
    else if (l === 'check_postmaster') { o.pmMailfrom = ''; if (o.callout === -1) o.callout = CALLOUT_TIMEOUT_DEFAULT; }
    else if (l.startsWith('callout')) {
      o.callout = CALLOUT_TIMEOUT_DEFAULT;
      let s = x.slice(7);
      if (s === '') continue;
      s = trimStart(s);
      if (s[0] !== '=') { env.logMessage = `'=' expected after "callout" in ACL condition "${arg}"`; return 'ERROR'; }
      const sub = new ListReader(trimStart(s.slice(1)), ','.charCodeAt(0));
      for (let opt = sub.next(); opt !== undefined; opt = sub.next()) {
        const op = CALLOUT_OPTS.find((c) => lc(opt!.slice(0, c.name.length)) === c.name);
        let v = opt;
        if (op?.hasOption) {
          v = trimStart(opt.slice(op.name.length));
          if (v[0] !== '=') { env.logMessage = `'=' expected after "${op.name}" in ACL verify condition "${arg}"`; return 'ERROR'; }
          v = trimStart(v.slice(1));
        }
        let period = 1;
        if (!op || op.timeval) { period = readTime(v); if (period < 0) return badTime(); }
        if (!op) { o.callout = period; continue; }
        o.calloutOptions.push(op.name);
        if (op.name === 'postmaster' || op.name === 'fullpostmaster') o.pmMailfrom = '';
        else if (op.name === 'mailfrom') {
          if (!headerSender) {
            env.logMessage = `"mailfrom" is allowed as a callout option only for verify=header_sender (detected in ACL condition "${arg}")`;
            return 'ERROR';
          }
          o.seMailfrom = v;
        } else if (op.name === 'postmaster_mailfrom') o.pmMailfrom = v;
        else if (op.name === 'maxwait') o.calloutOverall = period;
        else if (op.name === 'connect') o.calloutConnect = period;
      }
    } else if (l.startsWith('quota')) {
      quota = true;
      let s = trimStart(x.slice(5));
      if (s[0] === '=') {
        const sub = new ListReader(trimStart(s.slice(1)), ','.charCodeAt(0));
        for (let opt = sub.next(); opt !== undefined; opt = sub.next()) {
          if ((opt.startsWith('cachepos=') || opt.startsWith('cacheneg=')) && readTime(opt.slice(9)) < 0) return badTime();
        }
      }
      s = '';
    } else {
      env.logMessage = `unknown option "${x}" in ACL condition "verify ${arg}"`;
      return 'ERROR';
    }
  }
  if (o.calloutOptions.includes('use_sender') && o.calloutOptions.includes('use_postmaster')) {
    env.logMessage = 'only one of use_sender and use_postmaster can be set for a recipient callout';
    return 'ERROR';
  }
  if (quota) {
    if (vp.name !== 'recipient') { env.logMessage = 'can only verify quota of recipient'; return 'ERROR'; }
    env.logMessage = 'recipient quota verification needs a transport: not available in exim-ts';
    return 'DEFER';
  }
  if (vp.name === 'sender' && (o.calloutOptions.includes('use_sender') || o.calloutOptions.includes('use_postmaster'))) {
    env.logMessage = 'use_sender or use_postmaster cannot be used for a sender verify callout';
    return 'ERROR';
  }
  if (vp.name === 'recipient') {
    const lp = ctx.values.get('local_part') ?? '';
    const domain = ctx.values.get('domain') ?? '';
    return address(env, 'recipient', domain ? `${lp}@${domain}` : lp, o, deferOk, noDetails);
  }
  if (headerSender) return address(env, 'header_sender', '', o, deferOk, noDetails);
  return address(env, 'sender', subject ?? '', o, deferOk, noDetails);
}

export const verify: AclConditionEntry[] = [
  condition({
    name: 'verify', doc: 'verify = <what>[/<options>]: verify the sender, recipient, HELO, header syntax, reverse DNS, ...',
    run: verifyCondition,
  }),
];
