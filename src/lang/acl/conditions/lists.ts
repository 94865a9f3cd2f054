// Conditions that match a list against a session fact: hosts, domains,
// local_parts, senders, recipients, sender_domains, authenticated, encrypted.
// The list is expanded here (match_check_list() does it in Exim), then matched
// with src/lang/match; lookups and DNS go through the evaluator's journal.
import type { AclConditionEntry, AclEnv, AclRc } from '../types.js';
import type { AclWhere } from '../where.js';
import { ExpandError, type Evaluator } from '../../expand-api.js';
import { matchServices } from '../../conditions/lists.js';
import { checkString, lowerAscii, matchCheckList, MatchPanic, type ListKind, type MatchResult, type MatchServices } from '../../match/list.js';
import { matchDomainList } from '../../match/domain.js';
import { matchLocalPartList } from '../../match/localpart.js';
import { matchAddressList } from '../../match/address.js';
import { matchHostList } from '../../match/host.js';
import { HostNames, keepHostLookup } from '../../match/host-names.js';
import { condition, only, NO_SENDER } from './common.js';

export const after = <T, U>(v: T | Promise<T>, f: (t: T) => U | Promise<U>): U | Promise<U> =>
  (v instanceof Promise ? v.then(f) : f(v));

type Outcome = { rc: 'ok' | 'fail' | 'defer' | 'error'; result?: MatchResult; panic?: string };

/**
 * match_check_list()'s first step and the match: expand the list (forced
 * failure: not in the list; error: logged, DEFER), then match. `domain` is
 * $domain during the expansion when it is unset (domain lists).
 */
export function runListMatch(env: AclEnv, list: string, match: (list: string, svc: MatchServices, ev: Evaluator) => MatchResult,
  domainDuring?: string): Outcome | Promise<Outcome> {
  return env.withEvaluator((ev): Outcome => {
    let expanded: string;
    try {
      const exp = () => ev.expandNested(list);
      expanded = domainDuring !== undefined && !env.ctx.values.get('domain')
        ? (ev as Evaluator & { withLocal: <T>(n: string, v: string, f: () => T) => T }).withLocal('domain', domainDuring, exp)
        : exp();
    } catch (e) {
      if (!(e instanceof ExpandError)) throw e;
      if (e.forced) return { rc: 'fail' };
      env.log(['main', 'panic'], `failed to expand "${list}" while checking a list: ${e.message}`);
      return { rc: 'defer' };
    }
    try {
      const r = match(expanded, matchServices(ev), ev);
      return { rc: r.rc, result: r };
    } catch (e) {
      if (e instanceof MatchPanic) return { rc: 'error', panic: e.message };
      if (e instanceof ExpandError) {
        env.log(['main', 'panic'], `failed to expand "${list}" while checking a list: ${e.message}`);
        return { rc: 'defer' };
      }
      throw e;
    }
  });
}

/** the services with the named-list cache Exim uses for this kind of check */
function cached(svc: MatchServices, env: AclEnv, which: 'host' | 'domain' | 'localPart' | 'senderDomain' | 'senderAddress'): MatchServices {
  const caches = env.ctx.listCaches;
  if (caches) svc.namedCache = caches[which];
  return svc;
}

const RC: Record<Outcome['rc'], AclRc> = { ok: 'OK', fail: 'FAIL', defer: 'DEFER', error: 'ERROR' };

/** the common tail: log lines, the data variable, the result code */
function finish(env: AclEnv, o: Outcome, dataVar?: string): AclRc {
  const r = o.result;
  if (o.panic !== undefined) {
    env.log(['main', 'panic'], o.panic);
    env.logMessage = o.panic;
    return 'ERROR';
  }
  if (r?.log) env.log(['main'], r.log);
  if (dataVar) {
    if (r?.value !== undefined && o.rc !== 'defer') env.ctx.set(dataVar, r.value, false);
    else env.ctx.unset(dataVar);
  }
  return RC[o.rc];
}

const get = (env: AclEnv, name: string): string | undefined => env.ctx.values.get(name);

/** match_isinlist(..., MCL_STRING, caseless): no +named lists, no numeric variables */
function stringList(subject: string, list: string, svc: MatchServices): MatchResult {
  const cb = { subject: lowerAscii(subject), origSubject: subject, caseless: true, atSpecial: false, expandSetup: -1 };
  return matchCheckList(list, { kind: 'string' as ListKind, named: false, subject }, (p, out) => checkString(cb, p, out, svc), svc);
}

