// Approximate session records from an Exim main log, for admins who start
// from what they have: each message received ("<=" with its "=>"/"->"
// deliveries or its "for" list) and each rejection line (connection, HELO,
// MAIL, RCPT, after DATA) becomes one session that would make the same
// request. The log lacks the message text and most of the dialogue; the
// records carry what it has (client, HELO, TLS cipher, sender, recipients,
// subject, time). Lines may start with a timestamp or be -bh's "LOG: " lines.

/** a session record as written to the .jsonl file (the shape record.ts reads) */
export interface LoggedSession {
  id: string;
  timestamp?: string;
  client: { ip: string; port: number; interface?: string; helo?: string };
  tls?: { cipher: string; verified?: boolean; peerdn?: string };
  dialogue: (string | { mail: string; rcpts: string[]; data?: string })[];
}

const STAMP = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)(?:\.\d{3})?(?: [-+]\d{4})? (?:\[\d+\] )?/;
const MSGID = /^([0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}) /;
/** H=name (helo) [ip]:port, with name and (helo) optional */
const HOST = /(?:^| )H=(?:([^\s([]+) )?(?:\(([^)]*)\) )?\[([^\]]+)\](?::(\d+))?/;
const IFACE = / I=\[([^\]]+)\](?::(\d+))?/;

interface Line {
  stamp?: string;
  msgid?: string;
  rest: string;
}

function splitLine(raw: string): Line | undefined {
  let s = raw.replace(/\r$/, '');
  if (s.startsWith('LOG: ')) s = s.slice(5);
  let stamp: string | undefined;
  const t = STAMP.exec(s);
  if (t) { stamp = `${t[1]!.replace(' ', 'T')}Z`; s = s.slice(t[0].length); }
  if (!s) return undefined;
  const m = MSGID.exec(s);
  return { stamp, msgid: m?.[1], rest: m ? s.slice(m[0].length) : s };
}

/** the sender of "F=<x>" */
const senderOf = (s: string) => /(?:^| )F=<([^>]*)>/.exec(s)?.[1];

/** X=cipher CV=yes DN="..." */
function tlsOf(s: string): LoggedSession['tls'] {
  const x = / X=(\S+)/.exec(s);
  if (!x) return undefined;
  const cv = / CV=(yes|no)/.exec(s);
  const dn = / DN="((?:[^"\\]|\\.)*)"/.exec(s);
  return { cipher: x[1]!, ...(cv ? { verified: cv[1] === 'yes' } : {}), ...(dn ? { peerdn: dn[1]! } : {}) };
}

function clientOf(s: string): LoggedSession['client'] | undefined {
  const h = HOST.exec(s);
  if (!h) return undefined;
  const ip = h[3]!;
  // no (helo) part: the HELO name was the host name (or absent)
  const helo = h[2] ?? h[1];
  const i = IFACE.exec(s);
  return {
    ip, port: h[4] ? Number(h[4]) : 0,
    ...(i ? { interface: `[${i[1]}]:${i[2] ?? '25'}` } : {}),
    ...(helo !== undefined ? { helo } : {}),
  };
}

/** the message a client would have sent: enough header for the DATA ACL to look at */
function messageText(sender: string, rcpts: string[], subject: string | undefined, msgid: string | undefined): string {
  const lines = [`From: <${sender}>`, `To: ${rcpts.map((r) => `<${r}>`).join(', ')}`];
  if (subject !== undefined) lines.push(`Subject: ${subject}`);
  if (msgid) lines.push(`Message-ID: <${msgid}>`);
  lines.push('', '(message text not in the log)');
  return lines.join('\n');
}

/** T="subject" as logged (backslash escapes kept as text) */
const subjectOf = (s: string) => / T="((?:[^"\\]|\\.)*)"/.exec(s)?.[1];

