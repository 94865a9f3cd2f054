// One inbound SMTP session: Exim's smtp_start_session() and the command loop of
// smtp_setup_msg(), with the ACL engine as its policy. The session reads
// commands from an SmtpInput and writes replies through `out`; the verbs live
// in ./verbs/, message reception in ./receive.ts. A live server and -bh drive
// the same class; -bh only differs in what the host tells it (hostChecking).
import { AclEngine } from '../runtime/acl/engine.js';
import type { AclRc, AclWhere } from '../lang/acl/index.js';
import { ACL_WHERE_NAMES } from '../lang/acl/index.js';
import type { ExpandContext } from '../runtime/expand/context.js';
import { expandString } from '../runtime/expand/expand.js';
import { stringPrinting } from '../lang/util/printing.js';
import { EOF, WAIT, type SmtpInput } from './input.js';
import { SmtpOptions } from './options.js';
import { messageCode, respond, splitMessage, type Code } from './reply.js';
import { SessionLog, parseLogSelector, type LogLine } from './log.js';
import { hostInList } from './host-lists.js';
import { listItems } from '../lang/util/list.js';

export const SMTP_CMD_BUFFER_SIZE = 16384;
const HBUFF_SIZE = 20;

/** smtp_names[]: what the C= history and some replies call each command */
export type Had = 'NONE' | 'AUTH' | 'DATA' | 'BDAT' | 'EHLO' | 'ETRN' | 'EXPN' | 'HELO' | 'HELP' | 'MAIL'
  | 'NOOP' | 'QUIT' | 'RCPT' | 'RSET' | 'STARTTLS' | 'VRFY';

export type Cmd = 'RSET' | 'HELO' | 'EHLO' | 'AUTH' | 'STARTTLS' | 'MAIL' | 'RCPT' | 'DATA' | 'BDAT' | 'QUIT'
  | 'NOOP' | 'ETRN' | 'VRFY' | 'EXPN' | 'HELP'
  | 'EOF' | 'OTHER' | 'BADARG' | 'BADCHAR' | 'BADSYN' | 'TOO_MANY_NONMAIL';

interface CmdEntry { name: string; cmd: Cmd; hasArg: boolean; isMail: boolean }

/** cmd_list[]: order matters (the first match wins) */
function commandList(): CmdEntry[] {
  return [
    { name: 'rset', cmd: 'RSET', hasArg: false, isMail: false },
    { name: 'helo', cmd: 'HELO', hasArg: true, isMail: false },
    { name: 'ehlo', cmd: 'EHLO', hasArg: true, isMail: false },
    { name: 'auth', cmd: 'AUTH', hasArg: true, isMail: true },
    { name: 'starttls', cmd: 'STARTTLS', hasArg: false, isMail: false },
    { name: 'mail from:', cmd: 'MAIL', hasArg: true, isMail: true },
    { name: 'rcpt to:', cmd: 'RCPT', hasArg: true, isMail: true },
    { name: 'data', cmd: 'DATA', hasArg: false, isMail: true },
    { name: 'bdat', cmd: 'BDAT', hasArg: true, isMail: true },
    { name: 'quit', cmd: 'QUIT', hasArg: false, isMail: true },
    { name: 'noop', cmd: 'NOOP', hasArg: true, isMail: false },
    { name: 'etrn', cmd: 'ETRN', hasArg: true, isMail: false },
    { name: 'vrfy', cmd: 'VRFY', hasArg: true, isMail: false },
    { name: 'expn', cmd: 'EXPN', hasArg: true, isMail: false },
    { name: 'help', cmd: 'HELP', hasArg: true, isMail: false },
  ];
}

/** an authenticator as the SMTP engine offers it */
export interface Authenticator {
  name: string;
  driver: string;
  publicName: string;
  server: boolean;
  advertiseCondition?: string;
  advertised: boolean;
  options: Map<string, string>;
}

export interface AclOutcome { rc: AclRc; userMsg?: string; logMsg?: string }

export interface Recipient { address: string; orcpt?: string; dsnFlags: number }

