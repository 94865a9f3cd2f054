// Reading a message from a file the way `exim -bem FILE` does: Exim's
// receive_msg() header loop for non-SMTP input (filter-test mode, so nothing
// is spooled), the local fix-ups (Message-Id:, From:, Date:), then
// read_message_body() from filtertest.c with its quirks (the first body line
// is lost when the headers end without a blank line; an empty line right
// after a line end is not counted in $body_linecount).
import { HTYPE, headerKind, type HeaderLine } from './headers.js';
import { messageId } from './message-id.js';
import { qualifyHeaders } from './qualify-headers.js';
import { isSpace } from '../../lang/util/ctype.js';

export interface ReceiveEnv {
  /** "." on a line of its own ends the message (not -i / -oi) */
  dotEnds: boolean;
  senderAddress: string;
  /** -f was used */
  senderForced: boolean;
  trustedCaller: boolean;
  originatorLogin: string;
  originatorName: string;
  qualifyDomainSender: string;
  /** qualify_domain_recipient (defaults to the sender's) */
  qualifyDomainRecipient?: string;
  primaryHostname: string;
  messageBodyVisible: number;
  /** $tod_full at reception, for an added Date: */
  todFull: string;
  now: Date;
  pid: number;
  /** expands uucp_from_sender ("$1") against the match of the "From " line */
  fromLineSender: (match: RegExpExecArray) => string | null;
}

export interface ReceivedMessage {
  headers: HeaderLine[];
  messageId: string;
  messageSize: number;
  messageLinecount: number;
  bodyLinecount: number;
  bodyZerocount: number;
  messageBodySize: number;
  maxReceivedLinelength: number;
  receivedCount: number;
  body: string;
  bodyEnd: string;
  /** lines Exim prints on stdout while reading ("Warning: no message headers read", ...) */
  notes: string[];
  senderAddress: string;
  /** set when a "From " line replaced the sender */
  fromLine: boolean;
  originatorName: string;
  returnPath?: string;
}

export const UUCP_FROM = /^From\s+(\S+)\s+(?:[a-zA-Z]{3},?\s+)?(?:[a-zA-Z]{3}\s+\d?\d|\d?\d\s+[a-zA-Z]{3}\s+\d\d(?:\d\d)?)\s+\d\d?:\d\d?/;
const isGraph = (c: string | undefined) => c !== undefined && c > ' ' && c < '\x7f';

