// The ACL engine: Exim's acl_check_internal(), acl_check_condition(),
// acl_check_wargs() and acl_eval(). Verbs, conditions in order with
// short-circuit, message/log_message, endpass, nested ACLs, implicit deny.
// One engine per session context: it keeps the nesting level, the place the
// ACL runs from, and the session record (headers, logs, controls, ...).
import { readFileSync } from 'node:fs';
import {
  ACL_WHERE_NAMES, isMessageAcl,
  type AclDefinition, type AclEnv, type AclHeaderAdd, type AclLogTarget, type AclRc, type AclResult,
  type AclStatement, type AclVerb, type AclWhere,
} from '../../lang/acl/index.js';
import { ExpandError, type Evaluator } from '../../lang/expand-api.js';
import type { AclResult as ExpandAclResult } from '../../lang/conditions/acl.js';
import { aclTextLines, readAcl } from '../../grammar/config/acl.js';
import { compile } from '../expand/expand.js';
import { Evaluation } from '../expand/evaluator.js';
import type { ExpandContext } from '../expand/context.js';
import { drive, type Co } from './co.js';
import { addHeaderLines } from './headers.js';
import { strerror } from './strerror.js';
import { dequote } from './dequote.js';

/** Everything ACLs did to the session and message, for the caller to act on. */
export interface AclSessionRecord {
  addedHeaders: AclHeaderAdd[];
  /** remove_header lists, in order */
  removedHeaders: string[];
  logs: { targets: AclLogTarget[]; text: string }[];
  controls: { name: string; option: string }[];
  delays: number[];
  queueName?: string;
  logRejectTarget: AclLogTarget[];
  /** the statement that decided the last top-level check (the innermost one, through acl = calls) */
  decision?: AclDecision;
  /** f.acl_temp_details: a temporary refusal may show its message (defer verb, search errors with smtp_return_error_details) */
  tempDetails: boolean;
}

/** which statement decided an ACL check, for dry runs ("denied by deny at acl.conf:42") */
export interface AclDecision {
  acl: string;
  verb: AclVerb | 'implicit deny';
  file?: string;
  line?: number;
}

export interface AclEngineOptions {
  /** wait for a delay modifier (default: block for that many seconds, as Exim does) */
  sleep?: (seconds: number) => void | Promise<void>;
  /** called for each log line as it is written */
  onLog?: (targets: AclLogTarget[], text: string) => void;
  /** -bh: delays are skipped (and say so in the trace) */
  hostChecking?: boolean;
  /** where an inline ACL (an ACL option's text) says it was read: Exim reads it at use, after the config */
  inlineSource?: { file: string; line: number };
  /** the debug trace Exim writes in -bh mode (">>> " lines), without the prefix; indent is the ACL nesting level */
  trace?: (text: string, indent: number) => void;
  /** read an ACL file (acl = /path); default readFileSync as bytes */
  readFile?: (path: string) => string;
}

/** Exim's acl_level limit */
const MAX_LEVEL = 20;
const ASYNC_IN_SYNC = 'asynchronous lookup used in a synchronous expansion';
/** a QUIT or not-QUIT ACL at the top that would refuse: an error instead */
function badQuitRc(verb: AclVerb, msgs: Messages): AclRc {
  msgs.log = `QUIT or not-QUIT toplevel ACL may not fail ('${verb}' verb used incorrectly)`;
  return 'ERROR';
}

/** expandNow(): the string needs to wait for I/O */
const WAITS = Symbol('waits');

/** msgcond[]: for which results each verb uses message/log_message */
const MSGCOND: Record<AclVerb, readonly AclRc[]> = {
  accept: ['OK', 'FAIL', 'FAIL_DROP'],
  defer: ['OK'],
  deny: ['OK'],
  discard: ['OK', 'FAIL', 'FAIL_DROP'],
  drop: ['OK'],
  require: ['FAIL', 'FAIL_DROP'],
  warn: ['OK'],
};

