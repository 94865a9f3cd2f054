// ACL conditions: tests that yield OK (true) or FAIL (false), or DEFER/ERROR.
import type { AclConditionEntry, AclEnv, AclRc } from './types.js';
import { allExcept, type AclWhere } from './where.js';

const none = new Set<AclWhere>();
const only = (...w: AclWhere[]) => new Set(allExcept(w));
/** where sender-related tests make no sense: before MAIL, or commands without a message */
const NO_SENDER = new Set<AclWhere>(['AUTH', 'CONNECT', 'HELO', 'MAILAUTH', 'QUIT', 'ETRN', 'EXPN', 'STARTTLS', 'VRFY']);

function condition(e: Omit<AclConditionEntry, 'kind' | 'negatable' | 'expandAtTop' | 'forbiddenIn'> & { expandAtTop?: boolean; forbiddenIn?: ReadonlySet<AclWhere> }): AclConditionEntry {
  return { kind: 'condition', negatable: true, expandAtTop: true, forbiddenIn: none, ...e };
}

/**
 * Marker for the conditions whose service (list matching, DNS, databases,
 * content scanning, ...) exim-ts does not have yet: they fail the ACL with
 * ERROR and this text in the log message. grep "not yet implemented".
 */
export const NOT_YET_IMPLEMENTED = 'not yet implemented in exim-ts';

function pending(env: AclEnv, name: string, needs: string): AclRc {
  env.logMessage = `ACL condition "${name}" is ${NOT_YET_IMPLEMENTED} (needs ${needs})`;
  return 'ERROR';
}

function notYet(name: string, needs: string, doc: string, forbiddenIn: ReadonlySet<AclWhere> = none, expandAtTop = true): AclConditionEntry {
  return condition({ name, doc, forbiddenIn, expandAtTop, run: (_arg, env) => pending(env, name, needs) });
}

/** Exim's idea of a boolean in "condition =": number (zero is false), yes/no, true/false */
function conditionValue(arg: string, env: AclEnv): AclRc {
  const digits = arg.startsWith('-') ? arg.slice(1) : arg;
  if (/^[0-9]*$/.test(digits)) {
    // Uatoi() is (int)strtol(): clamped to 64 bits, then truncated to an int
    let v = digits === '' ? 0n : BigInt(arg);
    if (v > 0x7fffffffffffffffn) v = 0x7fffffffffffffffn;
    if (v < -0x8000000000000000n) v = -0x8000000000000000n;
    const n = Number(BigInt.asIntN(32, v));
    return n === 0 ? 'FAIL' : 'OK';
  }
  const l = arg.toLowerCase();
  if (l === 'no' || l === 'false') return 'FAIL';
  if (l === 'yes' || l === 'true') return 'OK';
  env.logMessage = `invalid "condition" value "${arg}"`;
  return 'DEFER';
}

const MESSAGE_DATA = ['DATA', 'PRDR', 'NOTSMTP'] as const;

export const conditions: AclConditionEntry[] = [
  condition({
    name: 'acl', doc: 'acl = <name> [<arg> ...]: run another ACL (args in $acl_arg1..9); its verdict is the result',
    expandAtTop: false,
    run(arg, env) { return env.runNested(arg); },
  }),
  notYet('authenticated', 'list matching', 'authenticated = <list>: the client authenticated with an id matching the list',
    new Set<AclWhere>(['NOTSMTP', 'NOTSMTP_START', 'CONNECT', 'HELO']), false),
  condition({
    name: 'condition', doc: 'condition = <string>: true if the expanded string is a non-zero number, "yes" or "true"',
    run(arg, env) { return conditionValue(arg, env); },
  }),
  notYet('decode', 'MIME decoding', 'decode = <location>: decode the current MIME part to a file (MIME ACL)', only('MIME')),
  notYet('dkim_signers', 'list matching', 'dkim_signers = <list>: the current DKIM signer matches the list (DKIM ACL)', only('DKIM')),
  notYet('dkim_status', 'list matching', 'dkim_status = <list>: the DKIM verification status matches the list (DKIM ACL)', only('DKIM')),
  notYet('dnslists', 'DNS lookups', 'dnslists = <list of DNS black lists>: the client (or a key) is listed'),
  notYet('domains', 'list matching', 'domains = <domain list>: the recipient domain matches',
    only('RCPT', 'VRFY', 'PRDR'), false),
  notYet('encrypted', 'list matching', 'encrypted = <list of ciphers>: the connection is TLS-encrypted with a matching cipher',
    new Set<AclWhere>(['NOTSMTP', 'NOTSMTP_START', 'HELO']), false),
  notYet('hosts', 'list matching', 'hosts = <host list>: the client host matches',
    new Set<AclWhere>(['NOTSMTP', 'NOTSMTP_START']), false),
  notYet('local_parts', 'list matching', 'local_parts = <local part list>: the recipient local part matches',
    only('RCPT', 'VRFY', 'PRDR'), false),
  notYet('malware', 'a malware scanner', 'malware = <regex>[/<options>]: a virus scanner found malware', only(...MESSAGE_DATA)),
  notYet('mime_regex', 'MIME decoding', 'mime_regex = <regex list>: the decoded MIME part matches (MIME ACL)', only('MIME')),
  notYet('ratelimit', 'the ratelimit database', 'ratelimit = <m> / <period> / <options> / <key>: the sender exceeds the rate'),
  notYet('recipients', 'list matching', 'recipients = <address list>: the recipient address matches (RCPT ACL)', only('RCPT'), false),
  notYet('regex', 'message body access', 'regex = <regex list>: the message body matches', only('DATA', 'PRDR', 'NOTSMTP', 'MIME')),
  notYet('seen', 'the seen database', 'seen = [-]<time>[/<options>]: the key was seen within (or before) the time'),
  notYet('sender_domains', 'list matching', 'sender_domains = <domain list>: the sender domain matches', NO_SENDER, false),
  notYet('senders', 'list matching', 'senders = <address list>: the sender address matches', NO_SENDER, false),
  notYet('spam', 'SpamAssassin', 'spam = <user>[/<options>]: SpamAssassin says the message is spam', only(...MESSAGE_DATA)),
  notYet('spf', 'SPF', 'spf = <list of results>: the SPF check of the sender gives one of these',
    new Set<AclWhere>(['AUTH', 'CONNECT', 'HELO', 'MAILAUTH', 'ETRN', 'EXPN', 'STARTTLS', 'VRFY', 'NOTSMTP', 'NOTSMTP_START'])),
  notYet('spf_guess', 'SPF', 'spf_guess = <list of results>: as spf, with a guessed record when there is none',
    new Set<AclWhere>(['AUTH', 'CONNECT', 'HELO', 'MAILAUTH', 'ETRN', 'EXPN', 'STARTTLS', 'VRFY', 'NOTSMTP', 'NOTSMTP_START'])),
  notYet('verify', 'address and host verification', 'verify = <what>[/<options>]: verify the sender, recipient, header syntax, ...'),
];

/** udpsend is a modifier, but also needs a service we do not have yet */
export const udpsend: AclConditionEntry = {
  name: 'udpsend', kind: 'modifier', negatable: false, expandAtTop: true, forbiddenIn: none,
  doc: 'udpsend = <host> <port> <data>: send a UDP datagram',
  run: (_arg, env) => pending(env, 'udpsend', 'UDP sockets'),
};