/** the protocol names of protocols[]: [normal, +crypted, extended, +crypted, +auth, +auth+crypted] */
const PROTOCOLS = ['smtp', 'smtps', 'esmtp', 'esmtps', 'esmtpa', 'esmtpsa'];

export interface SessionOptions {
  /** -bh: replies and logs as exim -bh gives them; no message is kept */
  hostChecking?: boolean;
  /** where log lines go */
  onLog?: (line: LogLine) => void;
  /** a message was accepted (a live server spools it before the 250 goes out) */
  onMessage?: (m: AcceptedMessage) => void | Promise<void>;
  /** extra text Exim prints on stdout in -bh mode (the "not a real message id" note) */
  onNote?: (text: string) => void;
  /** the debug trace exim -bh writes (">>> " lines); text without the prefix, indent = ACL nesting */
  onTrace?: (text: string, indent: number) => void;
  /** how many lines the main config file has: inline ACLs say they were read there (as Exim's trace does) */
  configLines?: number;
  /** a message ends or is abandoned (a lookup cache to clear: search_tidyup()) */
  onReset?: () => void;
  /** the process id used in message ids */
  pid?: number;
}

export interface AcceptedMessage {
  id: string;
  sender: string;
  recipients: Recipient[];
  /** the header lines as Exim would spool them */
  headers: string[];
  body: string;
}

export class SmtpSession {
  readonly opts: SmtpOptions;
  readonly log: SessionLog;
  readonly engine: AclEngine;
  readonly hostChecking: boolean;

  // connection state (smtp_start_session)
  heloSeen = false;
  esmtp = false;
  heloAcceptJunk = false;
  heloVerifyRequired = false;
  heloVerify = false;
  allowUnqualifiedSender = false;
  allowUnqualifiedRecipient = false;
  synprotErrors = 0;
  unknownCommands = 0;
  nonmailCount = 0;
  countNonmail: boolean | undefined;
  mailcmdCount = 0;
  mailcmdMax = -1;
  authAdvertised = false;
  pipeliningAdvertised = false;
  pipeliningEnable = true;
  pipeConnectAcceptable = false;
  chunkingOffered = false;
  tlsAdvertised = false;
  dsnAdvertised = false;
  smtputf8Advertised = false;
  noMultiline = false;
  thisMessageSizeLimit = 0;
  /** smtp_connection_had[] and its index */
  private had: Had[] = new Array<Had>(HBUFF_SIZE).fill('NONE');
  private hadIndex = 0;
  private cmds = commandList();

  // the current command
  cmdBuffer = '';
  cmdArgument = '';
  cmdData = '';

  // message state (smtp_reset)
  sender: string | undefined;
  rawSender: string | undefined;
  recipients: Recipient[] = [];
  rcptCount = 0;
  rcptFailCount = 0;
  rcptDeferCount = 0;
  rcptSmtpResponse: string | undefined;
  rcptResponseSame = true;
  rcptInProgress = false;
  recipientsDiscarded = false;
  prdrRequested = false;
  messageSize = -1;
  body8bitmime = 0;
  dsnRet = 0;
  dsnEnvid: string | undefined;
  submissionMode = false;
  submissionDomain: string | undefined;
  submissionName: string | undefined;
  suppressLocalFixups = false;
  deliverFreeze = false;
  queueOnlyPolicy = false;
  fakeResponse: 'OK' | 'DEFER' | 'FAIL' = 'OK';
  fakeResponseText = '';
  chunkingState: 'NOT_OFFERED' | 'OFFERED' | 'ACTIVE' | 'LAST' = 'NOT_OFFERED';
  /** how many controls of the engine's list this session has applied */
  private controlsSeen = 0;
  /** the last message id created (log lines after a message still carry it, as in Exim) */
  messageId = '';
  private lastIdTime = 0;
  readonly pid: number;

  // what the last command was, for pipelining-tolerant sequence errors
  wasRejMail = false;
  wasRcpt = false;
  lastWasRejMail = false;
  lastWasRcpt = false;
  /** some recipient was discarded in this transaction */
  discarded = false;