/** *user_msgptr / *log_msgptr, shared by an ACL and the ACLs it calls */
class Messages {
  user: string | undefined;
  private _log: string | undefined;
  /** the log message is the user message itself (Exim compares the pointers) */
  logIsUser = false;
  get log(): string | undefined { return this._log; }
  set log(v: string | undefined) { this._log = v; this.logIsUser = false; }
  clear(): void { this.user = undefined; this.log = undefined; }
}

type Expanded = { ok: true; value: string; tainted: boolean } | { ok: false; error: ExpandError };

export class AclEngine {
  /** where the current top-level check runs (acl_where); UNKNOWN for -be and ${acl} outside a session */
  where: AclWhere = 'UNKNOWN';
  /** acl_level */
  level = 0;
  readonly session: AclSessionRecord = {
    addedHeaders: [], removedHeaders: [], logs: [], controls: [], delays: [], logRejectTarget: ['main', 'reject'],
    tempDetails: false,
  };
  /** warnings already logged for this message (acl_warn_logged) */
  private warnLogged = new Set<string>();
  /** ACLs read from files, by path (Exim keeps them in the ACL tree) */
  private fileAcls = new Map<string, AclStatement[]>();

  constructor(
    readonly ctx: ExpandContext,
    readonly acls: ReadonlyMap<string, AclDefinition>,
    readonly options: AclEngineOptions = {},
  ) {}

  /** a new message starts: warnings may be logged again (acl_warn_logged is per message) */
  resetMessage(): void {
    this.warnLogged.clear();
  }

  /**
   * eval_acl() + acl_eval(): ${acl{name}{args}} and ${if acl{{name}{args}}}.
   * `name` is not expanded again; args become $acl_arg1.. for the call.
   */
  evalAcl(name: string, args: string[], opts: { tainted?: boolean; argsTainted?: boolean[] } = {}): AclResult | Promise<AclResult> {
    return drive(this.evalCo(name, args, opts));
  }

  /** acl_check(): run an ACL option's value at the top level from `where` (expanded first). */
  check(where: AclWhere, acl: string | undefined): AclResult | Promise<AclResult> {
    return drive(this.checkCo(where, acl));
  }

  private *checkCo(where: AclWhere, acl: string | undefined): Co<AclResult> {
    const msgs = new Messages();
    this.session.logRejectTarget = ['main', 'reject'];
    this.session.decision = undefined;
    const savedWhere = this.where;
    this.where = where;
    this.level = 0;
    try {
      const rc = yield* this.internal(where, acl, false, msgs);
      return result(rc, msgs);
    } finally {
      this.level = 0;
      this.where = savedWhere;
    }
  }

  private *evalCo(name: string, args: string[], opts: { tainted?: boolean; argsTainted?: boolean[] }): Co<AclResult> {
    const restore = this.setArgs(args.slice(0, 9), opts.argsTainted ?? []);
    const msgs = new Messages();
    this.session.logRejectTarget = ['main', 'reject'];
    this.level++;
    try {
      const rc = yield* this.internal(this.where, name, !!opts.tainted, msgs);
      return result(rc, msgs);
    } finally {
      this.level--;
      restore();
    }
  }

  /** place $acl_arg1..9 and $acl_narg; returns the function that puts the old ones back */
  private setArgs(args: string[], tainted: boolean[]): () => void {
    const names = ['acl_narg', ...Array.from({ length: 9 }, (_, i) => `acl_arg${i + 1}`)];
    const saved = names.map((n) => [n, this.ctx.values.get(n), this.ctx.taintOverride.get(n)] as const);
    this.ctx.set('acl_narg', String(args.length));
    for (let i = 0; i < 9; i++) {
      const n = `acl_arg${i + 1}`;
      if (i < args.length) this.ctx.set(n, args[i]!, !!tainted[i]);
      else this.ctx.unset(n);
    }
    return () => {
      for (const [n, v, t] of saved) {
        if (v === undefined) this.ctx.unset(n);
        else this.ctx.set(n, v, t);
      }
    };
  }

