// sqlite, pgsql and mysql lookups against real servers: results, NULLs,
// affected rows, server lists and their failures. Expected texts were
// recorded from Debian's exim 4.96 (`exim -C conf -be`) with the same data
// and the same pgsql_servers/mysql_servers (a live server, then port 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beAsync, dbContext, mysqlConnection, pgClient, serverOptions } from './servers.js';
import { closeLookups } from '../../src/lookups/registry.js';
import { be as beSync, ctxFor } from '../helpers/expand.js';
import { sqliteReal } from '../../src/lookups/sql/sqlite.js';

const REFUSED_PG = 'PGSQL connection failed: connection to server at "127.0.0.1", port 1 failed: Connection refused\n'
  + '\tIs the server running on that host and accepting TCP/IP connections?\n';

const pgsqlCases: [string, string][] = [
  ["${lookup pgsql{select v from t where k='a'}{[$value]}{no}}", '[x y]'],
  ['${lookup pgsql{select * from t order by k}{[$value]}{no}}',
    '[k=a v="x y" n=1 f=1.5 b=t \nk=b v="" n=2 f=0.1 b=f \nk=c v="" n=3 f=1e+20 b="" \nk=q v="say \\"hi\\" \\\\ ok" n=4 f=2 b=t ]'],
  ["${lookup pgsql{select v from t where k='b'}{[$value]}{no}}", '[]'],
  ["${lookup pgsql{select v from t where k='zz'}{[$value]}{no}}", 'no'],
  // the query fails on the first server, the second cannot be reached: the last message counts
  ['${lookup pgsql{select bogus}{[$value]}{no}}', `Failed: lookup of "select bogus" gave DEFER: ${REFUSED_PG}`],
  ["${lookup pgsql{update t set n=n where k<>'zz'}{[$value]}{no}}", '[4]'],
  ["${lookup pgsql{update t set n=n where k='zz'}{[$value]}{no}}", '[0]'],
  ['${lookup pgsql{servers=127.0.0.1::1/x/y/z; select 1}{[$value]}{no}}', `Failed: lookup of "servers=127.0.0.1::1/x/y/z; select 1" gave DEFER: ${REFUSED_PG}`],
  ['${lookup pgsql,servers=127.0.0.1::1/x/y/z{select 1}{[$value]}{no}}', `Failed: lookup of "select 1" gave DEFER: ${REFUSED_PG}`],
  ['${lookup pgsql{servers=nohost; select 1}{[$value]}{no}}', 'Failed: lookup of "servers=nohost; select 1" gave DEFER: PostgreSQL server "nohost" not found in pgsql_servers'],
  ['${lookup pgsql{servers 127.0.0.1; select 1}{[$value]}{no}}', 'Failed: lookup of "servers 127.0.0.1; select 1" gave DEFER: missing = after "servers" in PostgreSQL lookup'],
  ['${lookup pgsql{servers=127.0.0.1 select 1}{[$value]}{no}}', 'Failed: lookup of "servers=127.0.0.1 select 1" gave DEFER: missing ; after "servers=" in PostgreSQL lookup'],
  ['${lookup pgsql{servers=; select 1}{[$value]}{no}}', 'Failed: lookup of "servers=; select 1" gave DEFER: "servers=" defines no servers in "servers=; select 1"'],
  ['${lookup pgsql{servers=a/b; select 1}{[$value]}{no}}', 'Failed: lookup of "servers=a/b; select 1" gave DEFER: incomplete pgSQL server data: a'],
  ["${lookup pgsql{select '', null, 'a\"b', ' x', E'a\\\\tb'}{[$value]}{no}}", '[?column?="" ?column?="" ?column?=a"b ?column?=" x" ?column?="a\tb" ]'],
  ['${lookup pgsql{select null}{[$value]}{no}}', '[]'],
  ['${lookup pgsql{select 1 as x, 2 as y union all select 3, 4}{[$value]}{no}}', '[x=1 y=2 \nx=3 y=4 ]'],
  ["${lookup pgsql{   select 'lead'}{[$value]}{no}}", '[lead]'],
  ["${lookup pgsql{select 1.50::numeric, 1e20::float8, true, 'é'}{[$value]}{no}}", '[numeric=1.50 float8=1e+20 ?column?=t ?column?=é ]'],
  ['${lookup pgsql{}{[$value]}{no}}', 'no'],
  ["${lookup pgsql{insert into t values ('z','z',9,9,true)}{[$value]}{no}}", '[1]'],
  ["${lookup pgsql{delete from t where k='z'}{[$value]}{no}}", '[1]'],
];

