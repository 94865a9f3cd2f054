// control = name[/options]: Exim's controls_list[], decode_control() and the
// per-control option checks of acl_check_condition(). Effects are recorded
// through env.control(); the SMTP server reads them from the session.
import type { AclEnv, AclRc } from './types.js';
import { ACL_WHERE_NAMES, allExcept, type AclWhere } from './where.js';

export interface ControlEntry {
  name: string;
  /** may be followed by "/..." (or "_..." as in queue_only) */
  hasOption: boolean;
  forbiddenIn: ReadonlySet<AclWhere>;
  doc: string;
  /** check the text after the name (p), record the effect; ERROR with env.logMessage on bad syntax */
  apply?(p: string, arg: string, env: AclEnv): AclRc;
}

const none = new Set<AclWhere>();
const only = (...w: AclWhere[]) => new Set(allExcept(w));
const notSmtp = new Set<AclWhere>(['NOTSMTP', 'NOTSMTP_START']);
const MESSAGE_PLACES: AclWhere[] = ['MAIL', 'RCPT', 'PREDATA', 'DATA', 'PRDR', 'MIME'];

const syntax = (env: AclEnv, arg: string): AclRc => {
  env.logMessage = `syntax error in "control=${arg}"`;
  return 'ERROR';
};

/** In Exim's order (sorted: find_control() does a binary chop on it). Only controls of this build. */
export const CONTROLS: readonly ControlEntry[] = [
  { name: 'allow_auth_unadvertised', hasOption: false, forbiddenIn: only('CONNECT', 'HELO'),
    doc: 'advertise-independent AUTH: accept AUTH even when it was not advertised' },
  { name: 'caseful_local_part', hasOption: false, forbiddenIn: only('RCPT'),
    doc: '$local_part keeps its case for the rest of the RCPT ACL' },
  { name: 'caselower_local_part', hasOption: false, forbiddenIn: only('RCPT'),
    doc: '$local_part is lowercased for the rest of the RCPT ACL' },
  { name: 'cutthrough_delivery', hasOption: true, forbiddenIn: none,
    doc: 'deliver the message while it is being received (/defer=pass|spool)' },
  { name: 'debug', hasOption: true, forbiddenIn: none,
    doc: 'start or stop debug output (/tag=, /opts=, /kill, /stop, /pretrigger=, /trigger=)' },
  { name: 'dkim_disable_verify', hasOption: false, forbiddenIn: new Set(['DATA', 'NOTSMTP', 'PRDR', 'NOTSMTP_START']),
    doc: 'do not verify DKIM signatures of this message' },
  // the DMARC controls: an addition over Debian's build, which lacks DMARC (issue 6)
  { name: 'dmarc_disable_verify', hasOption: false, forbiddenIn: new Set(['DATA', 'NOTSMTP', 'NOTSMTP_START']),
    doc: 'do not run the DMARC check for this message ($dmarc_status is "off")' },
  { name: 'dmarc_enable_forensic', hasOption: false, forbiddenIn: new Set(['DATA', 'NOTSMTP', 'NOTSMTP_START']),
    doc: 'send a DMARC failure report to the record\'s ruf= addresses when the check fails' },
  { name: 'dscp', hasOption: true, forbiddenIn: new Set(['NOTSMTP', 'NOTSMTP_START', 'NOTQUIT']),
    doc: 'set the DSCP value of the incoming connection (/value)',
    apply(p, arg, env) {
      if (!p.startsWith('/')) return syntax(env, arg);
      env.control('dscp', p);
      return 'OK';
    } },
  { name: 'enforce_sync', hasOption: false, forbiddenIn: notSmtp,
    doc: 'enforce SMTP command synchronisation' },
  { name: 'error', hasOption: false, forbiddenIn: none,
    doc: 'pseudo-control for a control that could not be decoded' },
  { name: 'fakedefer', hasOption: true, forbiddenIn: only(...MESSAGE_PLACES),
    doc: 'accept the message but answer with a 4xx (/message text)' },
  { name: 'fakereject', hasOption: true, forbiddenIn: only(...MESSAGE_PLACES),
    doc: 'accept the message but answer with a 5xx (/message text)' },
  { name: 'freeze', hasOption: true, forbiddenIn: only('MAIL', 'RCPT', 'PREDATA', 'DATA', 'NOTSMTP', 'MIME'),
    doc: 'freeze the message on arrival (/no_tell)',
    apply(p, arg, env) {
      const rest = p.startsWith('/no_tell') ? p.slice(8) : p;
      if (rest) return syntax(env, arg);
      env.control('freeze', p);
      return 'OK';
    } },
  { name: 'no_callout_flush', hasOption: false, forbiddenIn: notSmtp,
    doc: 'do not flush output before a callout' },
  { name: 'no_delay_flush', hasOption: false, forbiddenIn: notSmtp,
    doc: 'do not flush output before a delay' },
  { name: 'no_enforce_sync', hasOption: false, forbiddenIn: notSmtp,
    doc: 'do not enforce SMTP command synchronisation' },
  { name: 'no_mbox_unspool', hasOption: false, forbiddenIn: only('MAIL', 'RCPT', 'PREDATA', 'DATA', 'MIME'),
    doc: 'keep the content-scanning mbox file' },
  { name: 'no_multiline_responses', hasOption: false, forbiddenIn: notSmtp,
    doc: 'send only the last line of multi-line SMTP responses' },
  { name: 'no_pipelining', hasOption: false, forbiddenIn: notSmtp,
    doc: 'do not advertise PIPELINING' },
  { name: 'queue', hasOption: true, forbiddenIn: only('MAIL', 'RCPT', 'PREDATA', 'DATA', 'NOTSMTP', 'MIME'),
    doc: 'queue the message without delivering it (/only, /first_pass_route, _only)' },
  { name: 'submission', hasOption: true, forbiddenIn: only('MAIL', 'RCPT', 'PREDATA'),
    doc: 'submission mode: fix up headers (/sender_retain, /domain=, /name=)',
    apply(p, arg, env) {
      let rest = p;
      while (rest.startsWith('/')) {
        if (rest.startsWith('/sender_retain')) rest = rest.slice(14);
        else if (rest.startsWith('/domain=')) { const e = rest.indexOf('/', 8); rest = e < 0 ? '' : rest.slice(e); }
        else if (rest.startsWith('/name=')) rest = '';
        else break;
      }
      if (rest) return syntax(env, arg);
      env.control('submission', p);
      return 'OK';
    } },
  { name: 'suppress_local_fixups', hasOption: false, forbiddenIn: only('MAIL', 'RCPT', 'PREDATA', 'NOTSMTP_START'),
    doc: 'do not add missing headers to locally submitted messages' },
  { name: 'utf8_downconvert', hasOption: true, forbiddenIn: only('RCPT', 'VRFY'),
    doc: 'convert SMTPUTF8 addresses when delivering (/1, /0, /-1)',
    apply(p, _arg, env) {
      if (p.startsWith('/') && !(p[1] === '1' || p[1] === '0' || (p[1] === '-' && p[2] === '1'))) {
        env.logMessage = 'bad option value for control=utf8_downconvert';
        return 'ERROR';
      }
      env.control('utf8_downconvert', p);
      return 'OK';
    } },
];