  /** expand_string() as the engine needs it: sync while possible, then waiting */
  private *expand(s: string): Co<Expanded> {
    const now = this.expandNow(s);
    return now !== WAITS ? now : yield* this.expandWaiting(s);
  }

  /** the synchronous attempt (no generator: most strings never wait) */
  private expandNow(s: string): Expanded | typeof WAITS {
    // nothing to expand: the text itself (as Exim returns the same string)
    if (!s.includes('$') && !s.includes('\\')) return { ok: true, value: s, tainted: false };
    const ev = new Evaluation(this.ctx);
    try {
      const value = ev.evaluateSync(compile(s).ast);
      return { ok: true, value, tainted: ev.tainted };
    } catch (e) {
      if (!(e instanceof ExpandError)) throw e;
      if (e.message !== ASYNC_IN_SYNC) return { ok: false, error: e };
      return WAITS;
    }
  }

  private *expandWaiting(s: string): Co<Expanded> {
    const ev = new Evaluation(this.ctx);
    try {
      const value = (yield ev.evaluateAsync(compile(s).ast)) as string;
      return { ok: true, value, tainted: ev.tainted };
    } catch (e) {
      if (e instanceof ExpandError) return { ok: false, error: e };
      throw e;
    }
  }

  /** a log line from a condition or modifier */
  logLine(targets: AclLogTarget[], text: string): void {
    this.log(targets, text);
  }

  private log(targets: AclLogTarget[], text: string): void {
    this.session.logs.push({ targets, text });
    this.options.onLog?.(targets, text);
  }

  /** a trace line; debug_printf() continuation lines are not indented */
  tr(text: string, indented = true): void {
    this.options.trace?.(text, indented ? this.level : 0);
  }

