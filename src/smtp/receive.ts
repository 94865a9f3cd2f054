// receive_msg() for SMTP input: the header section (folding, bare CRs and LFs,
// dot-stuffing), the body (read_message_data_smtp), the Received: header,
// headers from ACLs, the DATA (and PRDR) ACLs, the final reply and the "<="
// log line. In -bh mode nothing is kept; a server hands the message to
// onMessage before it says 250.
import { headerKind, HTYPE, type HeaderLine } from '../runtime/message/headers.js';
import { UUCP_FROM } from '../runtime/message/receive.js';
import { listItems } from '../lang/util/list.js';
import { stringPrinting } from '../lang/util/printing.js';
import { formatTod } from '../runtime/expand/tod.js';
import { extractAddress } from '../lang/util/address.js';
import { EOF } from './input.js';
import { runMimeAcl, unspoolMbox } from '../runtime/mime/index.js';
import { dkimSigners, verifyDkim } from '../runtime/auth/dkim/verify.js';
import { runDkimAcl } from '../runtime/auth/dkim/acl.js';
import { splitMessage } from './reply.js';
import type { SmtpSession } from './session.js';
import { isSpaceCode } from '../lang/util/ctype.js';

/** what the data source gives besides bytes: ERR is a BDAT protocol failure (reply already sent) */
export const ERR = -3;

const TYPE_OF: Record<string, string> = {
  bcc: HTYPE.bcc, cc: HTYPE.cc, from: HTYPE.from, id: HTYPE.id, received: HTYPE.received,
  'reply-to': HTYPE.replyTo, sender: HTYPE.sender, to: HTYPE.to,
};

const isGraph = (c: number) => c > 32 && c !== 127; // mac_isgraph(): top-bit bytes count

/** header_testname(): is this header called `name` (no colon; case-blind)? */
function headerIs(h: HeaderLine, name: string): boolean {
  const t = h.text;
  if (t.length <= name.length || t.slice(0, name.length).toLowerCase() !== name.toLowerCase()) return false;
  let i = name.length;
  while (t[i] === ' ' || t[i] === '\t') i++;
  return t[i] === ':';
}

/** the bytes of a message, for DATA (dot-terminated) or BDAT (counted chunks) */
export class DataSource {
  private back: number[] = [];
  /** `next` reads the underlying stream (DATA: the connection; BDAT: the chunks) */
  constructor(private readonly next: () => number | Promise<number>, readonly dotEnds: boolean) {}
  getc(): number | Promise<number> {
    return this.back.length ? this.back.pop()! : this.next();
  }
  /** receive_ungetc(): this byte is read next */
  ungetc(c: number): void {
    this.back.push(c);
  }
}