const mysqlCases: [string, string][] = [
  ["${lookup mysql{select v from t where k='a'}{[$value]}{no}}", '[x y]'],
  ['${lookup mysql{select * from t order by k}{[$value]}{no}}',
    '[k=a v="x y" n=1 f=1.5 b=1 \nk=b v="" n=2 f=0.1 b=0 \nk=c v="" n=3 f=1e20 b="" \nk=q v="say \\"hi\\" \\\\ ok" n=4 f=2 b=1 ]'],
  // a NULL single value adds nothing: not found
  ["${lookup mysql{select v from t where k='b'}{[$value]}{no}}", 'no'],
  ["${lookup mysql{select v from t where k='c'}{[$value]}{no}}", '[]'],
  ["${lookup mysql{select v from t where k='zz'}{[$value]}{no}}", 'no'],
  ['${lookup mysql{select bogus}{[$value]}{no}}', "Failed: lookup of \"select bogus\" gave DEFER: MYSQL: query failed: Unknown column 'bogus' in 'SELECT'\n"],
  // affected rows count the rows changed
  ["${lookup mysql{update t set n=n where k<>'zz'}{[$value]}{no}}", '[0]'],
  ["${lookup mysql{update t set n=n+1 where k<>'zz'}{[$value]}{no}}", '[4]'],
  ["${lookup mysql{select '', null, 'a\"b', ' x'}{[$value]}{no}}", '[="" NULL="" a"b=a"b x=" x" ]'],
  ['${lookup mysql{select null}{[$value]}{no}}', 'no'],
  ['${lookup mysql{select 1.50, 1e20, true, 0.1e0}{[$value]}{no}}', '[1.50=1.50 1e20=1e20 TRUE=1 0.1e0=0.1 ]'],
  ['${lookup mysql{servers=127.0.0.1::1/x/y/z; select 1}{[$value]}{no}}',
    "Failed: lookup of \"servers=127.0.0.1::1/x/y/z; select 1\" gave DEFER: MYSQL connection failed: Can't connect to server on '127.0.0.1' (115)"],
  ['${lookup mysql{}{[$value]}{no}}', 'no'],
  ["${lookup mysql{insert into t values ('z','z',9,9,true)}{[$value]}{no}}", '[1]'],
  ["${lookup mysql{delete from t where k='z'}{[$value]}{no}}", '[1]'],
];

let dir: string;
const ctx = dbContext();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'exim-ts-sqlite-'));
  const d = new Database(join(dir, 't.db'));
  d.exec(`create table t(k text, v text, n int, f real); insert into t values ('a','x y',1,1.5),('b',NULL,2,0.1),('c','',3,1e20),('q','say "hi" \\ ok',4,2)`);
  d.close();
  const p = pgClient();
  await p.connect();
  await p.query(`drop table if exists t; create table t(k text primary key, v text, n int, f float8, b bool);
    insert into t values ('a','x y',1,1.5,true),('b',NULL,2,0.1,false),('c','',3,1e20,null),('q','say "hi" \\ ok',4,2,true)`);
  await p.end();
  const m = await mysqlConnection();
  await m.query(`drop table if exists t; create table t(k varchar(20) primary key, v text, n int, f double, b bool);
    insert into t values ('a','x y',1,1.5,true),('b',NULL,2,0.1,false),('c','',3,1e20,null),('q','say "hi" \\\\ ok',4,2,true)`);
  await m.end();
});

afterAll(async () => {
  await closeLookups(ctx.lookups);
  rmSync(dir, { recursive: true, force: true });
});

describe('pgsql', () => {
  it.each(pgsqlCases)('%s', async (line, want) => {
    expect(await beAsync(line, ctx)).toBe(want);
  });
});

describe('mysql', () => {
  it.each(mysqlCases)('%s', async (line, want) => {
    expect(await beAsync(line, ctx)).toBe(want);
  });
});

