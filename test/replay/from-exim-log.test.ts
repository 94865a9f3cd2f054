import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sessionsFromEximLog } from '../../src/replay/from-exim-log.js';
import { toSessionRecord } from '../../src/replay/record.js';
import { dialogueLines } from '../../src/replay/dialogue.js';

const log = readFileSync(resolve(__dirname, '../fixtures/replay/mainlog'), 'utf8');

describe('--from-exim-log', () => {
  const { records, skipped } = sessionsFromEximLog(log);
  // each record as: id, time, client, TLS, and the dialogue it would send (message text left out)
  const shown = records.map((r) => {
    const rec = toSessionRecord(JSON.parse(JSON.stringify(r)), 'x');
    const lines = dialogueLines(rec);
    const data = lines.indexOf('DATA');
    return [r.id, r.timestamp, `${rec.client.ip}:${rec.client.port}${rec.client.interface ? ` I=${rec.client.interface.ip}:${rec.client.interface.port}` : ''}`,
      rec.tls ? `${rec.tls.cipher}${rec.tls.verified !== undefined ? ` CV=${rec.tls.verified}` : ''}` : '', data < 0 ? lines : [...lines.slice(0, data + 1), '...', 'QUIT']];
  });

  it.each([
    ['msg-1', '2026-11-29T10:00:00Z', '198.51.100.20:0', '', ['EHLO client.example', 'MAIL FROM:<someone@example.net>', 'RCPT TO:<alice@example.test>', 'DATA', '...', 'QUIT']],
    ['rcpt-2', '2026-11-29T10:00:03Z', '198.51.100.20:0', '', ['EHLO client.example', 'MAIL FROM:<someone@example.net>', 'RCPT TO:<user@elsewhere.example>', 'QUIT']],
    ['mail-3', '2026-11-29T10:00:05Z', '198.51.100.20:0', '', ['EHLO client.example', 'MAIL FROM:<x@spam.example>', 'QUIT']],
    ['connect-4', '2026-11-29T10:00:09Z', '203.0.113.10:0', '', ['QUIT']],
    ['data-5', '2026-11-29T10:00:12Z', '198.51.100.20:0', '', ['EHLO client.example', 'MAIL FROM:<someone@example.net>', 'RCPT TO:<postmaster>', 'DATA', '...', 'QUIT']],
    ['helo-6', '2026-11-29T10:00:15Z', '198.51.100.20:0', '', ['EHLO mx.example.test', 'QUIT']],
    ['rcpt-7', '2026-11-29T10:00:20Z', '198.51.100.20:0', '', ['EHLO client.example', 'MAIL FROM:<someone@example.net>', 'RCPT TO:<busy@example.test>', 'QUIT']],
    ['msg-8', '2026-11-29T10:01:10Z', '203.0.113.45:52114 I=192.0.2.25:25', 'TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=false',
      ['EHLO mail.lists.example.org', 'MAIL FROM:<news@lists.example.org>', 'RCPT TO:<bob@example.test>', 'RCPT TO:<carol@example.test>', 'DATA', '...', 'QUIT']],
    ['msg-9', '2026-11-29T10:02:00Z', '2001:db8::25:40000', '', ['EHLO mx.remote.example', 'MAIL FROM:<>', 'RCPT TO:<postmaster@example.test>', 'DATA', '...', 'QUIT']],
    ['connect-10', '2026-11-29T10:04:00Z', '203.0.113.99:0', '', ['QUIT']],
    ['msg-11', '2026-11-29T10:06:00Z', '192.0.2.7:0', 'TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256 CV=true',
      ['EHLO relay.example.org', 'MAIL FROM:<carol@example.org>', 'RCPT TO:<dave@elsewhere.example>', 'RCPT TO:<eve@elsewhere.example>', 'DATA', '...', 'QUIT']],
  ])('%s', (id, ...want) => {
    expect(shown.find((s) => s[0] === id)).toEqual([id, ...want]);
  });

  it('makes one record per SMTP message or rejection, and counts the lines it did not use (Completed, a local message and its delivery, a lost connection)', () => {
    expect(records.length).toBe(11);
    expect(skipped).toBe(6);
  });

  it('puts the logged subject and the recipients in the message text', () => {
    const t = records.find((r) => r.id === 'msg-8')!.dialogue[0] as { data: string };
    expect(t.data).toBe('From: <news@lists.example.org>\nTo: <bob@example.test>, <carol@example.test>\nSubject: Weekly digest\n\n(message text not in the log)');
  });

  it('reads exim -bh LOG: lines too (no timestamp)', () => {
    const r = sessionsFromEximLog('LOG: H=(client.example) [198.51.100.20] F=<a@example.net> rejected RCPT <b@example.test>: no\n').records;
    expect(r).toEqual([{ id: 'rcpt-1', client: { ip: '198.51.100.20', port: 0, helo: 'client.example' }, dialogue: [{ mail: 'a@example.net', rcpts: ['b@example.test'] }, 'QUIT'] }]);
  });
});
