// ACL modifiers: they always "succeed" (OK) and act through the environment.
import { stringPrinting } from '../util/printing.js';
import type { AclConditionEntry, AclLogTarget } from './types.js';
import { allExcept, ACL_WHERE_NAMES, type AclWhere } from './where.js';
import { runControl } from './controls.js';
import { readTime } from '../util/time.js';
import { listItems } from '../util/list.js';

const none = new Set<AclWhere>();

function modifier(e: Omit<AclConditionEntry, 'kind' | 'negatable' | 'expandAtTop' | 'forbiddenIn'> & { forbiddenIn?: ReadonlySet<AclWhere> }): AclConditionEntry {
  return { kind: 'modifier', negatable: false, expandAtTop: true, forbiddenIn: none, ...e };
}

const HEADER_PLACES: AclWhere[] = ['MAIL', 'RCPT', 'PREDATA', 'DATA', 'PRDR', 'MIME', 'NOTSMTP', 'DKIM', 'NOTSMTP_START'];

export const modifiers: AclConditionEntry[] = [
  modifier({
    name: 'add_header', doc: 'add_header = <text>: header line(s) to add to the message if it is accepted',
    forbiddenIn: new Set(allExcept(HEADER_PLACES)),
    run(arg, env) { env.addHeader(arg); return 'OK'; },
  }),
  modifier({
    name: 'continue', doc: 'continue = <text>: expanded for its side effects only',
    run() { return 'OK'; },
  }),
  modifier({
    name: 'control', doc: 'control = <name>[/<options>]: change how the message or session is handled',
    run(arg, env) { return runControl(arg, env); },
  }),
  modifier({
    name: 'delay', doc: 'delay = <time>: wait before answering',
    forbiddenIn: new Set<AclWhere>(['NOTQUIT']),
    run(arg, env) {
      const t = readTime(arg, '');
      if (t < 0) {
        env.logMessage = `syntax error in argument for "delay" modifier: "${arg}" is not a time value`;
        return 'ERROR';
      }
      const w = env.delay(t);
      return w instanceof Promise ? w.then(() => 'OK' as const) : 'OK';
    },
  }),
  modifier({
    name: 'endpass', doc: 'endpass: (accept/discard only) a later failing condition denies instead of passing on',
    engine: 'endpass', run() { return 'OK'; },
  }),
  modifier({
    name: 'log_message', doc: 'log_message = <text>: logged when the verb takes effect (expanded then)',
    engine: 'log_message', run() { return 'OK'; },
  }),
  modifier({
    name: 'log_reject_target', doc: 'log_reject_target = <list of main:panic:reject>: where the rejection is logged',
    run(arg, env) {
      const targets = new Set<AclLogTarget>();
      for (const t of listItems(arg)) {
        if (t === 'main' || t === 'panic' || t === 'reject') targets.add(t);
        else {
          targets.add('main'); targets.add('reject');
          env.log(['main', 'panic'], `unknown log name "${t}" in "log_reject_target" in ${ACL_WHERE_NAMES[env.where]} ACL`);
        }
      }
      env.setLogRejectTarget([...targets]);
      return 'OK';
    },
  }),
  modifier({
    name: 'logwrite', doc: 'logwrite = [:main,panic,reject:] <text>: write a log line now',
    run(arg, env) {
      const targets = new Set<AclLogTarget>();
      let s = arg;
      if (s.startsWith(':')) {
        s = s.slice(1);
        while (!s.startsWith(':')) {
          const m = /^(main|panic|reject)/.exec(s);
          if (m) { targets.add(m[1] as AclLogTarget); s = s.slice(m[1]!.length); }
          else {
            // Exim replaces the text by a complaint that starts with ':' and stops there
            targets.clear(); targets.add('main'); targets.add('panic');
            s = `:unknown log name in "${arg}" in "logwrite" in ${ACL_WHERE_NAMES[env.where]} ACL`;
          }
          if (s.startsWith(',')) s = s.slice(1);
        }
        s = s.slice(1);
      }
      s = s.replace(/^[ \t\n\v\f\r]+/, '');
      env.log(targets.size ? [...targets] : ['main'], printing(s));
      return 'OK';
    },
  }),
  modifier({
    name: 'message', doc: 'message = <text>: the SMTP response text when the verb takes effect (expanded then)',
    engine: 'message', run() { return 'OK'; },
  }),
  modifier({
    name: 'queue', doc: 'queue = <name>: put the message in this named queue',
    forbiddenIn: new Set<AclWhere>(['NOTSMTP', 'PRDR', 'DATA']),
    run(arg, env) {
      if (env.argTainted) { env.logMessage = `Tainted name '${arg}' for queue not permitted`; return 'ERROR'; }
      if (arg.includes('/')) { env.logMessage = `Directory separator not permitted in queue name: '${arg}'`; return 'ERROR'; }
      env.setQueue(arg);
      return 'OK';
    },
  }),
  modifier({
    name: 'remove_header', doc: 'remove_header = <list of names>: header lines to remove if the message is accepted',
    forbiddenIn: new Set(allExcept(['MAIL', 'RCPT', 'PREDATA', 'DATA', 'PRDR', 'MIME', 'NOTSMTP', 'NOTSMTP_START'])),
    run(arg, env) { env.removeHeader(arg); return 'OK'; },
  }),
  modifier({
    name: 'set', doc: 'set acl_cX|acl_mX = <value>: set an ACL variable (connection or message lifetime)',
    run(arg, env, cond) { env.setVar(cond.varName!, arg, env.argTainted); return 'OK'; },
  }),
];

/** string_printing(): non-printing bytes as C escapes (tabs print) */
export function printing(s: string): string {
  return stringPrinting(s, false);
}