  /** acl_check_internal() */
  private *internal(where: AclWhere, s: string | undefined, tainted: boolean, msgs: Messages): Co<AclRc> {
    // trace texts are built only when someone reads them
    const tracing = this.options.trace !== undefined;
    if (this.level > MAX_LEVEL) {
      msgs.log = 'ACL nested too deep: possible loop';
      return 'ERROR';
    }
    if (s === undefined) { tracing && this.tr('ACL is NULL: implicit DENY'); return 'FAIL'; }
    let ss = s;
    if (this.level === 0) {
      let r = this.expandNow(s);
      if (r === WAITS) r = yield* this.expandWaiting(s);
      if (!r.ok) {
        if (r.error.forced) return 'OK';
        msgs.log = `failed to expand ACL string "${s}": ${r.error.message}`;
        return 'ERROR';
      }
      ss = r.value;
      tainted = r.tainted;
    }
    ss = ss.replace(/^[ \t\n\v\f\r]+/, '');
    if (tainted) {
      this.log(['main', 'panic'], `attempt to use tainted ACL text "${ss}"`);
      msgs.log = 'internal configuration error';
      return 'ERROR';
    }

    let statements: AclStatement[] | undefined;
    let aclName = 'inline ACL';
    let fromFile = false;
    if (!ss.includes(' ')) {
      const named = this.acls.get(ss) ?? undefined;
      const cached = this.fileAcls.get(ss);
      if (named || cached) {
        statements = named ? named.statements : cached!;
        if (statements.length === 0) { tracing && this.tr(`ACL "${ss}" is empty: implicit DENY`); return 'FAIL'; }
        aclName = `ACL "${ss}"`;
        tracing && this.tr(`using ACL "${ss}"`);
      } else if (ss.startsWith('/')) {
        let text: string;
        try {
          text = (this.options.readFile ?? ((p: string) => readFileSync(p, 'latin1')))(ss);
        } catch (e) {
          const what = (e as { code?: string }).code === 'EISDIR' ? 'read' : 'open';
          msgs.log = `failed to ${what} ACL file "${ss}": ${strerror(e)}`;
          return 'ERROR';
        }
        ss = text;
        fromFile = true;
        aclName = `ACL "${s}"`;
      }
    }
    if (!statements) {
      const r = readAcl(aclTextLines(ss), fromFile ? s : '');
      if (!r.ok) {
        msgs.log = r.error;
        return 'ERROR';
      }
      statements = r.statements;
      const src = this.options.inlineSource;
      if (!fromFile && src) statements = statements.map((st) => ({ ...st, file: src.file, line: src.line }));
      if (fromFile) this.fileAcls.set(s, statements);
    }
    const decide = (stmt: AclStatement | undefined, rc: AclRc): AclRc => {
      this.session.decision ??= stmt
        ? { acl: aclName, verb: stmt.verb, file: stmt.file, line: stmt.line }
        : { acl: aclName, verb: 'implicit deny' };
      return rc;
    };

    const quitCheck = this.level === 0 && (where === 'QUIT' || where === 'NOTQUIT');
    for (const stmt of statements) {
      msgs.clear();
      this.session.tempDetails = false;
      const epp = { seen: false };
      tracing && this.tr(`processing "${stmt.verb}" (${stmt.file} ${stmt.line})`);
      const cond = yield* this.conditions(stmt, where, epp, msgs);
      tracing && this.tr(`${stmt.verb}: condition test ${({ DEFER: 'deferred', ERROR: 'error', OK: 'succeeded', FAIL: 'failed',
        DISCARD: 'yielded "discard"', FAIL_DROP: 'yielded "drop"' } as Record<AclRc, string>)[cond]} in ${aclName}`);
      switch (cond) {
        case 'DEFER':
          if (this.ctx.config.options.get('smtp_return_error_details')?.match(/^(true|yes)$/i)) this.session.tempDetails = true;
          if (stmt.verb !== 'warn') return decide(stmt, 'DEFER');
          break;
        case 'ERROR':
          return decide(stmt, 'ERROR');
        default:
          break;
      }
      switch (stmt.verb) {
        case 'accept':
          if (cond === 'OK' || cond === 'DISCARD') { tracing && this.tr(`end of ${aclName}: ACCEPT`); return decide(stmt, cond); }
          if (epp.seen) { tracing && this.tr('accept: endpass encountered - denying access'); return decide(stmt, cond); }
          break;
        case 'defer':
          if (cond === 'OK') {
            tracing && this.tr(`end of ${aclName}: DEFER`);
            if (quitCheck) return badQuitRc(stmt.verb, msgs);
            this.session.tempDetails = true;
            return decide(stmt, 'DEFER');
          }
          break;
        case 'deny':
          if (cond === 'OK') { tracing && this.tr(`end of ${aclName}: DENY`); return quitCheck ? badQuitRc(stmt.verb, msgs) : decide(stmt, 'FAIL'); }
          break;
        case 'discard':
          if (cond === 'OK' || cond === 'DISCARD') { tracing && this.tr(`end of ${aclName}: DISCARD`); return quitCheck ? badQuitRc(stmt.verb, msgs) : decide(stmt, 'DISCARD'); }
          if (epp.seen) { tracing && this.tr('discard: endpass encountered - denying access'); return decide(stmt, cond); }
          break;
        case 'drop':
          if (cond === 'OK') { tracing && this.tr(`end of ${aclName}: DROP`); return quitCheck ? badQuitRc(stmt.verb, msgs) : decide(stmt, 'FAIL_DROP'); }
          break;
        case 'require':
          if (cond !== 'OK') { tracing && this.tr(`end of ${aclName}: not OK`); return quitCheck ? badQuitRc(stmt.verb, msgs) : decide(stmt, cond); }
          break;
        case 'warn':
          if (cond === 'OK') this.warn(where, msgs);
          else if (cond === 'DEFER') {
            this.log(['main'], `${this.hostAndIdent()} Warning: ACL "warn" statement skipped: condition test deferred${msgs.log !== undefined ? ': ' + msgs.log : ''}`);
          }
          msgs.clear();
          break;
      }
    }
    tracing && this.tr(`end of ${aclName}: implicit DENY`);
    return decide(undefined, 'FAIL');
  }