  /** qualify_domain / qualify_recipient */
  qualifyDomain(recipient: boolean): string {
    const qd = this.opts.str('qualify_domain') ?? this.ctx.getVar('primary_hostname') ?? '';
    return recipient ? (this.opts.str('qualify_recipient') ?? qd) : qd;
  }

  /** RCPT refused for too many recipients; reset by HELO/MAIL/RSET */
  toomany = false;
  /** control = dkim_disable_verify (for this message) */
  dkimDisableVerify = false;
  /** control = allow_auth_unadvertised */
  allowAuthUnadvertised = false;
  /** the BDAT chunk being read: its size and what is left of it */
  chunkSize = 0;
  chunkLeft = 0;

  /** bdat_flush_data(): drop the rest of the current chunk */
  async flushChunks(): Promise<void> {
    while (this.chunkLeft > 0) {
      const c = this.input.getc();
      if (c === WAIT) { await this.input.wait(); continue; }
      if (c === EOF) break;
      this.chunkLeft--;
    }
    if (this.chunkingState === 'ACTIVE' || this.chunkingState === 'LAST') this.chunkingState = 'OFFERED';
  }

  chunkDataPending(): boolean {
    return this.chunkLeft > 0;
  }

  /** the server side of "begin authenticators" */
  authenticators: Authenticator[] = [];

  /** SMTP "done" values: 0 go on, 1 connection lost/dropped, 2 QUIT, 3 DATA reached */
  done = 0;
  smtpInQuit = false;
  private exitFunctionCalled = false;

