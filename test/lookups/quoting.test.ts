// Keys with SQL metacharacters, quotes, backslashes, white space and NUL
// bytes, through each lookup's own quoter. The found/not-found pattern was
// recorded from exim -be against the same rows (pgsql's backslash escapes
// do not round-trip under standard_conforming_strings; they still cannot end
// the literal). Also the 4.96 taint rule: an unquoted tainted query is run,
// with a panic-log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beAsync, dbContext, mysqlConnection, pgClient, redisClient } from './servers.js';
import { closeLookups } from '../../src/lookups/registry.js';
import type { ExpandContext } from '../../src/runtime/expand/context.js';

/** key as written in an expansion string, the key itself, and whether exim's pgsql lookup finds it */
const keys: [string, string, boolean][] = [
  ["o'brien", "o'brien", true],
  ["x' or '1'='1", "x' or '1'='1", true],
  ['a\\\\b', 'a\\b', false],
  ['"dq"', '"dq"', false],
  ['semi;colon --', 'semi;colon --', true],
  ['tab\\tkey', 'tab\tkey', false],
  ['100%_', '100%_', true],
  ['new\\nline', 'new\nline', false],
];

let dir: string;
let ctx: ExpandContext;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'exim-ts-quote-'));
  const d = new Database(join(dir, 'q.db'));
  d.exec('create table q(k text, v text)');
  const p = pgClient();
  await p.connect();
  await p.query('drop table if exists q; create table q(k text, v text)');
  const m = await mysqlConnection();
  await m.query('drop table if exists q; create table q(k text, v text)');
  const r = redisClient();
  await r.connect();
  for (const [i, [, k]] of keys.entries()) {
    d.prepare('insert into q values (?, ?)').run(k, `v${i}`);
    await p.query('insert into q values ($1, $2)', [k, `v${i}`]);
    await m.query('insert into q values (?, ?)', [k, `v${i}`]);
    await r.set(`q:${k}`, `v${i}`);
  }
  d.close();
  await p.end();
  await m.end();
  await r.quit();
  ctx = dbContext();
});
afterAll(async () => {
  await closeLookups(ctx.lookups);
  rmSync(dir, { recursive: true, force: true });
});

describe.each(keys.map((k, i) => [i, ...k] as const))('key %i: %s', (i, written, key, pgFinds) => {
  it('pgsql', async () => {
    expect(await beAsync(`\${lookup pgsql{select v from q where k='\${quote_pgsql:${written}}'}{$value}{no}}`, ctx))
      .toBe(pgFinds ? `v${i}` : 'no');
  });
  it('mysql', async () => {
    expect(await beAsync(`\${lookup mysql{select v from q where k='\${quote_mysql:${written}}'}{$value}{no}}`, ctx)).toBe(`v${i}`);
  });
  it('sqlite', async () => {
    expect(await beAsync(`\${lookup sqlite{${dir}/q.db select v from q where k='\${quote_sqlite:${written}}'}{$value}{no}}`, ctx)).toBe(`v${i}`);
  });
  it('redis', async () => {
    expect(await beAsync(`\${lookup redis{GET \${quote_redis:q:${written}}}{$value}{no}}`, ctx)).toBe(`v${i}`);
  });
  it('a tainted value through the quoter: same answers, nothing logged', async () => {
    const logs: string[] = [];
    (ctx as unknown as { logWrite: (s: string) => void }).logWrite = (s) => logs.push(s);
    ctx.set('acl_m_key', key, true);
    ctx.set('local_part', key, true);
    expect(await beAsync("${lookup mysql{select v from q where k='${quote_mysql:$local_part}'}{$value}{no}}", ctx)).toBe(`v${i}`);
    expect(await beAsync('${lookup redis{GET ${quote_redis:q:$local_part}}{$value}{no}}', ctx)).toBe(`v${i}`);
    expect(logs).toEqual([]);
  });
});

describe('NUL bytes and metacharacters never give a wrong answer', () => {
  it('a NUL ends the query (a C string): the rest is not sent', async () => {
    ctx.set('local_part', "v0' or k<>'\0' or 1=1 --", true);
    // the query stops inside the literal: a syntax error, so the lookup defers, and finds nothing
    const r = await beAsync("${lookup pgsql{select v from q where k='${quote_pgsql:$local_part}'}{$value}{no}}", ctx);
    expect(r).toBe('no');
    const r2 = await beAsync("${lookup pgsql{select v from q where k='$local_part'}{$value}{no}}", ctx);
    // (the first server rejects the cut query, the second of pgsql_servers is down: the last word is its)
    expect(r2).toMatch(/^Failed: lookup of "select v from q where k='v0' or k<>'" gave DEFER: PGSQL connection failed/);
  });
  it('quoted metacharacters stay data for every type', async () => {
    for (const t of ['pgsql', 'mysql']) {
      ctx.set('local_part', "nope' union select 'pwned", true);
      expect(await beAsync(`\${lookup ${t}{select v from q where k='\${quote_${t}:$local_part}'}{$value}{no}}`, ctx)).toBe('no');
    }
  });
});

describe('taint (Exim 4.96: logged, not refused)', () => {
  it('an unquoted tainted value in a query is logged as not properly quoted, and the query runs', async () => {
    const logs: string[] = [];
    (ctx as unknown as { logWrite: (s: string) => void }).logWrite = (s) => logs.push(s);
    ctx.set('local_part', "o'brien", true);
    expect(await beAsync("${lookup mysql{select v from q where k='${quote_pgsql:$local_part}'}{$value}{no}}", ctx)).toBe('v0');
    ctx.set('local_part', '100%_', true);
    expect(await beAsync("${lookup pgsql{select v from q where k='$local_part'}{$value}{no}}", ctx)).toBe('v6');
    expect(logs).toEqual([
      "tainted search query is not properly quoted: select v from q where k='o''brien'",
      "tainted search query is not properly quoted: select v from q where k='100%_'",
    ]);
  });
});