  /** acl_check_condition(): the conditions and modifiers of one statement */
  private *conditions(stmt: AclStatement, where: AclWhere, epp: { seen: boolean }, msgs: Messages): Co<AclRc> {
    let userMessage: string | undefined;
    let logMessage: string | undefined;
    let rc: AclRc = 'OK';
    const verb = stmt.verb;
    const tracing = this.options.trace !== undefined;
    for (const cb of stmt.conditions) {
      const e = cb.entry;
      if (e.engine === 'message') { tracing && this.tr(`  message: ${cb.arg}`); userMessage = cb.arg; continue; }
      if (e.engine === 'log_message') { tracing && this.tr(`l_message: ${cb.arg}`); logMessage = cb.arg; continue; }
      if (e.engine === 'endpass') { epp.seen = true; continue; }
      let arg = cb.arg;
      let argTainted = false;
      // (text without "$" or "\\" expands to itself: no evaluation, no result object)
      if (e.expandAtTop && (arg.includes('$') || arg.includes('\\'))) {
        let r = this.expandNow(cb.arg);
        if (r === WAITS) r = yield* this.expandWaiting(cb.arg);
        if (!r.ok) {
          if (r.error.forced) continue;
          msgs.log = `failed to expand ACL string "${cb.arg}": ${r.error.message}`;
          return r.error.defer ? 'DEFER' : 'ERROR';
        }
        arg = r.value;
        argTainted = r.tainted;
      }
      if (this.options.trace) {
        // the condition, and what it expanded to when expansion was needed (Exim compares pointers)
        let lhs = `check ${e.kind === 'condition' && cb.negated ? '!' : ''}${e.name} `;
        if (e.name === 'set' && cb.varName) lhs += cb.varName.startsWith('dkim_') ? `${cb.varName} ` : `acl_${cb.varName} `;
        this.tr(`${lhs}= ${cb.arg}`);
        if (e.expandAtTop && /[$\\]/.test(cb.arg)) this.tr(`${' '.repeat(Math.min(lhs.length, 29))}= ${arg}`, false);
      }
      if (e.forbiddenIn.has(where)) {
        msgs.log = `cannot ${e.kind === 'modifier' ? 'use' : 'test'} ${e.name} condition in ${ACL_WHERE_NAMES[where]} ACL`;
        return 'ERROR';
      }
      const ran = e.run(arg, this.env(where, verb, msgs, argTainted), cb);
      rc = ran instanceof Promise ? ((yield ran) as AclRc) : ran;
      if (e.name === 'acl' && rc === 'DISCARD' && verb !== 'accept' && verb !== 'discard') {
        msgs.log = `nested ACL returned "discard" for "${verb}" command (only allowed with "accept" or "discard")`;
        return 'ERROR';
      }
      if (e.kind === 'condition' && cb.negated) {
        if (rc === 'OK') rc = 'FAIL';
        else if (rc === 'FAIL' || rc === 'FAIL_DROP') rc = 'OK';
      }
      if (rc !== 'OK') break;
    }

    if (epp.seen && rc === 'OK') userMessage = undefined;
    if (MSGCOND[verb].includes(rc)) {
      const oldUser = msgs.user;
      const oldLog = msgs.log ?? oldUser;
      // warn, and accepting verbs that accept, use only their own messages
      if (verb === 'warn' || (rc === 'OK' && (verb === 'accept' || verb === 'discard'))) msgs.clear();
      if (userMessage !== undefined) {
        this.setVerifyMessage(oldUser);
        const r = yield* this.expand(userMessage);
        if (!r.ok) {
          if (!r.error.forced) this.log(['main', 'panic'], `failed to expand ACL message "${userMessage}": ${r.error.message}`);
        } else if (r.value !== '') msgs.user = r.value;
      }
      if (logMessage !== undefined) {
        this.setVerifyMessage(oldLog);
        const r = yield* this.expand(logMessage);
        if (!r.ok) {
          if (!r.error.forced) this.log(['main', 'panic'], `failed to expand ACL message "${logMessage}": ${r.error.message}`);
        } else if (r.value !== '') {
          msgs.log = msgs.log === undefined ? r.value : `${r.value}: ${msgs.log}`;
        }
      }
      if (msgs.log === undefined && msgs.user !== undefined) {
        msgs.log = msgs.user;
        msgs.logIsUser = true;
      }
    }
    this.setVerifyMessage(undefined);
    return rc;
  }