/** find_control(): binary chop comparing only the length of each table name */
export function findControl(arg: string): ControlEntry | undefined {
  let first = 0;
  let last = CONTROLS.length;
  while (last > first) {
    const middle = (first + last) >> 1;
    const name = CONTROLS[middle]!.name;
    const head = arg.slice(0, name.length);
    const c = head === name ? 0 : head < name ? -1 : 1;
    if (c === 0) return CONTROLS[middle];
    if (c > 0) first = middle + 1; else last = middle;
  }
  return undefined;
}

/** The control modifier: decode, check it is allowed here, apply. */
export function runControl(arg: string, env: AclEnv): AclRc {
  const d = findControl(arg);
  const c = d ? (arg[d.name.length] ?? '') : '';
  if (!d || (c !== '' && (!d.hasOption || (c !== '/' && c !== '_')))) return syntax(env, arg);
  if (d.forbiddenIn.has(env.where)) {
    env.logMessage = `cannot use "control=${d.name}" in ${ACL_WHERE_NAMES[env.where]} ACL`;
    return 'ERROR';
  }
  const p = arg.slice(d.name.length);
  if (d.name === 'error') return 'ERROR';
  if (d.apply) return d.apply(p, arg, env);
  env.control(d.name, p);
  return 'OK';
}