describe('sqlite', () => {
  const cases = (): [string, string][] => [
    [`\${lookup sqlite,file=${dir}/t.db{select * from t}}`,
      'k=a v="x y" n=1 f=1.5 \nk=b v=<NULL> n=2 f=0.1 \nk=c v="" n=3 f=1.0e+20 \nk=q v="say \\"hi\\" \\\\ ok" n=4 f=2.0 '],
    [`\${lookup sqlite{${dir}/t.db select v from t where k='b'}{[$value]}{no}}`, '[<NULL>]'],
    [`\${lookup sqlite{${dir}/t.db select v from t where k='zz'}{[$value]}{no}}`, 'no'],
    // sqlite3_exec() failing is a plain failure, not a deferral
    [`\${lookup sqlite{${dir}/t.db select bogus}{[$value]}{no}}`, 'no'],
    ['${lookup sqlite{ select 1}{[$value]}{no}}', 'Failed: absolute file name expected for "sqlite" lookup'],
    [`\${lookup sqlite{${dir}/nonexist/x.db select 1}{[$value]}{no}}`, 'Failed: unable to open database file'],
    [`\${lookup sqlite{${dir}/t.db select f, n, k from t}{[$value]}{no}}`, '[f=1.5 n=1 k=a \nf=0.1 n=2 k=b \nf=1.0e+20 n=3 k=c \nf=2.0 n=4 k=q ]'],
    // no rows from an INSERT: not found
    [`\${lookup sqlite{${dir}/t.db insert into t values ('z','z',9,9)}{[$value]}{no}}`, 'no'],
    [`\${lookup sqlite{${dir}/t.db select 1; select 2}{[$value]}{no}}`, '[1\n2]'],
    [`\${lookup sqlite {${dir}/t.db    select 'a b'}{[$value]}{no}}`, '[a b]'],
    ['${lookup sqlite{relative.db select 1}{[$value]}{no}}', 'Failed: absolute file name expected for "sqlite" lookup'],
    [`\${lookup sqlite{${dir}/t.db select 'it''s' -- a comment}{[$value]}{no}}`, "[it's]"],
    [`\${lookup sqlite{${dir}/t.db select k from t where k = '\${quote_sqlite:q'' or ''1''=''1}'}{[$value]}{no}}`, 'no'],
  ];
  it('formats as Exim (recorded from exim -be)', async () => {
    for (const [line, want] of cases()) expect(await beAsync(line, ctx), line).toBe(want);
  });
  it('runs in a synchronous expansion (no server to wait for)', () => {
    const c = ctxFor();
    expect(beSync(`\${lookup sqlite{${dir}/t.db select v from t where k='a'}}`, c)).toBe('x y');
  });
  it('sqlite_dbfile is the file when the query names none', async () => {
    const c = dbContext(new Map([['sqlite_dbfile', `${dir}/t.db`]]));
    expect(await beAsync("${lookup sqlite{select n from t where k='q'}}", c)).toBe('4');
    await closeLookups(c.lookups);
  });
  it.each([[1.5, '1.5'], [2, '2.0'], [1e20, '1.0e+20'], [0.1, '0.1'], [1e-5, '1.0e-05'], [123456789012345680, '1.23456789012346e+17'], [-0.5, '-0.5']])(
    'REAL %s prints as %s', (x, want) => expect(sqliteReal(x)).toBe(want));
});

describe('a query that outlasts the timeout', () => {
  const cases: [string, string, RegExp, string][] = [
    ['mysql', "select v from t where k='a' and sleep(2) = 0", /^Failed: lookup of ".*" gave DEFER: MYSQL: query failed: Read timeout\n$/, "select v from t where k='a'"],
    ['pgsql', "select v from t where k='a' and pg_sleep(2) is not null", /^Failed: lookup of ".*" gave DEFER: PGSQL: query failed: query timed out\n/, "select v from t where k='a'"],
    // BLPOP on an empty list waits 2 s for an element
    ['redis', 'BLPOP nothing-here 2', /^Failed: lookup of ".*" gave DEFER: REDIS: query failed: Connection timed out\n$/, 'SET after-timeout x'],
  ];
  it.each(cases)('%s defers within 1.25 timeouts, and the next lookup is answered', async (type, query, defer, next) => {
    const c = dbContext(serverOptions({ pgsql_servers: serverOptions().get('pgsql_servers')!.split(' : ')[0]! }), 300);
    try {
      const t0 = performance.now();
      expect(await beAsync(`\${lookup ${type}{${query}}{[$value]}{no}}`, c)).toMatch(defer);
      const took = performance.now() - t0;
      expect(took).toBeGreaterThanOrEqual(299);
      // the watchdog's check runs every quarter timeout; the rest is slack for a busy machine
      expect(took).toBeLessThan(1500);
      expect(await beAsync(`\${lookup ${type}{${next}}{[$value]}{no}}`, c)).toBe(type === 'redis' ? '[OK]' : '[x y]');
    } finally {
      await closeLookups(c.lookups);
    }
  });
});

describe('a synchronous caller', () => {
  it('gets a clear error for a lookup that must wait, not a hang', () => {
    const c = dbContext();
    expect(beSync("${lookup pgsql{select 1}}", c)).toBe('Failed: asynchronous lookup used in a synchronous expansion');
    return closeLookups(c.lookups);
  });
});
