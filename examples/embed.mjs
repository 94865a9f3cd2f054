// Embedding: one SMTP session through examples/example.conf's ACLs from a Node
// program, with the client, clock and DNS answers given by the program.
// Run `npm run build` first; then `node examples/embed.mjs`.
import { loadConfig } from '../dist/config/read-main.js';
import { authenticatorsOf, clientContext } from '../dist/cli/bh.js';
import { RecordedResolver } from '../dist/dns/recorded.js';
import { DnsSpfProvider } from '../dist/runtime/auth/spf/provider.js';
import { parseZone } from '../dist/dns/zone-file.js';
import { SmtpInput } from '../dist/smtp/input.js';
import { SmtpSession } from '../dist/smtp/session.js';
import { runSession } from '../dist/smtp/smtp.js';

const file = new URL('example.conf', import.meta.url).pathname;
const cfg = loadConfig(file, []);
// the session context: config, client address and port, clock, services
const ctx = clientContext(cfg, file, '198.51.100.20', 41000);
ctx.now = () => new Date('2026-11-29T10:00:00Z');
ctx.services.dns = new RecordedResolver(parseZone('sender.example. IN TXT "v=spf1 ip4:198.51.100.0/24 -all"'));
ctx.services.spf = new DnsSpfProvider(ctx.services.dns, ctx.now);

// what the client sends (a server pushes socket data as it comes, then end())
const input = new SmtpInput();
input.push('EHLO mx.sender.example\r\nMAIL FROM:<anna@sender.example>\r\n'
  + 'RCPT TO:<alice@example.com>\r\nRCPT TO:<nobody@example.com>\r\nQUIT\r\n');
input.end();

let seen;
const session = new SmtpSession(ctx, input, (reply) => {
  const d = session.engine.session.decision; // the ACL statement that decided the last check
  const note = d && d !== seen ? `   [${d.verb} at line ${d.line}]` : '';
  seen = d;
  process.stdout.write(reply.replace(/\r\n/g, '\n').replace(/\n$/, `${note}\n`));
}, { hostChecking: true, onLog: (line) => console.log(`log: ${line.text}`) });
session.authenticators = authenticatorsOf(cfg);
await runSession(session);