/** hosts: verify_check_this_host() with the client's address, its name looked up when an item needs it */
function hosts(arg: string, env: AclEnv): AclRc | Promise<AclRc> {
  const ctx = env.ctx;
  const address = get(env, 'sender_host_address') ?? '';
  const knownName = get(env, 'sender_host_name');
  let names: HostNames | undefined;
  const o = runListMatch(env, arg, (list, svc, ev) => {
    names = new HostNames(address, knownName ? { name: knownName, aliases: ctx.senderHostAliases ?? [] } : undefined,
      ctx.getVar('host_lookup_failed') === '1', env.services.dns, (op) => ev.io(op), ctx.trace);
    return matchHostList({ address, names }, list, cached(svc, env, 'host'));
  });
  return after(o, (res) => {
    keepHostLookup(ctx, names?.outcome, (l) => env.log(['main'], l));
    if (res.rc === 'defer') env.logMessage = res.result?.error ?? ctx.searchErrorMessage;
    return finish(env, res, 'host_data');
  });
}

const NOT_BEFORE_MAIL = new Set<AclWhere>(['NOTSMTP', 'NOTSMTP_START', 'CONNECT', 'HELO']);

export const lists: AclConditionEntry[] = [
  condition({
    name: 'authenticated', doc: 'authenticated = <list>: the client authenticated with an authenticator whose name matches the list',
    forbiddenIn: NOT_BEFORE_MAIL, expandAtTop: false,
    run(arg, env) {
      const who = get(env, 'sender_host_authenticated');
      if (!who) return 'FAIL';
      return after(runListMatch(env, arg, (l, svc) => stringList(who, l, svc)), (o) => finish(env, o));
    },
  }),
  condition({
    name: 'domains', doc: 'domains = <domain list>: the recipient domain matches ($domain_data gets the matched item or looked-up data)',
    forbiddenIn: only('RCPT', 'VRFY', 'PRDR'), expandAtTop: false,
    run(arg, env) {
      const domain = get(env, 'domain') ?? '';
      return after(runListMatch(env, arg, (l, svc) => matchDomainList(domain, l, cached(svc, env, 'domain')), domain), (o) => finish(env, o, 'domain_data'));
    },
  }),
  condition({
    name: 'encrypted', doc: 'encrypted = <list of ciphers>: the connection is TLS-encrypted with a matching cipher',
    forbiddenIn: new Set<AclWhere>(['NOTSMTP', 'NOTSMTP_START', 'HELO']), expandAtTop: false,
    run(arg, env) {
      const full = get(env, 'tls_in_cipher');
      if (!full) return 'FAIL';
      // "TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256": the middle part is the cipher
      const parts = full.split(':');
      const cipher = parts.length > 1 ? parts[1]! : full;
      return after(runListMatch(env, arg, (l, svc) => stringList(cipher, l, svc)), (o) => finish(env, o));
    },
  }),
  condition({
    name: 'hosts', doc: 'hosts = <host list>: the client host matches (IPs, networks, names, lookups; $host_data)',
    forbiddenIn: new Set<AclWhere>(['NOTSMTP', 'NOTSMTP_START']), expandAtTop: false,
    run: hosts,
  }),
  condition({
    name: 'local_parts', doc: 'local_parts = <local part list>: the recipient local part matches ($local_part_data)',
    forbiddenIn: only('RCPT', 'VRFY', 'PRDR'), expandAtTop: false,
    run(arg, env) {
      // the local part in the client's case (cc_local_part), matched caselessly
      const lp = env.ctx.aclLocalPart ?? get(env, 'local_part') ?? '';
      return after(runListMatch(env, arg, (l, svc) => matchLocalPartList(lp, l, cached(svc, env, 'localPart'))), (o) => finish(env, o, 'local_part_data'));
    },
  }),
  condition({
    name: 'recipients', doc: 'recipients = <address list>: the recipient address matches ($recipient_data)',
    forbiddenIn: only('RCPT'), expandAtTop: false,
    run(arg, env) {
      const lp = get(env, 'local_part') ?? '';
      const domain = get(env, 'domain') ?? '';
      // the address as the client gave it (acl_check()'s addr->address); $local_part and $domain are lower-cased
      const address = env.ctx.aclRecipient ?? (domain ? `${lp}@${domain}` : lp);
      return after(runListMatch(env, arg, (l, svc) => matchAddressList(address, l, svc)), (o) => finish(env, o, 'recipient_data'));
    },
  }),
  condition({
    name: 'sender_domains', doc: 'sender_domains = <domain list>: the sender\'s domain matches',
    forbiddenIn: NO_SENDER, expandAtTop: false,
    run(arg, env) {
      const sender = get(env, 'sender_address') ?? '';
      const at = sender.lastIndexOf('@');
      const domain = at >= 0 ? sender.slice(at + 1) : '';
      return after(runListMatch(env, arg, (l, svc) => matchDomainList(domain, l, cached(svc, env, 'senderDomain')), domain), (o) => finish(env, o));
    },
  }),
  condition({
    name: 'senders', doc: 'senders = <address list>: the sender address matches ($sender_data)',
    forbiddenIn: NO_SENDER, expandAtTop: false,
    run(arg, env) {
      const sender = get(env, 'sender_address') ?? '';
      return after(runListMatch(env, arg, (l, svc) => matchAddressList(sender, l, cached(svc, env, 'senderAddress'))), (o) => finish(env, o, 'sender_data'));
    },
  }),
];