export function receiveMessage(input: string, env: ReceiveEnv): ReceivedMessage {
  let pos = 0;
  const pushback: number[] = [];
  // Exim reads stdin with fread() into a 4096-byte buffer: feof() becomes
  // true once a read came back short, which decides whether the body is read
  let loaded = 0;
  let eofFlag = false;
  const getc = (): number => {
    if (pushback.length) return pushback.pop()!;
    if (pos >= loaded) {
      const n = Math.min(4096, input.length - loaded);
      if (n < 4096) eofFlag = true;
      if (n === 0) return -1;
      loaded += n;
    }
    return input.charCodeAt(pos++);
  };
  const ungetc = (c: number) => { pushback.push(c); };

  const m: ReceivedMessage = {
    headers: [], messageId: '', messageSize: 0, messageLinecount: 0, bodyLinecount: 0,
    bodyZerocount: 0, messageBodySize: 0, maxReceivedLinelength: 0, receivedCount: 1,
    body: '', bodyEnd: '', notes: [], senderAddress: env.senderAddress, fromLine: false,
    originatorName: env.originatorName,
  };
  let firstLineCrlf: boolean | undefined;
  let resentsExist = false;
  let dotEnded = false;
  let text = '';
  let hadZero = 0;
  let prevlinesLength = 0;
  let atEof = false;

  // the header loop: one iteration per character
  for (;;) {
    let ch = getc();
    if (ch === 0) hadZero++;
    let eol = false;
    if (ch < 0) eol = true;
    else if (ch === 0x0a) {
      if (firstLineCrlf === undefined) firstLineCrlf = false;
      else if (firstLineCrlf) ungetc(0x20);
      eol = true;
    } else {
      if (env.dotEnds && text.length === 0 && ch === 0x2e) {
        ch = getc();
        if (ch === 0x0d) {
          ch = getc();
          if (ch !== 0x0a) { if (ch >= 0) ungetc(ch); ch = 0x0d; }
        }
        if (ch === 0x0a) { dotEnded = true; text = ''; break; }
        text += '.'; m.messageSize++;
        if (ch < 0) eol = true;
      }
      if (!eol && ch === 0x0d) {
        ch = getc();
        if (ch === 0x0a) {
          if (firstLineCrlf === undefined) firstLineCrlf = true;
          eol = true;
        } else {
          if (ch >= 0) ungetc(ch);
          text += '\n'; m.messageSize++;
          ch = 0x20;
        }
      }
      if (!eol) {
        text += String.fromCharCode(ch);
        m.messageSize++;
        continue;
      }
    }
    // end of a line
    m.messageLinecount++;
    if (text.length - prevlinesLength > m.maxReceivedLinelength) m.maxReceivedLinelength = text.length - prevlinesLength;
    prevlinesLength = text.length + 1;
    text += '\n';
    m.messageSize++;
    if (text.length === 1) { text = ''; break; }
    if (ch >= 0) {
      const nextch = getc();
      if (nextch === 0x20 || nextch === 0x09) {
        text += String.fromCharCode(nextch);
        m.messageSize++;
        continue;
      } else if (nextch >= 0) ungetc(nextch);
      else ch = nextch;
    }
    // a complete (possibly folded) line
    const fromMatch = m.headers.length === 0 ? UUCP_FROM.exec(text) : null;
    if (fromMatch) {
      if (!env.senderForced) {
        const sender = env.fromLineSender(fromMatch);
        if (sender !== null) {
          m.senderAddress = sender.includes('@') || sender === '' ? sender : `${sender}@${env.qualifyDomainSender}`;
          m.fromLine = true;
          m.originatorName = '';
          m.notes.push('Sender taken from "From " line');
        }
      }
    } else {
      let p = 0;
      if (isSpace(text[0])) break;
      while (isGraph(text[p]) && text[p] !== ':') p++;
      while (isSpace(text[p])) p++;
      if (text[p] !== ':') { m.bodyZerocount = hadZero; break; }
      if (hadZero > 0) text = text.replace(/\0/g, '?');
      // drop empty continuation lines at the end
      for (let q = text.length - 2; ;) {
        while (text[q] === ' ' || text[q] === '\t') q--;
        if (text[q] !== '\n') break;
        const newLen = q + 1;
        m.messageSize -= text.length - newLen;
        text = text.slice(0, newLen);
        q--;
      }
      m.headers.push({ text, type: HTYPE.other });
      if (!resentsExist && text.slice(0, 7).toLowerCase() === 'resent-') resentsExist = true;
    }
    if (ch < 0) { atEof = true; text = ''; dotEnded = true; break; }
    text = '';
    hadZero = 0;
    prevlinesLength = 0;
  }
  // `text` now holds the first body line if the headers ended without a blank line: lost here
  if (m.headers.length === 0) m.notes.unshift('Warning: no message headers read');

  const resentPrefix = resentsExist ? 'Resent-' : '';
  let msgidHeader = false;
  let fromHeader = false;
  let dateExists = false;
  for (const h of [...m.headers]) {
    const isResent = h.text.slice(0, 7).toLowerCase() === 'resent-';
    switch (headerKind(h.text)) {
      case 'bcc': h.type = HTYPE.bcc; break;
      case 'cc': h.type = HTYPE.cc; break;
      case 'date': if (!resentsExist || isResent) dateExists = true; break;
      case 'delivery-date': case 'envelope-to': h.type = HTYPE.old; break;
      case 'from':
        h.type = HTYPE.from;
        if (!resentsExist || isResent) {
          fromHeader = true;
          // a From: holding just the caller's login is rewritten with the gecos name
          const v = h.text.slice(h.text.indexOf(':') + 1).replace(/^[ \t\n\v\f\r]+/, '');
          if (v.slice(0, -1).toLowerCase() === env.originatorLogin.toLowerCase() && v.length - 1 === env.originatorLogin.length) {
            m.headers.push({ text: `${isResent ? 'Resent-From' : 'From'}: ${m.originatorName} <${env.originatorLogin}@${env.qualifyDomainSender}>\n`, type: HTYPE.from });
            h.type = HTYPE.old;
          }
        }
        break;
      case 'id':
        if (!msgidHeader && (!resentsExist || isResent)) { msgidHeader = true; h.type = HTYPE.id; }
        break;
      case 'received': h.type = HTYPE.received; m.receivedCount++; break;
      case 'reply-to': h.type = HTYPE.replyTo; break;
      case 'return-path': {
        h.type = HTYPE.old;
        let v = h.text.slice(12).replace(/^[ \t\n\v\f\r]+/, '').replace(/[ \t\n\v\f\r]+$/, '');
        if (v.startsWith('<') && v.endsWith('>')) v = v.slice(1, -1);
        m.returnPath = v;
        m.notes.push('Return-path taken from "Return-path:" header line');
        break;
      }
      case 'sender':
        // kept: the -be caller is trusted (root or the Exim user)
        h.type = !env.trustedCaller && (!resentsExist || isResent) ? HTYPE.old : HTYPE.sender;
        break;
      case 'to': h.type = HTYPE.to; break;
    }
  }

  m.messageId = messageId(env.now, env.pid);
  // header_add_at_position(): Resent- headers go first, others last
  const add = (h: HeaderLine) => { if (resentsExist) m.headers.unshift(h); else m.headers.push(h); };
  if (!msgidHeader) add({ text: `${resentPrefix}Message-Id: <E${m.messageId}@${env.primaryHostname}>\n`, type: HTYPE.id });
  if (!fromHeader) {
    const oname = !env.trustedCaller || !env.senderForced ? m.originatorName : '';
    const lt = oname ? ' <' : '', gt = oname ? '>' : '';
    if (m.senderAddress === '') {
      m.headers.push({ text: `${resentPrefix}From: ${oname}${lt}${env.originatorLogin}@${env.qualifyDomainSender}${gt}\n`, type: HTYPE.from });
    } else {
      m.headers.push({ text: `${resentPrefix}From: ${oname}${lt}${m.senderAddress}${gt}\n`, type: HTYPE.from });
    }
  }
  if (!dateExists) add({ text: `${resentPrefix}Date: ${env.todFull}\n`, type: HTYPE.other });
  // a local message: bare addresses in the address headers are qualified (no -bnq here)
  qualifyHeaders(m.headers, { sender: env.qualifyDomainSender, recipient: env.qualifyDomainRecipient ?? env.qualifyDomainSender });

  readBody(input, pos, pushback, dotEnded || atEof, pushback.length === 0 && pos >= loaded && eofFlag, env, m);
  m.messageLinecount += m.bodyLinecount;
  return m;
}

