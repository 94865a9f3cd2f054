// Replays recorded sessions through the SMTP engine, one after another in one
// process: a context per session from a template built once, the recorded
// facts (clock, client, TLS, PROXY, DNS, SPF/DMARC) put in, the replies and
// the statements that decided them collected per command.
import { readFileSync } from 'node:fs';
import type { LoadedConfig } from '../config/read-main.js';
import { ExpandContext } from '../runtime/expand/context.js';
import type { AclDecision } from '../runtime/acl/engine.js';
import { memoryRatelimitStore, memorySeenStore } from '../runtime/ratelimit/memory-store.js';
import { RecordedResolver } from '../dns/recorded.js';
import { parseZone } from '../dns/zone-file.js';
import type { DnsRecord } from '../lang/services/dns.js';
import { standardLookups, type Lookups } from '../lookups/registry.js';
import { aton, nmtoa } from '../lang/util/ip.js';
import { SmtpInput } from '../smtp/input.js';
import { SmtpSession, type Authenticator } from '../smtp/session.js';
import { runSession, SessionAbort } from '../smtp/smtp.js';
import type { SessionRecord } from './record.js';
import { clientBytes } from './dialogue.js';
import { recipientVerdicts, verdictOf, finalLine, type SessionOutcome, type Step } from './outcome.js';
import { recordedAuth } from './recorded-auth.js';

/** the process id message ids carry in a replay: fixed, so a replay gives the same ids every time */
export const REPLAY_PID = 4242;

export interface ReplayerOptions {
  cfg: LoadedConfig;
  /**
   * the context every session starts from (the config's facts, as -bh has them
   * before the client is known); its values are copied into each session's context
   */
  template: ExpandContext;
  /** the config's authenticators, as the SMTP engine offers them */
  authenticators: Authenticator[];
  /** DNS data every session sees, besides its own (master files) */
  zoneFiles?: string[];
}

const full = (ip: string) => nmtoa(aton(ip), -1, ':');

export class Replayer {
  private readonly template: ExpandContext;
  private readonly lookups: Lookups;
  /** the current session's clock, which the shared stores read */
  private clock = 0;
  private readonly ratelimit = memoryRatelimitStore(() => this.clock);
  private readonly seen = memorySeenStore(() => this.clock);
  private readonly sharedDns: DnsRecord[] = [];
  /** the resolver of sessions without DNS data of their own */
  private readonly sharedResolver: RecordedResolver;

  constructor(readonly opts: ReplayerOptions) {
    this.template = opts.template;
    this.lookups = standardLookups();
    for (const z of opts.zoneFiles ?? []) this.sharedDns.push(...parseZone(readFileSync(z, 'latin1'), z));
    this.sharedResolver = new RecordedResolver(this.sharedDns);
  }

  /** the session's context: the template's values and the record's facts */
  private context(r: SessionRecord): ExpandContext {
    const ctx = new ExpandContext(this.opts.cfg.expand);
    for (const [k, v] of this.template.values) ctx.values.set(k, v);
    for (const [k, v] of this.template.taintOverride) ctx.taintOverride.set(k, v);
    ctx.lookups = this.lookups;
    ctx.enableDollarRecipients = false;
    const t = r.timestamp;
    ctx.now = () => t;
    ctx.pid = REPLAY_PID;
    this.clock = t.getTime();
    let dns = this.sharedResolver;
    if (r.dns.length) {
      const records = [...this.sharedDns];
      r.dns.forEach((text, i) => records.push(...parseZone(text, `dns[${i}]`)));
      dns = new RecordedResolver(records);
    }
    ctx.services = {
      dns,
      ratelimit: this.ratelimit,
      seen: this.seen,
      ...recordedAuth(r, dns, ctx.now),
    };
    ctx.setSenderHost(full(r.client.ip), r.client.port);
    if (r.client.interface) ctx.setInterface(full(r.client.interface.ip), r.client.interface.port);
    if (r.tls) {
      ctx.set('tls_in_cipher', r.tls.cipher).set('tls_in_cipher_std', r.tls.cipher);
      if (r.tls.version) ctx.set('tls_in_ver', r.tls.version);
      if (r.tls.peerdn !== undefined) ctx.set('tls_in_peerdn', r.tls.peerdn, true);
      if (r.tls.sni !== undefined) ctx.set('tls_in_sni', r.tls.sni, true);
      ctx.set('tls_in_certificate_verified', r.tls.verified ? '1' : '0');
    }
    if (r.proxy) {
      ctx.set('proxy_session', 'yes');
      ctx.set('proxy_local_address', full(r.proxy.localIp)).set('proxy_local_port', String(r.proxy.localPort));
      if (r.proxy.externalIp) ctx.set('proxy_external_address', full(r.proxy.externalIp));
      if (r.proxy.externalPort !== undefined) ctx.set('proxy_external_port', String(r.proxy.externalPort));
    }
    return ctx;
  }

