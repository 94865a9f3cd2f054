// The outbound queue until delivery exists: each message a file in a directory,
// its envelope in the first lines (X-Envelope-From:, X-Envelope-To:), written
// under a temporary name and renamed, so a reader never sees half a message.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OutboundMessage, OutboundQueue } from '../../lang/services/outbound.js';

export class FileOutboundQueue implements OutboundQueue {
  private n = 0;
  constructor(readonly dir: string, private readonly now: () => Date = () => new Date()) {}

  submit(m: OutboundMessage): void {
    mkdirSync(this.dir, { recursive: true });
    const name = `${this.now().getTime()}-${process.pid}-${++this.n}.eml`;
    const text = `X-Envelope-From: <${m.sender}>\nX-Envelope-To: ${m.recipients.map((r) => `<${r}>`).join(', ')}\n${m.text}`;
    const tmp = join(this.dir, `.${name}`);
    writeFileSync(tmp, Buffer.from(text, 'latin1'));
    renameSync(tmp, join(this.dir, name));
  }
}
