// spec/replay/session.schema.json and the record reader agree: the example
// sessions and records made from a main log are valid under both, and each
// record the reader refuses is refused by the schema too.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { toSessionRecord } from '../../src/replay/record.js';
import { sessionsFromEximLog } from '../../src/replay/from-exim-log.js';

const root = resolve(__dirname, '../..');
const schema = JSON.parse(readFileSync(`${root}/spec/replay/session.schema.json`, 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(schema);

const examples = readFileSync(`${root}/examples/sessions.jsonl`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const fromLog = sessionsFromEximLog(readFileSync(`${root}/test/fixtures/replay/mainlog`, 'utf8')).records;

describe('session record schema', () => {
  it.each([...examples.map((e) => [`examples/sessions.jsonl ${e.id}`, e]), ...fromLog.map((r) => [`from-exim-log ${r.id}`, JSON.parse(JSON.stringify(r))])])('%s is valid', (_n, rec) => {
    expect(validate(rec), JSON.stringify(validate.errors)).toBe(true);
    expect(() => toSessionRecord(rec, 'x')).not.toThrow();
  });

  const base = { client: { ip: '192.0.2.1' }, dialogue: ['QUIT'] };
  it.each([
    [{ dialogue: [] }],
    [{ ...base, client: { ip: 'nowhere' } }],
    [{ ...base, client: { ip: '192.0.2.1', port: 70000 } }],
    [{ ...base, colour: 'red' }],
    [{ ...base, dialogue: 'QUIT' }],
    [{ ...base, dialogue: [42] }],
    [{ ...base, dialogue: [{ mail: 'a@b', rcpts: 'c@d' }] }],
    [{ ...base, spf: { result: 'maybe' } }],
    [{ ...base, tls: { cipher: 'x', verified: 'yes' } }],
    [{ ...base, dns: [{ name: 'a', type: 'A' }] }],
    [{ ...base, proxy: { localIp: '10.0.0.5' } }],
    [{ ...base, dkim: [{ domain: 'd.example', status: 'great' }] }],
  ])('%j is refused by both', (rec) => {
    expect(validate(rec)).toBe(false);
    expect(() => toSessionRecord(rec, 'x')).toThrow();
  });
});
