// The SMTP engine as a server embeds it: replies through `out`, messages handed
// over before the 250, services that outlive a session (ratelimit data).
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '../../src/config/read-main.js';
import { clientContext } from '../../src/cli/bh.js';
import { SmtpInput } from '../../src/smtp/input.js';
import { SmtpSession, type AcceptedMessage } from '../../src/smtp/session.js';
import { runSession } from '../../src/smtp/smtp.js';

const file = '/tmp/exim-ts-session-test.conf';
writeFileSync(file, [
  'primary_hostname = mx.example.test', 'host_lookup =', 'rfc1413_hosts =', 'acl_smtp_rcpt = rcpt',
  'begin acl', 'rcpt:',
  '  deny ratelimit = 2 / 1h / per_rcpt / strict / $sender_host_address',
  '       message = rate $sender_rate over $sender_rate_limit', '  accept', '',
].join('\n'));

async function session(ctx: ReturnType<typeof clientContext>, dialogue: string, onMessage?: (m: AcceptedMessage) => Promise<void>) {
  const input = new SmtpInput();
  const replies: string[] = [];
  const s = new SmtpSession(ctx, input, (t) => replies.push(t), { onMessage });
  input.push(dialogue);
  input.end();
  await runSession(s);
  return replies.join('').split('\r\n').filter(Boolean);
}

function fresh() {
  const cfg = loadConfig(file);
  return clientContext(cfg, file, '192.0.2.7', 4321);
}

describe('SmtpSession', () => {
  it('hands the message over before it answers 250, and answers 250 with its id', async () => {
    const ctx = fresh();
    const order: string[] = [];
    const input = new SmtpInput();
    let kept: AcceptedMessage | undefined;
    const s = new SmtpSession(ctx, input, (t) => order.push(`reply ${t.slice(0, 3)}`), {
      onMessage: async (m) => { await new Promise((r) => setTimeout(r, 5)); kept = m; order.push('kept'); },
    });
    input.push('EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@mx.example.test>\r\nDATA\r\nSubject: t\r\n\r\nbody\r\n.\r\n');
    input.push('QUIT\r\n');
    input.end();
    await runSession(s);
    expect(order.slice(-3)).toEqual(['kept', 'reply 250', 'reply 221']);
    expect(kept!.sender).toBe('a@b.example');
    expect(kept!.recipients.map((r) => r.address)).toEqual(['x@mx.example.test']);
    expect(kept!.headers[0]).toMatch(/^Received: from \[192\.0\.2\.7\] \(helo=c\.example\)\n\tby mx\.example\.test with esmtp/);
    expect(kept!.headers.at(-1)).toBe('Subject: t\n');
    expect(kept!.body).toBe('body\n');
  });

  it('reads input that arrives in pieces, a byte at a time', async () => {
    const ctx = fresh();
    const input = new SmtpInput();
    const replies: string[] = [];
    const s = new SmtpSession(ctx, input, (t) => replies.push(t));
    const done = runSession(s);
    for (const ch of 'HELO c.example\r\nNOOP\r\nQUIT\r\n') {
      await new Promise((r) => setImmediate(r));
      input.push(ch);
    }
    input.end();
    await done;
    expect(replies.join('').split('\r\n').filter(Boolean).slice(1)).toEqual([
      '250 mx.example.test Hello c.example [192.0.2.7]', '250 OK', '221 mx.example.test closing connection',
    ]);
  });

  it('keeps ratelimit data across sessions of one context (the services outlive a session)', async () => {
    const ctx = fresh();
    const first = await session(ctx, 'EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<1@x.example>\r\nRCPT TO:<2@x.example>\r\nQUIT\r\n');
    expect(first.filter((l) => l.startsWith('250 Accepted') || l.startsWith('550'))).toEqual(['250 Accepted', '250 Accepted']);
    const second = await session(ctx, 'EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<3@x.example>\r\nQUIT\r\n');
    // as with exim -bh and its hints database: the third recipient in the hour is over the limit
    expect(second).toContain('550 rate 3.0 over 2');
  });

  it('never throws on garbage: NULs, overlong lines, binary', async () => {
    const ctx = fresh();
    const junk = 'EHLO \0\0\r\n' + 'X'.repeat(70000) + '\r\n' + '\xff\xfe\r\nMAIL FROM:<\0>\r\nQUIT\r\n';
    const replies = await session(ctx, junk);
    expect(replies.at(-1)).toMatch(/^(221|500|501|503)/);
  });
});