/** filtertest.c read_message_body(), including its ring buffer for $message_body_end */
function readBody(input: string, pos: number, pushback: number[], ended: boolean, stdinFeof: boolean, env: ReceiveEnv, m: ReceivedMessage): void {
  const visible = env.messageBodyVisible;
  const headerSize = m.messageSize;
  const body: number[] = [];
  const ring = new Array<number>(visible + 1).fill(0);
  let s = 0;
  const getc = (): number => {
    if (pushback.length) return pushback.pop()!;
    return pos < input.length ? input.charCodeAt(pos++) : -1;
  };
  const put = (c: number) => {
    if (body.length < visible) body.push(c);
    ring[s++] = c;
    if (s > visible) s = 0;
    m.messageSize++;
  };
  m.bodyLinecount = 0;
  if (!ended && !stdinFeof) {
    let ch: number;
    if (!env.dotEnds) {
      while ((ch = getc()) >= 0) {
        if (ch === 0) m.bodyZerocount++;
        if (ch === 0x0a) m.bodyLinecount++;
        put(ch);
      }
    } else {
      let state = 1;
      read: while ((ch = getc()) >= 0) {
        if (ch === 0) m.bodyZerocount++;
        switch (state) {
          case 0: if (ch === 0x0a) { m.bodyLinecount++; state = 1; } break;
          case 1:
            if (ch === 0x2e) { state = 2; continue; }
            if (ch !== 0x0a) state = 0;
            break;
          case 2:
            if (ch === 0x0a) break read;
            put(0x2e);
            state = 0;
            break;
        }
        put(ch);
      }
    }
    if (s === 0 || ring[s - 1] !== 0x0a) m.bodyLinecount++;
  }
  m.messageBodySize = m.messageSize - headerSize;
  let end: number[];
  if (body.length >= visible) {
    // the ring holds visible+1 slots; Exim rotates it so the oldest byte comes first
    const below = s;
    const above = visible - below;
    if (above > 0) end = [...ring.slice(s + 1, s + 1 + above), ...ring.slice(0, below)];
    else end = ring.slice(0, s);
  } else end = ring.slice(0, s);
  const clean = (a: number[]) => String.fromCharCode(...a.map((c) => (c === 0x0a || c === 0 ? 0x20 : c)));
  m.body = clean(body);
  m.bodyEnd = clean(end);
}