  private setVerifyMessage(v: string | undefined): void {
    if (v === undefined) this.ctx.unset('acl_verify_message');
    else this.ctx.set('acl_verify_message', v);
  }

  /** acl_check_wargs(): "acl = name arg1 arg2 ..." */
  private *wargs(where: AclWhere, s: string, msgs: Messages): Co<AclRc> {
    const bad = (tmp: string, error: ExpandError): AclRc => {
      if (error.forced) return 'ERROR';
      msgs.log = `failed to expand ACL string "${tmp}": ${error.message}`;
      return error.defer ? 'DEFER' : 'ERROR';
    };
    let d = dequote(s, 0);
    const nameR = yield* this.expand(d.value);
    if (!nameR.ok) return bad(d.value, nameR.error);
    const name = nameR.value;
    const args: string[] = [];
    const taints: boolean[] = [];
    let pos = d.end;
    for (let i = 0; i < 9; i++) {
      while (pos < s.length && /[ \t\n\v\f\r]/.test(s[pos]!)) pos++;
      if (pos >= s.length) break;
      d = dequote(s, pos);
      pos = d.end;
      const r = yield* this.expand(d.value);
      if (!r.ok) return bad(name, r.error);
      args.push(r.value);
      taints.push(r.tainted);
    }
    const restore = this.setArgs(args, taints);
    this.level++;
    try {
      return yield* this.internal(where, name, nameR.tainted, msgs);
    } finally {
      this.level--;
      restore();
    }
  }

  /** acl_warn(): a "warn" whose conditions were true */
  private warn(where: AclWhere, msgs: Messages): void {
    if (msgs.log !== undefined && !msgs.logIsUser) {
      const text = `${this.hostAndIdent()} Warning: ${printable(msgs.log)}`;
      if (!this.warnLogged.has(text)) {
        this.warnLogged.add(text);
        this.log(['main'], text);
      }
    }
    if (msgs.user === undefined) return;
    if (!isMessageAcl(where)) {
      this.log(['main', 'panic'], `ACL "warn" with "message" setting found in a non-message (${ACL_WHERE_NAMES[where]}) ACL: cannot specify header lines here: message ignored`);
      return;
    }
    addHeaderLines(this.session.addedHeaders, msgs.user);
  }

  /** host_and_ident(TRUE) */
  private hostAndIdent(): string {
    const get = (n: string) => this.ctx.getVar(n) ?? '';
    const host = get('sender_fullhost');
    const ident = this.ctx.values.get('sender_ident');
    if (!host) return `U=${ident ?? 'unknown'}`;
    return ident !== undefined ? `H=${host} U=${ident}` : `H=${host}`;
  }

  private env(where: AclWhere, verb: AclVerb, msgs: Messages, argTainted: boolean): AclEnv {
    return new ConditionEnv(this, where, verb, msgs, argTainted);
  }

