import { describe, expect, it } from 'vitest';
import { readSessions, toSessionRecord } from '../../src/replay/record.js';
import { clientBytes, dialogueLines } from '../../src/replay/dialogue.js';

const base = { client: { ip: '192.0.2.1' }, dialogue: ['QUIT'] };

describe('session records', () => {
  it.each([
    [{ ...base, client: { ip: '192.0.2.1', port: 4000, interface: '[192.0.2.25]:587', helo: 'a.example' } },
      (r: any) => expect([r.client.port, r.client.interface, r.client.helo]).toEqual([4000, { ip: '192.0.2.25', port: 587 }, 'a.example'])],
    [{ ...base, client: { ip: '2001:db8::1', interface: { ip: '2001:db8::25', port: 25 } } },
      (r: any) => expect(r.client.interface).toEqual({ ip: '2001:db8::25', port: 25 })],
    [{ ...base, timestamp: '2026-11-29T10:00:00Z' }, (r: any) => expect(r.timestamp.getTime()).toBe(Date.parse('2026-11-29T10:00:00Z'))],
    [{ ...base, timestamp: 1_800_000_000 }, (r: any) => expect(r.timestamp.getTime()).toBe(1_800_000_000_000)],
    [{ ...base, id: 7 }, (r: any) => expect(r.id).toBe('7')],
    [base, (r: any) => expect(r.id).toBe('fallback')],
    [{ ...base, dns: 'a.example. 60 IN A 192.0.2.9' }, (r: any) => expect(r.dns).toEqual(['a.example. 60 IN A 192.0.2.9'])],
    [{ ...base, dns: [{ name: 'a.example', type: 'txt', data: 'v=spf1 "x" -all' }, 'b.example. IN A 192.0.2.1'] },
      (r: any) => expect(r.dns).toEqual(['a.example. 3600 IN TXT "v=spf1 \\"x\\" -all"\nb.example. IN A 192.0.2.1'])],
    [{ ...base, tls: { cipher: 'TLS1.3:X:256', verified: true } }, (r: any) => expect(r.tls).toMatchObject({ cipher: 'TLS1.3:X:256', verified: true })],
    [{ ...base, proxy: { localIp: '10.0.0.5', localPort: 25 } }, (r: any) => expect(r.proxy).toMatchObject({ localIp: '10.0.0.5', localPort: 25 })],
    [{ ...base, spf: { result: 'softfail' }, dmarc: { status: 'reject' }, dkim: [{ domain: 'd.example', status: 'pass' }] },
      (r: any) => expect([r.spf.result, r.dmarc.status, r.dkim[0].status]).toEqual(['softfail', 'reject', 'pass'])],
  ])('reads %j', (v, check) => {
    check(toSessionRecord(v, 'fallback'));
  });

  it.each([
    [[], 'record: expected an object, got an array'],
    [{ dialogue: [] }, 'client: expected an object, got nothing'],
    [{ ...base, client: { ip: 'nowhere' } }, 'client.ip: "nowhere" is not an IP address'],
    [{ ...base, client: { ip: '192.0.2.1', port: 70000 } }, 'client.port: expected a port number (0-65535), got 70000'],
    [{ ...base, colour: 'red' }, 'record.colour: unknown field'],
    [{ ...base, client: { ip: '192.0.2.1', hello: 'x' } }, 'client.hello: unknown field'],
    [{ ...base, dialogue: 'QUIT' }, 'dialogue: expected an array of lines and transactions, got a string'],
    [{ ...base, dialogue: [42] }, 'dialogue[0]: expected a line (string) or a transaction {mail, rcpts, data}, got a number'],
    [{ ...base, dialogue: [{ mail: 'a@b', rcpts: 'c@d' }] }, 'dialogue[0].rcpts: expected an array of addresses, got a string'],
    [{ ...base, spf: { result: 'maybe' } }, 'spf.result: "maybe" is not one of invalid, neutral, pass, fail, softfail, none, temperror, permerror'],
    [{ ...base, timestamp: 'yesterday' }, 'timestamp: "yesterday" is not a date (ISO 8601 or Unix seconds)'],
    [{ ...base, tls: { cipher: 'x', verified: 'yes' } }, 'tls.verified: expected true or false, got a string'],
    [{ ...base, dns: [{ name: 'a', type: 'A' }] }, 'dns[0].data: expected a string, got nothing'],
  ])('refuses %j', (v, message) => {
    expect(() => toSessionRecord(v, 'x')).toThrow(message);
  });

  it('reads a .jsonl text line by line: bad lines are errors with their line, the others still count', () => {
    const text = [JSON.stringify(base), '', '// a comment', '{"client": ', JSON.stringify({ ...base, id: 'b', client: { ip: '1.2.3' } }), JSON.stringify({ ...base, id: 'c' })].join('\n');
    const got = [...readSessions(text)].map((l) => ('error' in l ? `${l.line}: ${l.error.replace(/JSON:.*/, 'JSON')}` : `${l.line}: ${l.record.id}`));
    expect(got).toEqual(['1: line-1', '4: malformed JSON', '5: client.ip: "1.2.3" is not an IP address', '6: c']);
  });
});

describe('dialogue', () => {
  it.each([
    [{ client: { ip: '192.0.2.1', helo: 'c.example' }, dialogue: [{ mail: 'a@b.example', rcpts: ['x@y.example', '<z@y.example>'], data: 'Subject: s\n\n.dot\nend\n' }, 'QUIT'] },
      ['EHLO c.example', 'MAIL FROM:<a@b.example>', 'RCPT TO:<x@y.example>', 'RCPT TO:<z@y.example>', 'DATA', 'Subject: s', '', '..dot', 'end', '.', 'QUIT']],
    [{ client: { ip: '192.0.2.1', helo: 'c.example' }, dialogue: ['HELO other', 'QUIT'] }, ['HELO other', 'QUIT']],
    [{ client: { ip: '192.0.2.1' }, dialogue: [{ mail: '', rcpts: ['x@y'] }] }, ['MAIL FROM:<>', 'RCPT TO:<x@y>']],
    [{ client: { ip: '192.0.2.1' }, dialogue: [{ mail: 'a@b', rcpts: [], data: '' }] }, ['MAIL FROM:<a@b>', 'DATA', '.']],
  ])('spells out %j', (v, lines) => {
    expect(dialogueLines(toSessionRecord(v, 'x'))).toEqual(lines);
  });

  it('sends UTF-8 bytes, CRLF after each line', () => {
    expect(clientBytes(toSessionRecord({ client: { ip: '192.0.2.1' }, dialogue: ['MAIL FROM:<jörg@example.com> SMTPUTF8'] }, 'x')))
      .toBe('MAIL FROM:<j\xc3\xb6rg@example.com> SMTPUTF8\r\n');
  });
});
