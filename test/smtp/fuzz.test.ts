// The SMTP engine on hostile input: whatever the client sends, the session
// ends normally (never throws, never hangs) and every reply is a well-formed
// SMTP line.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolve } from 'node:path';
import { loadConfig } from '../../src/config/read-main.js';
import { clientContext } from '../../src/cli/bh.js';
import { SmtpInput } from '../../src/smtp/input.js';
import { SmtpSession } from '../../src/smtp/session.js';
import { runSession } from '../../src/smtp/smtp.js';

const file = resolve(__dirname, '../../spec/bh/configs/protocol.conf');
const cfg = loadConfig(file);

const COMMANDS = [
  'EHLO client.example', 'HELO x', 'EHLO', 'MAIL FROM:<a@b.example>', 'MAIL FROM:<>', 'MAIL FROM:<a@b.example> SIZE=999999999999',
  'MAIL FROM:<a@b.example> BODY=8BITMIME SMTPUTF8', 'RCPT TO:<x@example.test>', 'RCPT TO:<"q u"@example.test> NOTIFY=NEVER',
  'RCPT TO:<@route:x@y>', 'DATA', 'BDAT 5', 'BDAT 0 LAST', 'BDAT 3 LAST', 'RSET', 'NOOP', 'HELP', 'VRFY x', 'EXPN y',
  'ETRN #q', 'AUTH PLAIN', 'AUTH PLAIN AGFsaWNlAHNlY3JldA==', 'AUTH LOGIN', '*', 'STARTTLS', 'QUIT', '.', '..',
  'Subject: x', '', 'From: <a@b>', '\0\0', 'MAIL FROM:<a\0b@c>', 'X'.repeat(2000),
];

async function run(text: string): Promise<string> {
  const ctx = clientContext(cfg, file, '192.0.2.1', 0);
  const input = new SmtpInput();
  let out = '';
  const s = new SmtpSession(ctx, input, (t) => { out += t; }, { hostChecking: true });
  s.authenticators = [];
  input.push(text);
  input.end();
  await runSession(s);
  return out;
}

const wellFormed = (out: string) => out.split('\r\n').slice(0, -1).every((l) => /^[2-5]\d\d[ -]/.test(l));

describe('SMTP fuzz', () => {
  it('random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), async (bytes) => {
      const out = await run(Buffer.from(bytes).toString('latin1'));
      expect(wellFormed(out)).toBe(true);
    }), { numRuns: 200 });
  });

  it('command-shaped dialogues, cut anywhere, CRLF or LF', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom(...COMMANDS), { maxLength: 30 }), fc.nat(), fc.boolean(),
      async (cmds, cut, crlf) => {
        const text = cmds.join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n');
        const out = await run(text.slice(0, cut % (text.length + 1)));
        expect(out.startsWith('220 ')).toBe(true);
        expect(wellFormed(out)).toBe(true);
      }), { numRuns: 300 });
  });
});
