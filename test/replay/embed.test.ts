// The README's embedding example is examples/embed.mjs, and it runs: a session
// through the example config from a Node program (on the built dist/).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const example = readFileSync(`${root}/examples/embed.mjs`, 'utf8');

describe('embedding example', () => {
  it('is the code shown in the README', () => {
    const readme = readFileSync(`${root}/README.md`, 'utf8');
    const block = /## Embedding\n[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBe(example);
  });

  it('runs: replies with the deciding statements, and the log line', () => {
    const out = execFileSync(process.execPath, [`${root}/examples/embed.mjs`], { encoding: 'latin1' });
    expect(out.split('\n').filter((l) => !/^250-/.test(l))).toEqual([
      '220 mail.example.com ESMTP Exim 4.96 Sun, 29 Nov 2026 10:00:00 +0000   [accept at line 32]',
      '250 HELP   [accept at line 39]',
      '250 OK   [accept at line 50]',
      '250 Accepted   [accept at line 72]',
      '550 unknown user nobody   [deny at line 73]',
      'log: H=(mx.sender.example) [198.51.100.20] F=<anna@sender.example> rejected RCPT <nobody@example.com>: unknown user nobody',
      '221 mail.example.com closing connection',
      '',
    ]);
  });
});