/** receive_msg(): returns false when the connection is to end */
export async function receiveMessage(s: SmtpSession, src: DataSource): Promise<boolean> {
  const ctx = s.ctx;
  const headers: HeaderLine[] = [];
  let messageSize = 0;
  let messageLinecount = 0;
  let bodyLinecount = 0;
  let bodyZerocount = 0;
  let maxLineLength = 0;
  let receivedCount = 1;
  let ended: 'NOTENDED' | 'DOT' | 'EOF' | 'SIZE' | 'PROTOCOL' = 'NOTENDED';
  let firstLineCrlf: boolean | undefined;
  let smtpYield = true;
  let smtpReply: string | undefined;
  const limit = s.thisMessageSizeLimit > 0 ? s.thisMessageSizeLimit : 0x7fffffff;
  const headerMax = s.opts.int('header_maxsize');
  const headerLineMax = s.opts.int('header_line_maxsize');
  let next: string | undefined = '';
  let hadZero = 0;
  let prevLinesLength = 0;
  let firstDataLine: string | undefined;
  let userMsg: string | undefined;
  let blackholedBy: string | undefined;
  // the header lines as the client sent them (DKIM verifies these)
  let receivedHeaders: string[] = [];
  let blackholeLogMsg = '';
  let msgidCreated = false;
  let dkimOverall: string | undefined;

  const getc = async (): Promise<number> => {
    const c = src.getc();
    return typeof c === 'number' ? c : await c;
  };

  const lost = async (what: string): Promise<string> => {
    s.log.write('lost_incoming_connection', ['main'], `${s.connectionInfo()} lost while reading message data${what}`);
    await s.notquitExit('connection-lost', undefined, undefined);
    return '421 Lost incoming connection';
  };

  // ------------------------------------------------ the header section
  let ch = 0;
  let text = '';
  headerLoop:
  for (;;) {
    ch = await getc();
    if (ch === EOF) {
      smtpReply = await lost(' (header)');
      smtpYield = false;
      return finish();
    }
    if (ch === ERR) return finish();
    let eol = false;
    if (ch === 0) hadZero++;
    if (ch === 10) {
      if (firstLineCrlf === undefined) firstLineCrlf = false;
      else if (firstLineCrlf) src.ungetc(32); // a bare LF after CRLF lines: LF + space keeps the header going
      eol = true;
    } else {
      if (src.dotEnds && text.length === 0 && ch === 46) {
        ch = await getc();
        if (ch === 13) {
          ch = await getc();
          if (ch !== 10) { if (ch >= 0) src.ungetc(ch); ch = 13; }
        }
        if (ch === 10) { ended = 'DOT'; next = undefined; break; }
      }
      if (ch === 13) {
        ch = await getc();
        if (ch === 10) {
          if (firstLineCrlf === undefined) firstLineCrlf = true;
          eol = true;
        } else {
          if (ch >= 0) src.ungetc(ch);
          text += '\n';
          messageSize++;
          ch = 32;
        }
      }
      if (!eol) {
        text += String.fromCharCode(ch);
        messageSize++;
        if (messageSize >= headerMax) {
          s.log.write(0, ['main'], `ridiculously long message header received from ${ctx.values.get('sender_fullhost')} `
            + `(more than ${headerMax} characters): message abandoned`);
          smtpReply = '552 Message header is ridiculously long';
          await swallow(s, src);
          return finish();
        }
        continue;
      }
    }
    messageLinecount++;
    if (text.length - prevLinesLength > maxLineLength) maxLineLength = text.length - prevLinesLength;
    prevLinesLength = text.length + 1;
    text += '\n';
    messageSize++;
    if (text.length === 1) { next = undefined; break; }
    // a continuation line?
    const nextch = await getc();
    if (nextch === 32 || nextch === 9) {
      text += String.fromCharCode(nextch);
      if (++messageSize >= headerMax) {
        smtpReply = '552 Message header is ridiculously long';
        await swallow(s, src);
        return finish();
      }
      continue;
    } else if (nextch >= 0) src.ungetc(nextch);
    else if (nextch === EOF) ch = EOF;
    if (messageSize > limit) { next = text; break; }
    // a "From " line first, from ignore_fromline_hosts: not a header (the sender stays: the client is not trusted)
    if (headers.length === 0 && s.clientAddress !== undefined && (await s.hostIn('ignore_fromline_hosts')) === 'ok'
      && UUCP_FROM.test(text)) {
      text = '';
      hadZero = 0;
      prevLinesLength = 0;
      continue;
    }
    // a header line, or the first line of the body
    let p = 0;
    if (isSpaceCode(text.charCodeAt(0))) { next = text; break; }
    while (p < text.length && isGraph(text.charCodeAt(p)) && text[p] !== ':') p++;
    while (p < text.length && isSpaceCode(text.charCodeAt(p))) p++;
    if (text[p] !== ':') { bodyZerocount = hadZero; next = text; break; }
    if (hadZero > 0) text = text.replace(/\0/g, '?');
    // white-space-only continuation lines at the end of a header go
    for (;;) {
      let q = text.length - 2;
      while (text[q] === ' ' || text[q] === '\t') q--;
      if (text[q] !== '\n') break;
      messageSize -= text.length - (q + 1);
      text = text.slice(0, q + 1);
    }
    headers.push({ text, type: HTYPE.other });
    if (headerLineMax > 0 && text.length > headerLineMax) {
      s.log.write(0, ['main'], `overlong message header line received from ${ctx.values.get('sender_fullhost')} `
        + `(more than ${headerLineMax} characters): message abandoned`);
      smtpReply = '552 A message header line is too long';
      await swallow(s, src);
      return finish();
    }
    if (ch === EOF || ch === ERR) {
      next = undefined;
      ended = ch === EOF ? 'DOT' : 'PROTOCOL';
      break headerLoop;
    }
    text = '';
    hadZero = 0;
    prevLinesLength = 0;
  }
  if (typeof next === 'string') firstDataLine = next;

  if (firstLineCrlf === false && (s.chunkingState === 'ACTIVE' || s.chunkingState === 'LAST')) {
    s.log.write('size_reject', ['main', 'reject'], `rejected from <${s.sender}>${fullhostPart(s)}: `
      + 'Non-CRLF-terminated header, under CHUNKING: message abandoned');
    s.print('552 Message header not CRLF terminated\r\n');
    await s.flushChunks();
    smtpReply = '';
    return finish();
  }
  if (s.input.atEof && ended !== 'DOT' && s.chunkingState !== 'LAST' && !s.chunkDataPending()) {
    smtpReply = await lost(' (after header)');
    smtpYield = false;
    return finish();
  }
  if (ended === 'PROTOCOL') { smtpReply = ''; return finish(); }

  receivedHeaders = headers.map((h) => h.text);
  // classify the headers
  for (const h of headers) {
    const kind = headerKind(h.text);
    if (kind === 'received') receivedCount++;
    h.type = TYPE_OF[kind] ?? HTYPE.other;
  }

  // the message id, now that the headers are in
  const id = s.newMessageId();
  s.log.messageId = id;
  ctx.set('message_id', id).set('message_exim_id', id);
  if (s.submissionMode) msgidCreated = submissionFixups(s, headers, id);

  // ------------------------------------------------ the body
  let body = '';
  if (firstDataLine !== undefined) {
    body += firstDataLine;
    bodyLinecount++;
  }
  if (ended !== 'DOT') {
    const r = src.dotEnds ? await readDataSmtp(src, limit, messageSize) : await readDataBdat(src, limit, messageSize, body);
    body += r.body;
    messageSize = r.size;
    bodyLinecount += r.lines;
    bodyZerocount += r.zeros;
    if (r.maxLine > maxLineLength) maxLineLength = r.maxLine;
    ended = r.ended;
    messageLinecount += bodyLinecount;
    if (ended === 'EOF') {
      s.messageId = s.log.messageId = '';
      smtpReply = await lost('');
      smtpYield = false;
      return finish();
    }
    if (ended === 'SIZE') {
      // receive_swallow_smtp(): the rest is read (and counted) without being kept
      const rest = src.dotEnds ? await readDataSmtp(src, Infinity, messageSize)
        : await readDataBdat(src, Infinity, messageSize, 'x');
      messageSize = rest.size;
      s.log.write('size_reject', ['main', 'reject'], `rejected from <${s.sender}>${fullhostPart(s)}: `
        + `message too big: read=${messageSize} max=${s.thisMessageSizeLimit > 0 ? s.thisMessageSizeLimit : 0x7fffffff}`);
      smtpReply = '552 Message size exceeds maximum permitted';
      s.messageId = '';
      return finish();
    }
    if (ended === 'PROTOCOL') { smtpReply = ''; s.messageId = ''; return finish(); }
  }

  // ------------------------------------------------ Received:, ACL headers, the DATA ACL
  const received: HeaderLine = { text: '', type: HTYPE.old };
  const all: HeaderLine[] = [received, ...headers];
  ctx.headers = all;
  ctx.set('message_size', String(messageSize));
  ctx.set('message_linecount', String(messageLinecount));
  ctx.set('body_linecount', String(bodyLinecount));
  ctx.set('body_zerocount', String(bodyZerocount));
  ctx.set('max_received_linelength', String(maxLineLength));
  ctx.set('received_count', String(receivedCount));
  ctx.set('message_body_size', String(body.length));
  setBodyVars(s, body);
  generateReceived(s, received);
  addAclHeaders(s);

  ctx.enableDollarRecipients = true;
  if (s.recipients.length === 0) blackholedBy = s.recipientsDiscarded ? 'MAIL ACL' : 'RCPT ACL';
  else {
    // DKIM: verify the signatures, then the DKIM ACL once per signer (unless control = dkim_disable_verify)
    const dns = ctx.services.dns;
    if (!s.dkimDisableVerify && dns) {
      const sigs = await verifyDkim(dns, `${receivedHeaders.join('')}\n${body}`);
      // DKIM= in the "<=" line: the domain of the first signature that passed
      dkimOverall = sigs.find((x) => x.status === 'pass')?.domain;
      const acl = s.opts.acl('acl_smtp_dkim');
      const signersOpt = s.opts.str('dkim_verify_signers') ?? '$dkim_signers';
      ctx.set('dkim_signers', dkimSigners(sigs), true);
      if (acl && signersOpt) {
        const exp = s.expand(signersOpt);
        if (!exp.ok) s.log.write(0, ['main', 'panic'], `expansion of dkim_verify_signers option failed: ${exp.message}`);
        // each signer once, in order
        const seen: string[] = [];
        for (const x of exp.ok ? listItems(exp.value, 0) : []) if (x && !seen.includes(x)) seen.push(x);
        const r = seen.length ? await runDkimAcl(s.engine, acl, sigs, seen.join(':')) : { rc: 'OK' as const };
        addAclHeaders(s);
        if (r.rc === 'DISCARD') {
          s.recipients = [];
          blackholedBy = 'DKIM ACL';
          if (r.logMessage !== undefined) blackholeLogMsg = `: ${r.logMessage}`;
        } else if (r.rc !== 'OK') {
          if ((await s.handleAclFail('DKIM', r.rc, splitMessage(r.userMessage), r.logMessage)) !== 0) smtpYield = false;
          smtpReply = '';
          s.messageId = '';
          ctx.enableDollarRecipients = false;
          return finish();
        }
      } else ctx.dkimResults = sigs.map((x) => ({ domain: x.domain, status: x.status }));
    }
  }
  // the MIME ACL, once per MIME part (only when there is a Content-Type: header)
  const mimeAcl = s.opts.acl('acl_smtp_mime');
  if (s.recipients.length > 0 && mimeAcl) {
    const m = await runMimeAcl(ctx, () => s.aclCheck('MIME', undefined, mimeAcl),
      { log: (t, panic) => s.log.write(0, panic ? ['main', 'panic'] : ['main'], t) });
    if (m.spoolFailed) {
      s.respond('451', true, 'temporary local problem');
      s.messageId = '';
      smtpReply = '';
      ctx.enableDollarRecipients = false;
      return finish();
    }
    if (m.ran) addAclHeaders(s);
    if (m.rc === 'DISCARD') {
      s.recipients = [];
      blackholedBy = 'MIME ACL';
    } else if (m.rc !== 'OK') {
      unspoolMbox(ctx, (l) => ctx.trace?.(l));
      if ((await s.handleAclFail('MIME', m.rc, m.userMsg, m.logMsg)) !== 0) smtpYield = false;
      smtpReply = '';
      s.messageId = '';
      ctx.enableDollarRecipients = false;
      return finish();
    }
  }
  if (s.recipients.length > 0) {
    if (s.prdrRequested && s.recipients.length > 1 && s.opts.acl('acl_smtp_data_prdr')) {
      smtpReply = await prdr(s);
      if (s.recipients.length === 0) { s.messageId = ''; return finish(); }
    } else s.prdrRequested = false;
    const acl = s.opts.acl('acl_smtp_data');
    if (acl && s.recipients.length > 0) {
      const r = await s.aclCheck('DATA', undefined, acl);
      addAclHeaders(s);
      if (r.rc !== 'OK' && r.rc !== 'DISCARD') unspoolMbox(ctx, (l) => ctx.trace?.(l));
      if (r.rc === 'DISCARD') {
        s.recipients = [];
        blackholedBy = 'DATA ACL';
        if (r.logMsg !== undefined) blackholeLogMsg = `: ${r.logMsg}`;
      } else if (r.rc !== 'OK') {
        if ((await s.handleAclFail('DATA', r.rc, r.userMsg, r.logMsg)) !== 0) smtpYield = false;
        smtpReply = '';
        s.messageId = '';
        ctx.enableDollarRecipients = false;
        return finish();
      }
      userMsg = r.userMsg;
    }
  }
  ctx.enableDollarRecipients = false;
  unspoolMbox(ctx, (l) => ctx.trace?.(l));
  const frozenBy = s.deliverFreeze ? 'ACL' : undefined;
  const queuedBy = s.queueOnlyPolicy ? 'ACL' : undefined;

  // ------------------------------------------------ the size and the "<=" line
  let msgSize = 0;
  for (const h of ctx.headers) if (h.type !== HTYPE.old) msgSize += h.text.length;
  msgSize += body.length + 1;
  const msgid = ctx.headers.find((h) => h.type === HTYPE.id);
  let g = `${s.fakeResponse === 'FAIL' ? '(= ' : '<= '}${s.sender === '' || s.sender === undefined ? '<>' : s.sender}`;
  g += hostInfoForLog(s);
  g += s.tlsLog();
  const auth = ctx.values.get('sender_host_authenticated');
  if (auth) {
    g += ` A=${auth}`;
    const aid = ctx.values.get('authenticated_id');
    if (aid) {
      g += `:${aid}`;
      const as = ctx.values.get('authenticated_sender');
      if (s.log.logging('smtp_mailauth') && as) g += `:${as}`;
    }
  }
  if (s.prdrRequested) g += ' PRDR';
  if (s.chunkingState === 'ACTIVE' || s.chunkingState === 'LAST') g += ' K';
  g += ` S=${msgSize}`;
  if (s.log.logging('8bitmime')) g += ` M8S=${s.body8bitmime}`;
  if (s.log.logging('dkim') && dkimOverall) g += ` DKIM=${dkimOverall}`;
  if (s.engine.session.queueName) g += ` Q=${s.engine.session.queueName}`;
  if (s.log.logging('msg_id') && msgid && (s.log.logging('msg_id_created') || !msgidCreated)) {
    const r = extractAddress(msgid.text.slice(msgid.text.indexOf(':') + 1), { allowDomainLiterals: true });
    if (!('error' in r)) g += ` id=${stringPrinting(r.address, false)}`;
  }
  if (s.log.logging('subject')) {
    const subj = ctx.headers.find((h) => headerIs(h, 'subject'));
    if (subj) {
      const e = s.expand('$h_subject:');
      const v = e.ok ? e.value : '';
      g += ` T=${stringPrinting(`"${v.slice(0, 100).replace(/["\\]/g, '\\$&')}"`, false)}`;
    }
  }
  if (smtpReply === undefined || s.prdrRequested) {
    let line = g;
    if (s.log.logging('received_sender')) line += ` from <${s.rawSender ?? ''}>`;
    if (s.log.logging('received_recipients') && s.recipients.length) line += ` for ${s.recipients.map((r) => r.address).join(' ')}`;
    s.log.write(0, ['main'], line);
    if (frozenBy) s.log.write(0, ['main'], `frozen by ${frozenBy}`);
    if (queuedBy) {
      const q = s.engine.session.queueName;
      s.log.write('delay_delivery', ['main'], `no immediate delivery: queued${q ? ` in ${q}` : ''} by ${queuedBy}`);
    }
  }

  // a server keeps the message before it answers 250
  if (!s.hostChecking && !blackholedBy && s.sessionOptions.onMessage) {
    await s.sessionOptions.onMessage({
      id, sender: s.sender ?? '', recipients: s.recipients,
      headers: ctx.headers.filter((h) => h.type !== HTYPE.old).map((h) => h.text), body,
    });
  }
  return finish();

  // ------------------------------------------------ TIDYUP
  function finish(): boolean {
    if (smtpReply === undefined) {
      if (s.fakeResponse !== 'OK') {
        s.respond(s.fakeResponse === 'DEFER' ? '450' : '550', true, s.fakeResponseText);
      } else if (userMsg !== undefined) {
        s.userMsg('250', userMsg);
      } else if (s.chunkingState === 'ACTIVE' || s.chunkingState === 'LAST') {
        s.print(`250- ${s.chunkSize} byte chunk, total ${messageSize + messageLinecount}\r\n250 OK id=${s.messageId}\r\n`);
        s.chunkingState = 'OFFERED';
      } else s.print(`250 OK id=${s.messageId}\r\n`);
      if (s.hostChecking) s.sessionOptions.onNote?.('\n**** SMTP testing: that is not a real message id!\n\n');
    } else if (smtpReply !== '') {
      if (s.fakeResponse !== 'OK' && smtpReply[0] === '2') {
        s.respond(s.fakeResponse === 'DEFER' ? '450' : '550', true, s.fakeResponseText);
      } else s.print(`${smtpReply.slice(0, 1024)}\r\n`);
    }
    if (blackholedBy) {
      s.log.write(0, ['main'], `=> blackhole (${blackholedBy} discarded recipients)${blackholeLogMsg}`);
      s.log.write(0, ['main'], 'Completed');
      s.messageId = '';
    }
    return smtpYield;
  }
}