  constructor(readonly ctx: ExpandContext, readonly input: SmtpInput, readonly out: (text: string) => void,
    readonly sessionOptions: SessionOptions = {}) {
    this.opts = new SmtpOptions(ctx.config);
    this.hostChecking = !!sessionOptions.hostChecking;
    this.pid = sessionOptions.pid ?? process.pid;
    this.log = new SessionLog(parseLogSelector(this.opts.str('log_selector')), (l) => sessionOptions.onLog?.(l));
    ctx.logIncomingPort = this.log.logging('incoming_port');
    this.engine = new AclEngine(ctx, ctx.config.acls ?? new Map(), {
      onLog: (targets, text) => this.log.write(0, targets, text),
      trace: sessionOptions.onTrace ? (text, indent) => sessionOptions.onTrace!(text, indent) : undefined,
      hostChecking: this.hostChecking,
      inlineSource: sessionOptions.configLines !== undefined ? { file: ctx.config.configFile, line: sessionOptions.configLines } : undefined,
      // -bh skips delays ("delay skipped in -bh checking mode")
      sleep: this.hostChecking ? () => undefined : (s) => new Promise((r) => setTimeout(r, s * 1000)),
    });
    ctx.aclEngine = this.engine;
    if (sessionOptions.onTrace) ctx.trace = (line) => sessionOptions.onTrace!(line, this.engine.level);
    // "@[]" in host lists: the addresses of local_interfaces (without ports)
    const li = this.opts.str('local_interfaces');
    if (li !== undefined) {
      ctx.localInterfaces = listItems(li, 0).map((x) => {
        const b = /^\[([^\]]*)\](?::\d+)?$/.exec(x.trim());
        if (b) return b[1]!;
        return /^\d+(\.\d+){4}$/.test(x.trim()) ? x.trim().replace(/\.\d+$/, '') : x.trim();
      });
    }
  }

  // ---------------------------------------------------------------- helpers

  get clientAddress(): string | undefined { return this.ctx.values.get('sender_host_address'); }
  get activeHostname(): string { return this.ctx.getVar('smtp_active_hostname') ?? ''; }

  /** smtp_printf(): raw text, with the "all RCPTs had the same response" bookkeeping */
  print(text: string): void {
    if (this.rcptInProgress) {
      if (this.rcptSmtpResponse === undefined) this.rcptSmtpResponse = text;
      else if (this.rcptResponseSame && this.rcptSmtpResponse !== text) this.rcptResponseSame = false;
      this.rcptInProgress = false;
    }
    this.out(text);
  }

  /** smtp_respond() */
  respond(code: Code | string, final: boolean, msg: string): void {
    const c = typeof code === 'string' ? { code, len: code.length } : code;
    if (!final && this.noMultiline) return;
    if (this.rcptInProgress) {
      if (this.rcptSmtpResponse === undefined) this.rcptSmtpResponse = msg;
      else if (this.rcptResponseSame && this.rcptSmtpResponse !== msg) this.rcptResponseSame = false;
      this.rcptInProgress = false;
    }
    this.out(respond(c, final, msg, this.noMultiline));
  }

  /** smtp_user_msg(): a reply whose text may carry its own code */
  userMsg(code: string, msg: string): void {
    const r = messageCode(code, msg, true);
    if (r.panic) this.log.write(0, ['main', 'panic'], r.panic);
    this.respond(r.code, true, r.msg ?? '');
  }

  /** HAD(): remember the command for the C= log field */
  hadCmd(h: Had): void {
    this.had[this.hadIndex++] = h;
    if (this.hadIndex >= HBUFF_SIZE) this.hadIndex = 0;
  }

  /** the previous command recorded (SMTP_HBUFF_PREV) */
  prevHad(): Had {
    return this.had[this.hadIndex === 0 ? HBUFF_SIZE - 1 : this.hadIndex - 1]!;
  }

  /** s_connhad_log(): " C=EHLO,MAIL,..." */
  connHadLog(): string {
    let sep = this.had[HBUFF_SIZE - 1] !== 'NONE' ? ' C=...' : ' C=';
    let g = '';
    for (let i = this.hadIndex; i < HBUFF_SIZE; i++) {
      if (this.had[i] !== 'NONE') { g += sep + this.had[i]; sep = ','; }
    }
    for (let i = 0; i < this.hadIndex; i++, sep = ',') g += sep + this.had[i];
    return g;
  }

  /** host_and_ident() */
  hostAndIdent(useflag: boolean): string {
    const full = this.ctx.values.get('sender_fullhost');
    const ident = this.ctx.values.get('sender_ident');
    if (!full) return `${useflag ? 'U=' : ''}${ident ?? 'unknown'}`;
    let iface = '';
    const ia = this.ctx.values.get('interface_address');
    if (this.log.logging('incoming_interface') && ia) iface = ` I=[${ia}]:${this.ctx.values.get('interface_port')}`;
    return `${useflag ? 'H=' : ''}${full}${iface}${ident ? ` U=${ident}` : ''}`;
  }

  /** smtp_get_connection_info() */
  connectionInfo(): string {
    const host = this.ctx.values.get('sender_fullhost') ?? this.clientAddress ?? '';
    return `SMTP connection from ${host}`;
  }

  /** verify_check_host() on a host list option */
  async hostIn(option: string): Promise<'ok' | 'fail' | 'defer'> {
    try {
      return await hostInList(this.ctx, this.opts.isSet(option) ? this.opts.list(option) : undefined, option);
    } catch {
      return 'defer';
    }
  }

  /** expand a string; undefined (and the message) on failure */
  expand(s: string): { ok: true; value: string } | { ok: false; forced: boolean; message: string } {
    // the session's strings (banner, Received:, limits) are the config's: compiled once
    const r = expandString(s, this.ctx);
    return r.ok ? { ok: true, value: r.value } : { ok: false, forced: !!r.error.forced, message: r.error.message };
  }

  /** expand_check_condition(): a string that must expand to a true value */
  checkCondition(cond: string): boolean {
    const r = this.expand(cond);
    if (!r.ok) return false;
    return !/^(|0|no|false)$/i.test(r.value);
  }

  setProtocol(): void {
    const authed = !!this.ctx.values.get('sender_host_authenticated');
    const tls = !!this.ctx.values.get('tls_in_cipher');
    const idx = (this.esmtp ? 2 + (authed ? 2 : 0) : 0) + (tls ? 1 : 0);
    this.ctx.set('received_protocol', PROTOCOLS[idx]!);
  }

  /** acl_check(): run an ACL from an SMTP command; the recipient's parts become $local_part/$domain */
  async aclCheck(where: AclWhere, recipient: string | undefined, acl: string | undefined): Promise<AclOutcome> {
    const ctx = this.ctx;
    ctx.aclRecipient = recipient;
    // rates computed "per_cmd" last for one ACL check (ratelimiters_cmd)
    ctx.ratelimiters?.cmd.clear();
    // the address block of acl_check() is new each time: so are its list caches
    ctx.listCaches.domain.clear();
    ctx.listCaches.localPart.clear();
    if (recipient !== undefined) {
      const at = recipient.lastIndexOf('@');
      // $local_part is unquoted and lower-cased (caseful_local_part is a router option)
      let lp = at < 0 ? recipient : recipient.slice(0, at);
      if (lp.startsWith('"')) lp = lp.replace(/^"|"$/g, '').replace(/\\(.)/g, '$1');
      ctx.aclLocalPart = lp;
      ctx.set('local_part', lp.replace(/[A-Z]+/g, (m) => m.toLowerCase()), true);
      ctx.set('domain', at < 0 ? '' : recipient.slice(at + 1).toLowerCase(), true);
    }
    let r;
    try {
      r = await this.engine.check(where, acl);
    } finally {
      for (const v of ACL_CHECK_VARS) ctx.unset(v);
      ctx.aclRecipient = ctx.aclLocalPart = undefined;
    }
    this.applyControls();
    let rc = r.rc;
    if (rc === 'DISCARD' && NO_DISCARD.has(where)) {
      this.log.write(0, ['main', 'panic'], `"discard" verb not allowed in ${ACL_WHERE_NAMES[where]} ACL`);
      rc = 'ERROR';
    }
    if (rc === 'FAIL_DROP' && where === 'MAILAUTH') {
      this.log.write(0, ['main', 'panic'], `"drop" verb not allowed in ${ACL_WHERE_NAMES[where]} ACL`);
      rc = 'ERROR';
    }
    return { rc, userMsg: splitMessage(r.userMessage), logMsg: r.logMessage };
  }

  /** act on the controls ACLs applied since the last look */
  private applyControls(): void {
    const list = this.engine.session.controls;
    for (; this.controlsSeen < list.length; this.controlsSeen++) {
      const { name, option } = list[this.controlsSeen]!;
      switch (name) {
        case 'no_multiline_responses': this.noMultiline = true; break;
        case 'no_pipelining': this.pipeliningEnable = false; break;
        case 'allow_auth_unadvertised': this.allowAuthUnadvertised = true; break;
        case 'dkim_disable_verify': this.dkimDisableVerify = true; break;
        case 'submission': {
          this.submissionMode = true;
          // /domain=... and /name=... (sender_retain needs nothing here: no Sender: is made for remote senders)
          const dom = /\/domain=([^/]*)/.exec(option);
          if (dom) this.submissionDomain = dom[1]!;
          const nm = /\/name=(.*)$/.exec(option);
          if (nm) this.submissionName = nm[1]!;
          break;
        }
        case 'suppress_local_fixups': this.suppressLocalFixups = true; break;
        case 'freeze': this.deliverFreeze = true; break;
        case 'queue': case 'queue_only': this.queueOnlyPolicy = true; break;
        case 'fakereject': case 'fakedefer':
          this.fakeResponse = name === 'fakereject' ? 'FAIL' : 'DEFER';
          this.fakeResponseText = option.startsWith('/') ? option.slice(1)
            : 'Your message has been rejected but is being kept for evaluation.\n'
            + 'If it was a legitimate message, it may still be delivered to the target recipient(s).';
          break;
        default: break;
      }
    }
  }

  /** synprot_error(): log (if selected), count, reply; 1 when the error limit is passed */
  synprotError(type: 'syntax' | 'protocol', code: number, data: string | undefined, errmess: string): number {
    let yieldValue = -1;
    this.log.write(type === 'syntax' ? 'smtp_syntax_error' : 'smtp_protocol_error', ['main'],
      `SMTP ${type} error in "${stringPrinting(this.cmdBuffer, false)}" ${this.hostAndIdent(true)} ${errmess}`);
    if (++this.synprotErrors > this.opts.int('smtp_max_synprot_errors')) {
      yieldValue = 1;
      this.log.write(0, ['main', 'reject'], `SMTP call from ${this.hostAndIdent(false)} dropped: too many `
        + `syntax or protocol errors (last command was "${stringPrinting(this.cmdBuffer, false)}", ${this.connHadLog()})`);
    }
    if (code > 0) {
      this.print(`${code}${yieldValue === 1 ? '-' : ' '}${data !== undefined ? `${data}: ` : ''}${errmess}\r\n`);
      if (yieldValue === 1) this.print(`${code} Too many syntax or protocol errors\r\n`);
    }
    return yieldValue;
  }

  /** smtp_handle_acl_fail(): reply and log for an ACL that did not accept; 2 when the connection is to be dropped */
  async handleAclFail(where: AclWhere, rcIn: AclRc, userMsgIn: string | undefined, logMsgIn: string | undefined): Promise<number> {
    const drop = rcIn === 'FAIL_DROP';
    const rc = drop ? 'FAIL' : rcIn;
    const dflt = rc === 'FAIL' ? WHERE_CODES[where] : '451';
    const mc = messageCode(dflt, userMsgIn, where !== 'VRFY');
    let logMsg = logMsgIn;
    if (mc.panic) {
      this.log.write(0, ['main', 'panic'], mc.panic);
      if (logMsg !== undefined && logMsg === userMsgIn) logMsg = `${dflt} ${mc.msg}`;
    }
    const userMsg = mc.msg;
    let what: string;
    switch (where) {
      case 'MIME': what = 'during MIME ACL checks'; break;
      case 'PREDATA': what = 'DATA'; break;
      case 'DATA': what = 'after DATA'; break;
      case 'PRDR': what = 'after DATA PRDR'; break;
      default: {
        let place = this.cmdDataForLog ?? 'in "connect" ACL';
        if (where === 'AUTH') place = place.replace(/[ \t\n\v\f\r].*$/s, '');
        what = `${ACL_WHERE_NAMES[where]} ${place.slice(0, where === 'AUTH' ? place.length : 100)}`;
      }
    }
    let senderInfo = '';
    if (where === 'RCPT' || where === 'DATA' || where === 'MIME') {
      const auth = this.ctx.values.get('sender_host_authenticated');
      const id = this.ctx.values.get('authenticated_id');
      senderInfo = `F=<${this.sender ?? ''}>${auth ? ` A=${auth}` : ''}${auth && id ? `:${id}` : ''} `;
    }
    let logText = logMsg !== undefined ? `: ${logMsg}` : '';
    const nl = logText.indexOf('\n');
    if (nl >= 0) logText = logText.slice(0, nl);
    if (rc === 'FAIL') this.respond(mc.code, true, userMsg ?? 'Administrative prohibition');
    else if (this.engine.session.tempDetails && userMsg !== undefined) this.respond(mc.code, true, userMsg);
    else this.respond(mc.code, true, 'Temporary local problem - please try later');
    const targets = this.engine.session.logRejectTarget;
    if (targets.length > 0) {
      const tls = this.tlsLog();
      this.log.write(where === 'CONNECT' ? 'connection_reject' : 0, targets,
        `${this.hostAndIdent(true)}${tls} ${senderInfo}${rc === 'FAIL' ? '' : 'temporarily '}rejected ${what}${logText}`);
    }
    if (!drop) return 0;
    this.log.write('smtp_connection', ['main'], `${this.connectionInfo()} closed by DROP in ACL`);
    await this.notquitExit('acl-drop', undefined, undefined);
    return 2;
  }

  /** smtp_cmd_data as smtp_handle_acl_fail() sees it (undefined before any command) */
  cmdDataForLog: string | undefined;

  /** s_tlslog() */
  tlsLog(): string {
    const cipher = this.ctx.values.get('tls_in_cipher');
    let g = '';
    if (this.log.logging('tls_cipher') && cipher) g += ` X=${cipher}`;
    if (this.log.logging('tls_certificate_verified') && cipher) {
      g += ` CV=${this.ctx.values.get('tls_in_certificate_verified') === '1' ? 'yes' : 'no'}`;
    }
    return g;
  }

  /** smtp_notquit_exit(): the not-QUIT ACL, then a final reply if one is due */
  async notquitExit(reason: string | undefined, code: string | undefined, defaultRespond: string | undefined): Promise<void> {
    if (this.exitFunctionCalled) {
      this.log.write(0, ['panic'], `smtp_notquit_exit() called more than once (${reason})`);
      return;
    }
    this.exitFunctionCalled = true;
    let userMsg: string | undefined;
    const acl = this.opts.acl('acl_smtp_notquit');
    if (acl && reason) {
      this.ctx.set('smtp_notquit_reason', reason);
      const r = await this.aclCheck('NOTQUIT', undefined, acl);
      userMsg = r.userMsg;
      if (r.rc === 'ERROR') this.log.write(0, ['main', 'panic'], `ACL for not-QUIT returned ERROR: ${r.logMsg}`);
    }
    if (code && defaultRespond) {
      if (userMsg) this.respond(code, true, userMsg);
      else this.print(`${code} ${defaultRespond}\r\n`);
    }
  }

  /** incomplete_transaction_log() */
  incompleteTransactionLog(what: string): void {
    if (this.sender === undefined || !this.log.logging('smtp_incomplete_transaction')) return;
    const rcpts = this.recipients.length ? ` for ${this.recipients.map((r) => r.address).join(' ')}` : '';
    this.log.write('smtp_incomplete_transaction', ['main'],
      `${this.hostAndIdent(true)} incomplete transaction (${what}) from <${this.rawSender ?? ''}>${rcpts}`);
  }

  /** smtp_reset(): forget the message in progress */
  reset(): void {
    this.recipients = [];
    this.rcptCount = this.rcptDeferCount = this.rcptFailCount = 0;
    for (const v of ['rcpt_count', 'rcpt_defer_count', 'rcpt_fail_count', 'recipients_count']) this.ctx.set(v, '0');
    this.messageSize = -1;
    this.rcptSmtpResponse = undefined;
    this.rcptResponseSame = true;
    this.rcptInProgress = false;
    this.deliverFreeze = false;
    this.queueOnlyPolicy = false;
    this.fakeResponse = 'OK';
    this.submissionMode = false;
    this.dkimDisableVerify = false;
    this.submissionDomain = this.submissionName = undefined;
    this.suppressLocalFixups = false;
    this.sender = this.rawSender = undefined;
    this.dsnRet = 0;
    this.dsnEnvid = undefined;
    this.prdrRequested = false;
    this.ctx.unset('prdr_requested');
    this.body8bitmime = 0;
    const ctx = this.ctx;
    for (const v of ['sender_address', 'authenticated_sender', 'sender_data', 'recipient_data', 'domain_data',
      'local_part_data', 'recipient_verify_failure', 'sender_verify_failure', 'dnslist_domain', 'dnslist_matched',
      'sender_rate', 'sender_rate_limit', 'sender_rate_period', 'message_size', 'message_body', 'message_body_end',
      'message_linecount', 'body_linecount', 'body_zerocount', 'message_body_size']) ctx.unset(v);
    for (const k of [...ctx.aclVars.keys()]) if (k.startsWith('acl_m')) ctx.aclVars.delete(k);
    ctx.headers = [];
    ctx.recipients = [];
    ctx.listCaches.senderDomain.clear();
    ctx.ratelimiters?.mail.clear();
    ctx.listCaches.senderAddress.clear();
    this.engine.session.addedHeaders.length = 0;
    this.engine.session.removedHeaders.length = 0;
    this.engine.resetMessage();
    ctx.set('mime_part_count', '-1');
    this.sessionOptions.onReset?.();
  }

  // ---------------------------------------------------------------- reading commands

  /** smtp_read_command() */
  async readCommand(): Promise<Cmd> {
    let line = '';
    let hadNull = false;
    let c = 10;
    // the usual case: the whole line is buffered
    const whole = this.input.takeLine(SMTP_CMD_BUFFER_SIZE);
    if (whole !== undefined) {
      line = whole;
      if (line.includes('\0')) { hadNull = true; line = line.replace(/\0/g, '?'); }
    } else {
      for (;;) {
        c = this.input.getc();
        if (c === WAIT) { await this.input.wait(); continue; }
        if (c === 10 || c === EOF) break;
        if (line.length >= SMTP_CMD_BUFFER_SIZE) return 'OTHER';
        if (c === 0) { hadNull = true; c = 63; }
        line += String.fromCharCode(c);
      }
    }
    if (c === EOF) return 'EOF';
    line = line.replace(/[ \t\n\v\f\r]+$/, '');
    this.cmdBuffer = line;
    this.ctx.set('smtp_command', line, true);
    if (hadNull) return 'BADCHAR';
    const lower = line.slice(0, 10).toLowerCase();
    for (const p of this.cmds) {
      const len = p.name.length;
      if (lower.startsWith(p.name) && (p.name.endsWith(':') || line.length === len || line[len] === ' ')) {
        this.cmdArgument = line.slice(len).replace(/^[ \t\n\v\f\r]+/, '');
        this.cmdData = this.cmdArgument;
        this.ctx.set('smtp_command_argument', this.cmdArgument, true);
        if (!p.isMail) {
          this.countNonmail ??= (await this.hostIn('smtp_accept_max_nonmail_hosts')) !== 'fail';
          if (this.countNonmail && ++this.nonmailCount > this.opts.int('smtp_accept_max_nonmail')) return 'TOO_MANY_NONMAIL';
        }
        return p.hasArg || this.cmdData === '' ? p.cmd : 'BADARG';
      }
    }
    return 'OTHER';
  }

  /** mark a command as one that does (not) count towards smtp_accept_max_nonmail */
  setMailCmd(cmd: Cmd, isMail: boolean): void {
    const e = this.cmds.find((x) => x.cmd === cmd);
    if (e) e.isMail = isMail;
  }

  // ---------------------------------------------------------------- message ids

  /** a new message id: time, pid and fraction, ticking on between messages as Exim waits to */
  newMessageId(): string {
    let now = this.ctx.now().getTime() * 1000;
    if (now <= this.lastIdTime) now = this.lastIdTime + 5000;
    this.lastIdTime = now - (now % 5000);
    const d = new Date(Math.floor(now / 1000));
    const id = messageIdFor(d, this.pid, now % 1000000);
    this.messageId = id;
    return id;
  }
}