  /** wargs() for ConditionEnv.runNested */
  nested(where: AclWhere, arg: string, msgs: Messages): AclRc | Promise<AclRc> {
    return drive(this.wargs(where, arg, msgs));
  }
}

/** What a condition sees of the engine (AclEnv): one small object per condition, its methods shared. */
class ConditionEnv implements AclEnv {
  readonly ctx: ExpandContext;
  readonly services: ExpandContext['services'];
  readonly hostChecking: boolean;
  constructor(private readonly engine: AclEngine, readonly where: AclWhere, readonly verb: AclVerb,
    private readonly msgs: Messages, readonly argTainted: boolean) {
    this.ctx = engine.ctx;
    this.services = engine.ctx.services;
    this.hostChecking = engine.options.hostChecking === true;
  }
  get logMessage() { return this.msgs.log; }
  set logMessage(v) { this.msgs.log = v; }
  get userMessage() { return this.msgs.user; }
  set userMessage(v) { this.msgs.user = v; }
  setVar(varName: string, value: string, tainted: boolean): void {
    if (varName.startsWith('dkim_')) this.ctx.set(varName, value, tainted);
    else {
      const full = `acl_${varName}`;
      this.ctx.aclVars.set(full, value);
      this.ctx.taintOverride.set(full, tainted);
    }
  }
  addHeader(text: string): void { addHeaderLines(this.engine.session.addedHeaders, text); }
  removeHeader(list: string): void { this.engine.session.removedHeaders.push(list); }
  log(targets: AclLogTarget[], text: string): void { this.engine.logLine(targets, text); }
  control(name: string, option: string): void { this.engine.session.controls.push({ name, option }); }
  delay(seconds: number): void | Promise<void> {
    const engine = this.engine;
    engine.session.delays.push(seconds);
    engine.tr(`delay modifier requests ${seconds}-second delay`);
    if (engine.options.hostChecking) { engine.tr('delay skipped in -bh checking mode'); return; }
    if (seconds <= 0) return;
    if (engine.options.sleep) return engine.options.sleep(seconds);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
  }
  setLogRejectTarget(targets: AclLogTarget[]): void { this.engine.session.logRejectTarget = targets; }
  setQueue(name: string): void { this.engine.session.queueName = name; }
  runNested(arg: string): AclRc | Promise<AclRc> { return this.engine.nested(this.where, arg, this.msgs); }
  withEvaluator<T>(fn: (ev: Evaluator) => T): T | Promise<T> { return new Evaluation(this.ctx).perform(fn); }
}

const HOOK_RC: Record<AclRc, ExpandAclResult['rc']> = {
  OK: 'accept', FAIL: 'deny', DEFER: 'defer', ERROR: 'error', DISCARD: 'discard', FAIL_DROP: 'drop',
};

function toHook(r: AclResult): ExpandAclResult {
  return r.userMessage === undefined ? { rc: HOOK_RC[r.rc] } : { rc: HOOK_RC[r.rc], message: r.userMessage };
}

/** ctx.runAcl: the engine's eval_acl() in the shape the expansion entries use */
export function runAclHook(engine: AclEngine, name: string, args: string[]): ExpandAclResult | Promise<ExpandAclResult> {
  const r = engine.evalAcl(name, args);
  return r instanceof Promise ? r.then(toHook) : toHook(r);
}

function result(rc: AclRc, msgs: Messages): AclResult {
  const r: AclResult = { rc };
  if (msgs.user !== undefined) r.userMessage = msgs.user;
  if (msgs.log !== undefined) r.logMessage = msgs.log;
  return r;
}

/** string_printing() */
function printable(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, (ch) => {
    const esc: Record<string, string> = { '\n': 'n', '\r': 'r', '\b': 'b', '\v': 'v', '\f': 'f', '\t': 't' };
    return '\\' + (esc[ch] ?? ch.charCodeAt(0).toString(8).padStart(3, '0'));
  });
}