/** the fix-ups Exim makes for a submitted message: Message-Id:, From: and Date: when missing */
function submissionFixups(s: SmtpSession, headers: HeaderLine[], id: string): boolean {
  const has = (name: string) => headers.some((h) => headerIs(h, name));
  const created = !has('Message-Id');
  if (created) {
    let domain = s.ctx.getVar('primary_hostname') ?? '';
    const d = s.opts.str('message_id_header_domain');
    if (d) { const r = s.expand(d); if (r.ok && r.value) domain = r.value.replace(/[^A-Za-z0-9.]/g, '-'); }
    let text = '';
    const t = s.opts.str('message_id_header_text');
    if (t) { const r = s.expand(t); if (r.ok && r.value) text = r.value.replace(/[\x00-\x1f\x7f ()<>@,;:\\".[\]]/g, '-'); }
    headers.push({ text: `Message-Id: <E${id}${text ? `.${text}` : ''}@${domain}>\n`, type: HTYPE.id });
  }
  if (!has('From')) {
    const name = s.submissionName ?? '';
    const sender = s.sender ?? '';
    if (sender !== '') {
      headers.push({ text: `From: ${name}${name ? ' <' : ''}${sender}${name ? '>' : ''}\n`, type: HTYPE.from });
    } else {
      const aid = s.ctx.values.get('authenticated_id');
      if (aid) {
        const dom = s.submissionDomain ?? s.qualifyDomain(false);
        headers.push({ text: `From: ${name}${name ? ' <' : ''}${dom === '' ? aid : `${aid}@${dom}`}${name ? '>' : ''}\n`, type: HTYPE.from });
      }
    }
  }
  if (!has('Date')) headers.push({ text: `Date: ${formatTod('todf', s.ctx.now())}\n`, type: HTYPE.other });
  return created;
}

function fullhostPart(s: SmtpSession): string {
  const full = s.ctx.values.get('sender_fullhost');
  const ident = s.ctx.values.get('sender_ident');
  return `${full ? ` H=${full}` : ''}${ident ? ` U=${ident}` : ''}`;
}

/** add_host_info_for_log() */
export function hostInfoForLog(s: SmtpSession): string {
  const ctx = s.ctx;
  let g = '';
  const full = ctx.values.get('sender_fullhost');
  if (full) {
    g += ` H=${full}`;
    const ia = ctx.values.get('interface_address');
    if (s.log.logging('incoming_interface') && ia) g += ` I=[${ia}]:${ctx.values.get('interface_port')}`;
  }
  const ident = ctx.values.get('sender_ident');
  if (ident) g += ` U=${ident}`;
  const proto = ctx.values.get('received_protocol');
  if (proto) g += ` P=${proto}`;
  if (s.log.logging('pipelining') && s.pipeliningAdvertised) g += ' L-';
  return g;
}

/** $message_body / $message_body_end: message_body_visible bytes, newlines as spaces */
function setBodyVars(s: SmtpSession, body: string): void {
  const visible = Number(s.opts.str('message_body_visible') ?? '500') || 500;
  const flat = (t: string) => t.replace(/\n/g, ' ').replace(/\0/g, ' ');
  s.ctx.set('message_body', flat(body.slice(0, visible)), true);
  s.ctx.set('message_body_end', flat(body.length > visible ? body.slice(-visible) : body), true);
  s.ctx.messageBody = body;
}

/** received_header_gen() */
function generateReceived(s: SmtpSession, h: HeaderLine): void {
  const ctx = s.ctx;
  const stamp = formatTod('todf', ctx.now());
  if (s.recipients.length === 1) ctx.set('received_for', s.recipients[0]!.address, true);
  const r = s.expand(s.opts.str('received_header_text') ?? '');
  ctx.unset('received_for');
  const text = r.ok ? r.value : '';
  if (text === '') {
    h.text = `Received: ; ${stamp}\n`;
    h.type = HTYPE.old;
  } else {
    h.text = `${text};\n\t${stamp}\n`;
    h.type = HTYPE.received;
  }
}

/** add_acl_headers(): what ACLs removed and added, into the message's header list */
export function addAclHeaders(s: SmtpSession): void {
  const ctx = s.ctx;
  const session = s.engine.session;
  for (const list of session.removedHeaders) {
    for (const h of ctx.headers) {
      if (h.type === HTYPE.old) continue;
      for (const name of listItems(list, 58)) if (headerIs(h, name.replace(/:$/, ''))) h.type = HTYPE.old;
    }
  }
  session.removedHeaders.length = 0;
  let lastReceived = -1;
  for (const add of session.addedHeaders) {
    const kind = headerKind(add.text);
    const h: HeaderLine = { text: add.text, type: TYPE_OF[kind] ?? HTYPE.other };
    const hs = ctx.headers;
    switch (add.position) {
      case 'top': hs.unshift(h); if (lastReceived >= 0) lastReceived++; break;
      case 'after_received': {
        if (lastReceived < 0) {
          let i = hs.findIndex((x) => headerIs(x, 'Received'));
          while (i + 1 < hs.length && headerIs(hs[i + 1]!, 'Received')) i++;
          lastReceived = i;
        }
        hs.splice(lastReceived + 1, 0, h);
        break;
      }
      case 'at_start_rfc': {
        let i = 0;
        while (i + 1 < hs.length && (headerIs(hs[i + 1]!, 'Received') || hs[i + 1]!.text.slice(0, 7).toLowerCase() === 'resent-')) i++;
        hs.splice(i + 1, 0, h);
        lastReceived = i;
        break;
      }
      default: hs.push(h);
    }
  }
  session.addedHeaders.length = 0;
}

/** read_message_data_smtp(): the body up to the dot line; CRLF -> LF, dots unstuffed */
async function readDataSmtp(src: DataSource, limit: number, sizeIn: number):
  Promise<{ body: string; size: number; lines: number; zeros: number; maxLine: number; ended: 'DOT' | 'EOF' | 'SIZE' }> {
  let state = 0;
  let size = sizeIn;
  let lines = 0;
  let zeros = 0;
  let lineLength = 0;
  let maxLine = 0;
  const parts: string[] = [];
  let buf = '';
  for (;;) {
    let c = src.getc();
    if (typeof c !== 'number') c = await c;
    if (c === EOF) break;
    if (c === 0) zeros++;
    switch (state) {
      case 0:
      case 1:
        if (state === 0 && c === 46) { state = 3; continue; }
        state = 1;
        if (c === 10) { state = 0; lines++; if (lineLength > maxLine) maxLine = lineLength; lineLength = -1; }
        else if (c === 13) { state = 2; continue; }
        break;
      case 2:
        lines++;
        if (lineLength > maxLine) maxLine = lineLength;
        lineLength = -1;
        if (c === 10) state = 0;
        else {
          size++;
          buf += '\n';
          if (c !== 13) state = 1; else continue;
        }
        break;
      case 3:
        if (c === 10) { parts.push(buf); return { body: parts.join(''), size, lines, zeros, maxLine, ended: 'DOT' }; }
        if (c === 13) { state = 4; continue; }
        state = 1;
        break;
      case 4:
        if (c === 10) { parts.push(buf); return { body: parts.join(''), size, lines, zeros, maxLine, ended: 'DOT' }; }
        size++;
        lines++;
        buf += '\n';
        if (c === 13) { state = 2; continue; }
        state = 1;
        break;
    }
    size++;
    lineLength++;
    buf += String.fromCharCode(c);
    if (buf.length > 8192) { parts.push(buf); buf = ''; }
    if (size > limit) { parts.push(buf); return { body: parts.join(''), size, lines, zeros, maxLine, ended: 'SIZE' }; }
  }
  parts.push(buf);
  return { body: parts.join(''), size, lines, zeros, maxLine, ended: 'EOF' };
}

/** read_message_bdat_smtp(): chunk data, CRLF -> LF, no dot handling; a missing final line end is added */
async function readDataBdat(src: DataSource, limit: number, sizeIn: number, bodyIn: string):
  Promise<{ body: string; size: number; lines: number; zeros: number; maxLine: number; ended: 'DOT' | 'EOF' | 'SIZE' | 'PROTOCOL' }> {
  let size = sizeIn;
  let lines = 0;
  let zeros = 0;
  let lineLength = 0;
  let maxLine = 0;
  let body = '';
  let state: 'LF' | 'MID' | 'CR' = 'LF';
  let fixNl = false;
  const result = (ended: 'DOT' | 'EOF' | 'SIZE' | 'PROTOCOL') => ({ body, size, lines, zeros, maxLine, ended });
  for (;;) {
    let c = src.getc();
    if (typeof c !== 'number') c = await c;
    if (c === EOF) return result('EOF');
    if (c === ERR) return result('PROTOCOL');
    if (c === EOD) {
      // the last byte "in the spool file": the body's, or the newline of its id line
      const all = bodyIn + body;
      if (all === '' || all.endsWith('\n')) return result('DOT');
      if (lineLength === -1) { src.ungetc(10); continue; }
      src.ungetc(13);
      fixNl = true;
      continue;
    }
    if (c === 0) zeros++;
    switch (state) {
      case 'LF':
      case 'MID':
        state = 'MID';
        if (c === 10) {
          state = 'LF';
          lines++;
          if (lineLength > maxLine) maxLine = lineLength;
          lineLength = -1;
        } else if (c === 13) {
          state = 'CR';
          if (fixNl) src.ungetc(10);
          continue;
        }
        break;
      case 'CR':
        lines++;
        if (lineLength > maxLine) maxLine = lineLength;
        lineLength = -1;
        if (c === 10) state = 'LF';
        else {
          size++;
          body += '\n';
          if (c === 13) continue;
          state = 'MID';
        }
        break;
    }
    size++;
    lineLength++;
    body += String.fromCharCode(c);
    if (size > limit) return result('SIZE');
  }
}

/** the end of the last BDAT chunk */
export const EOD = -4;

/** receive_swallow_smtp(): read and drop the rest of a DATA message */
async function swallow(s: SmtpSession, src: DataSource): Promise<void> {
  if (!src.dotEnds) { await s.flushChunks(); return; }
  let atStart = true;
  let dot = false;
  for (;;) {
    let c = src.getc();
    if (typeof c !== 'number') c = await c;
    if (c < 0) return;
    if (c === 13) continue;
    if (c === 10) { if (dot) return; atStart = true; dot = false; continue; }
    dot = atStart && c === 46 && !dot;
    atStart = false;
  }
}

/** PRDR: the per-recipient DATA ACL, one reply each, and the final reply text */
async function prdr(s: SmtpSession): Promise<string> {
  let allPass = true;
  let allFail = true;
  s.print('353 PRDR content analysis beginning\r\n');
  const acl = s.opts.acl('acl_smtp_data_prdr');
  for (const r of [...s.recipients]) {
    const o = await s.aclCheck('PRDR', r.address, acl);
    const ok = o.rc === 'OK' || o.rc === 'DISCARD';
    if (o.rc !== 'OK') allPass = false;
    if (o.rc !== 'FAIL') allFail = false;
    const code = ok ? '250' : o.rc === 'DEFER' ? '450' : '550';
    const msg = `PRDR R=<${r.address}> ${ok ? 'acceptance' : o.rc === 'DEFER' ? 'temporary refusal' : 'refusal'}`;
    s.userMsg(code, o.userMsg ?? msg);
    if (o.logMsg !== undefined) s.log.write(0, ['main'], `PRDR ${r.address} ${o.logMsg}`);
    else if (o.userMsg !== undefined) s.log.write(0, ['main'], `PRDR ${r.address} ${o.userMsg}`);
    else s.log.write(0, ['main'], msg);
    if (o.rc !== 'OK') {
      // receive_remove_recipient(): later recipients see the smaller list
      s.recipients = s.recipients.filter((x) => x !== r);
      s.ctx.recipients = s.recipients.map((x) => x.address);
      s.ctx.set('recipients_count', String(s.recipients.length));
    }
  }
  return `${allFail ? '550' : '250'} id=${s.messageId} message ${allFail ? 'rejected for all recipients'
    : allPass ? 'accepted' : 'accepted for some recipients'}`;
}