import { messageId as messageIdFor } from '../runtime/message/message-id.js';

/** what acl_check() clears after each check */
const ACL_CHECK_VARS = ['domain', 'local_part', 'domain_data', 'local_part_data', 'address_data', 'sender_address_data'];
/** where "discard" is not allowed: non-message ACLs, and PREDATA */
const NO_DISCARD = new Set<AclWhere>(['NOTSMTP', 'AUTH', 'CONNECT', 'ETRN', 'EXPN', 'HELO', 'MAILAUTH', 'NOTSMTP_START', 'NOTQUIT',
  'QUIT', 'STARTTLS', 'VRFY', 'DELIVERY', 'UNKNOWN', 'PREDATA']);

/** acl_wherecodes[]: the default code of a refusal in each place */
export const WHERE_CODES: Record<AclWhere, string> = {
  RCPT: '550', MAIL: '550', PREDATA: '550', MIME: '550', DKIM: '550', DATA: '550', PRDR: '550', NOTSMTP: '0',
  AUTH: '503', CONNECT: '550', ETRN: '458', EXPN: '550', HELO: '550', MAILAUTH: '0', NOTSMTP_START: '0',
  NOTQUIT: '0', QUIT: '0', STARTTLS: '550', VRFY: '252', DELIVERY: '0', UNKNOWN: '0',
};