  /** replay one session; an engine failure becomes the outcome's error, never an exception */
  async run(r: SessionRecord, line = 0): Promise<SessionOutcome> {
    const outcome: SessionOutcome = { id: r.id, line, client: r.client.ip, steps: [], recipients: [], connection: 'accepted', log: [] };
    let ctx: ExpandContext;
    try {
      ctx = this.context(r);
    } catch (e) {
      outcome.error = (e as Error).message;
      return outcome;
    }
    const input = new SmtpInput();
    input.push(clientBytes(r));
    input.end();

    let step: Step = { command: '<connect>', reply: [], parts: [] };
    outcome.steps.push(step);
    let attributed: AclDecision | undefined;
    let afterData = false;
    let session: SmtpSession | undefined;
    const out = (text: string) => {
      // a reply after "354" answers the message data, not the DATA command
      if (afterData) {
        afterData = false;
        step = { command: '<message>', reply: [], parts: [] };
        outcome.steps.push(step);
      }
      const d = session!.engine.session.decision;
      // the not-QUIT ACL runs as the connection ends: it decides no reply
      const fresh = d !== undefined && d !== attributed && d.acl !== notquitAcl ? d : undefined;
      if (fresh) { attributed = d; step.decision = d; }
      step.parts.push({ text, decision: fresh });
      for (const l of text.split('\r\n')) if (l !== '') step.reply.push(l);
      if (text.startsWith('354')) afterData = true;
    };
    session = new SmtpSession(ctx, input, out, {
      hostChecking: true,
      pid: REPLAY_PID,
      onLog: (l) => outcome.log.push(l.text),
    });
    const notquitAcl = `ACL "${session.opts.acl('acl_smtp_notquit') ?? ''}"`;
    session.authenticators = this.opts.authenticators.map((a) => ({ ...a }));
    // observe each command as the engine reads it: a new step begins
    const s = session;
    const read = s.readCommand.bind(s);
    s.readCommand = async () => {
      const c = await read();
      if (c !== 'EOF') {
        afterData = false;
        step = { command: s.cmdBuffer, reply: [], parts: [] };
        outcome.steps.push(step);
      }
      return c;
    };
    try {
      await runSession(s);
    } catch (e) {
      outcome.error = e instanceof SessionAbort ? e.message : `internal error: ${(e as Error).message}`;
    }
    // steps that got no reply (QUIT after a drop, the rest after EOF) are not shown
    outcome.steps = outcome.steps.filter((x) => x.reply.length > 0);
    const greeting = outcome.steps[0];
    if (greeting?.command === '<connect>') outcome.connection = verdictOf(/^\d{3}/.exec(finalLine(greeting.reply) ?? '')?.[0] ?? '', greeting.decision);
    outcome.recipients = recipientVerdicts(outcome.steps);
    return outcome;
  }
}
