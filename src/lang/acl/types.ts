// The ACL contract between the table of conditions/modifiers (src/lang/acl),
// the ACL reader (src/grammar/config/acl.ts) and the engine (src/runtime/acl).
import type { AclWhere } from './where.js';
import type { SessionServices } from '../services/index.js';
import type { Evaluator } from '../expand-api.js';

export type AclVerb = 'accept' | 'defer' | 'deny' | 'discard' | 'drop' | 'require' | 'warn';

/** verbs[] in Exim's (sorted) order */
export const ACL_VERBS: readonly AclVerb[] = ['accept', 'defer', 'deny', 'discard', 'drop', 'require', 'warn'];

/** Exim's return codes as an ACL can produce them (names as in rc_names[]) */
export type AclRc = 'OK' | 'DEFER' | 'FAIL' | 'ERROR' | 'DISCARD' | 'FAIL_DROP';

/** What running an ACL gives: the code and the user/log messages set for it. */
export interface AclResult {
  rc: AclRc;
  /** text for the SMTP response ("message ="), or what ${acl} yields */
  userMessage?: string;
  /** text for the log ("log_message =", or an error's description) */
  logMessage?: string;
}

// The expansion hook (ctx.runAcl) has its type in src/lang/conditions/acl.ts (RunAcl);
// src/runtime/acl/engine.ts adapts AclResult to it.

/** One condition or modifier of a statement, as read by acl_read(). */
export interface AclCondition {
  name: string;
  entry: AclConditionEntry;
  negated: boolean;
  /** the text after "=" (unexpanded); '' for endpass */
  arg: string;
  /** for "set": the variable name without "acl_" (e.g. "m_foo", "c0"), or dkim_verify_status/reason */
  varName?: string;
  /** config line where the condition was read */
  line: number;
  /** the logical source line it was read from */
  source: string;
}

export interface AclStatement {
  verb: AclVerb;
  conditions: AclCondition[];
  /** config file and line of the verb, for messages (acl_current_verb) */
  file: string;
  line: number;
}

export interface AclDefinition {
  name: string;
  /** empty: the ACL denies implicitly */
  statements: AclStatement[];
  file: string;
  line: number;
}

/** Where a log line goes (logwrite, log_reject_target, warn, panics). */
export type AclLogTarget = 'main' | 'panic' | 'reject';

export interface AclHeaderAdd {
  /** full header line(s) ending in "\n" */
  text: string;
  /** ":at_start:" etc.: where the line goes in the header */
  position: 'bottom' | 'top' | 'after_received' | 'at_start_rfc';
}

/**
 * What evaluating a condition or modifier may use. The engine
 * (src/runtime/acl/engine.ts) provides it; the table stays free of runtime code.
 */
export interface AclEnv {
  readonly where: AclWhere;
  readonly verb: AclVerb;
  /** *log_msgptr / *user_msgptr of acl_check_condition() */
  logMessage: string | undefined;
  userMessage: string | undefined;
  /** the argument, after expansion at the top, is tainted */
  readonly argTainted: boolean;
  /** the session/config context expansions run against (an ExpandContext) */
  readonly ctx: any;
  /** the services the session runs with (DNS, stores, providers) */
  readonly services: SessionServices;
  /** -bh: nothing leaves the process (no forensic reports, no callouts) */
  readonly hostChecking?: boolean;
  /** set an $acl_c / $acl_m variable (name without "acl_") or a dkim_verify_* value */
  setVar(varName: string, value: string, tainted: boolean): void;
  /** add_header and warn messages: setup_header() */
  addHeader(text: string): void;
  /** remove_header */
  removeHeader(list: string): void;
  /** write a log line (in -be: to the session's log record) */
  log(targets: AclLogTarget[], text: string): void;
  /** a control that was applied, recorded for the session (name, rest after the name) */
  control(name: string, option: string): void;
  /** delay = N seconds */
  delay(seconds: number): void | Promise<void>;
  /** log_reject_target */
  setLogRejectTarget(targets: AclLogTarget[]): void;
  /** queue = name */
  setQueue(name: string): void;
  /**
   * Run `fn` with an expansion evaluator over the session (list expansion,
   * lookups, DNS through ev.io): a plain value when nothing waited, else a promise.
   */
  withEvaluator<T>(fn: (ev: Evaluator) => T): T | Promise<T>;
  /** acl = name args...: acl_check_wargs(), one level deeper */
  runNested(arg: string): AclRc | Promise<AclRc>;
}

export type AclKind = 'condition' | 'modifier';

/** One entry of Exim's conditions[] table. */
export interface AclConditionEntry {
  name: string;
  kind: AclKind;
  /** conditions may be written "!name"; modifiers never */
  negatable: boolean;
  /** the argument is expanded before the entry runs (otherwise the entry expands it itself, if at all) */
  expandAtTop: boolean;
  /** places the entry cannot be used ("cannot test/use X condition in Y ACL") */
  forbiddenIn: ReadonlySet<AclWhere>;
  /** documentation, one line */
  doc: string;
  /** handled by the engine itself, not by run(): message, log_message, endpass */
  engine?: 'message' | 'log_message' | 'endpass';
  /** evaluate: OK/FAIL for conditions, OK for modifiers; DEFER/ERROR with env.logMessage set */
  run(arg: string, env: AclEnv, cond: AclCondition): AclRc | Promise<AclRc>;
}