export function sessionsFromEximLog(text: string): { records: LoggedSession[]; skipped: number } {
  const records: LoggedSession[] = [];
  /** "<=" sessions waiting for their deliveries, by message id */
  const byId = new Map<string, { rec: LoggedSession; rcpts: string[]; logged: boolean; subject?: string }>();
  let skipped = 0;
  let n = 0;
  const push = (rec: Omit<LoggedSession, 'id'>, stamp: string | undefined, kind: string) => {
    const r = { id: `${kind}-${++n}`, ...(stamp ? { timestamp: stamp } : {}), ...rec } as LoggedSession;
    records.push(r);
    return r;
  };
  for (const raw of text.split('\n')) {
    if (!raw.trim()) continue;
    const l = splitLine(raw);
    if (!l) { skipped++; continue; }
    const s = l.rest;
    if (s.startsWith('<= ')) {
      const client = clientOf(s);
      if (!client) { skipped++; continue; } // a local submission: no SMTP session to replay
      const sender = s.slice(3).split(' ')[0]!;
      const forPart = / for (.+)$/.exec(s);
      const rcpts = forPart ? forPart[1]!.split(' ').filter(Boolean) : [];
      const tls = tlsOf(s);
      const rec = push({ client, ...(tls ? { tls } : {}), dialogue: [] }, l.stamp, 'msg');
      rec.dialogue = [{ mail: sender === '<>' ? '' : sender, rcpts }, 'QUIT'];
      if (l.msgid) byId.set(l.msgid, { rec, rcpts, logged: !!forPart, subject: subjectOf(s) });
      continue;
    }
    const d = /^(=>|->|\*>|\*\*|==) (\S+)(?: <([^>]+)>)?/.exec(s);
    if (d && l.msgid) {
      const m = byId.get(l.msgid);
      if (!m) { skipped++; continue; }
      // the address the client gave is the parent in <...> when routing changed it
      if (!m.logged) {
        const a = d[3] ?? d[2]!;
        if (!m.rcpts.includes(a)) m.rcpts.push(a);
      }
      continue;
    }
    const client = clientOf(s);
    const tls = tlsOf(s);
    const base = () => ({ client: client!, ...(tls ? { tls } : {}) });
    let m: RegExpExecArray | null;
    if (client && (m = / (?:temporarily )?rejected RCPT <([^>]*)>/.exec(s))) {
      push({ ...base(), dialogue: [{ mail: senderOf(s) ?? '', rcpts: [m[1]!] }, 'QUIT'] }, l.stamp, 'rcpt');
    } else if (client && (m = / (?:temporarily )?rejected MAIL <([^>]*)>/.exec(s))) {
      push({ ...base(), dialogue: [`MAIL FROM:<${m[1]!}>`, 'QUIT'] }, l.stamp, 'mail');
    } else if (client && / (?:temporarily )?rejected (?:after DATA|DATA)/.test(s)) {
      // the log does not say whom it was for: postmaster is accepted almost everywhere
      const sender = senderOf(s) ?? '';
      push({ ...base(), dialogue: [{ mail: sender, rcpts: ['postmaster'], data: messageText(sender, ['postmaster'], undefined, undefined) }, 'QUIT'] }, l.stamp, 'data');
    } else if (client && (m = / (?:temporarily )?rejected (?:EHLO or HELO|HELO|EHLO) (\S*)/.exec(s))) {
      const { helo: _h, ...c } = client;
      void _h;
      push({ client: c, ...(tls ? { tls } : {}), dialogue: [`EHLO ${m[1]!.replace(/:$/, '')}`, 'QUIT'] }, l.stamp, 'helo');
    } else if (client && / (?:temporarily )?rejected connection in "connect" ACL/.test(s)) {
      const { helo: _h, ...c } = client;
      void _h;
      push({ client: c, dialogue: ['QUIT'] }, l.stamp, 'connect');
    } else if ((m = /^refused connection from (?:\S+ )?\[([^\]]+)\](?::(\d+))?/.exec(s))) {
      push({ client: { ip: m[1]!, port: m[2] ? Number(m[2]) : 0 }, dialogue: ['QUIT'] }, l.stamp, 'connect');
    } else skipped++;
  }
  // the messages: their recipients are known now
  for (const { rec, rcpts, subject } of byId.values()) {
    const t = rec.dialogue[0] as { mail: string; rcpts: string[]; data?: string };
    t.rcpts = rcpts;
    t.data = messageText(t.mail, rcpts, subject, undefined);
  }
  return { records, skipped };
}
