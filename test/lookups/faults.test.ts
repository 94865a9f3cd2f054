// Server failures: the Redis, PostgreSQL and MariaDB processes of the fault
// set (test/setup/db-services.ts) are killed in the middle of a run of
// lookups. Every lookup while the server is away defers with Exim's message
// (none returns a value, none says "not found"), an ACL condition using the
// lookup returns DEFER, and lookups succeed again once the server is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { beAsync, dbContext, killServer, mysqlConnection, pgClient, redisClient, restartServer, serverOptions } from './servers.js';
import { closeLookups, searchTidyup } from '../../src/lookups/registry.js';
import { readAcl, aclTextLines } from '../../src/grammar/config/acl.js';
import { AclEngine } from '../../src/runtime/acl/engine.js';
import type { AclDefinition } from '../../src/lang/acl/index.js';
import type { ExpandContext } from '../../src/runtime/expand/context.js';

const set = () => inject('dbFaultServers');

interface Case {
  server: 'redis' | 'postgres' | 'mariadb';
  query: (i: number) => string;
  seed: () => Promise<void>;
  defer: RegExp;
}

const cases: Case[] = [
  {
    server: 'redis',
    query: () => '${lookup redis{GET fk}{$value}{not found}}',
    async seed() {
      const r = redisClient(set());
      await r.connect();
      await r.set('fk', 'the value');
      await r.quit();
    },
    defer: /^Failed: lookup of "GET fk" gave DEFER: REDIS: query failed: (Connection refused|Server closed the connection|Connection reset by peer)\n$/,
  },
  {
    server: 'postgres',
    query: (i) => `\${lookup pgsql{select v from f where k='fk' and ${i}=${i}}{$value}{not found}}`,
    async seed() {
      const p = pgClient(set());
      await p.connect();
      await p.query("drop table if exists f; create table f(k text, v text); insert into f values ('fk', 'the value')");
      await p.end();
    },
    defer: /^Failed: lookup of "select v from f where k='fk' and \d+=\d+" gave DEFER: PGSQL(?: connection failed: connection to server at "127.0.0.1", port \d+ failed: |: query failed: )/,
  },
  {
    server: 'mariadb',
    query: (i) => `\${lookup mysql{select v from f where k='fk' and ${i}=${i}}{$value}{not found}}`,
    async seed() {
      const m = await mysqlConnection(set());
      await m.query("drop table if exists f; create table f(k varchar(10), v text); insert into f values ('fk', 'the value')");
      await m.end();
    },
    defer: /^Failed: lookup of "select v from f where k='fk' and \d+=\d+" gave DEFER: MYSQL(?: connection failed: Can't connect to server on '127.0.0.1' \(115\)|: query failed: Lost connection to server during query\n)/,
  },
];

function aclEngine(ctx: ExpandContext, condition: string): AclEngine {
  const r = readAcl(aclTextLines(`accept condition = ${condition}\ndeny`));
  if (!r.ok) throw new Error(r.error);
  const defs = new Map<string, AclDefinition>([['check', { name: 'check', statements: r.statements, file: '', line: 0 }]]);
  const e = new AclEngine(ctx, defs, { sleep: () => undefined });
  ctx.aclEngine = e;
  return e;
}

let ctx: ExpandContext;
beforeAll(() => {
  ctx = dbContext(serverOptions({}, set()), 1500);
});
afterAll(() => closeLookups(ctx.lookups));

describe.each(cases)('$server killed mid-run', (c) => {
  it('defers while it is away, never a wrong answer, and recovers', async () => {
    await c.seed();
    let i = 0;
    const next = async () => {
      searchTidyup(ctx.lookups);
      return beAsync(c.query(i++), ctx);
    };
    for (let n = 0; n < 5; n++) expect(await next()).toBe('the value');
    const acl = aclEngine(ctx, c.query(0).replace('{$value}{not found}', '{yes}{no}'));
    expect((await acl.evalAcl('check', [])).rc).toBe('OK');

    killServer(set(), c.server);
    const away: string[] = [];
    for (let n = 0; n < 8; n++) away.push(await next());
    for (const r of away) expect(r).toMatch(c.defer);
    searchTidyup(ctx.lookups);
    const during = await acl.evalAcl('check', []);
    expect(during.rc).toBe('DEFER');
    expect(during.logMessage).toMatch(/gave DEFER/);

    restartServer(set(), c.server);
    // the data written just before the crash may be gone (no fsync on these throwaway servers): put it back
    await c.seed();
    // the first lookups after the restart may still meet a connection from before; none may give a wrong value
    let ok = false;
    for (let n = 0; n < 20 && !ok; n++) {
      const r = await next();
      if (r === 'the value') ok = true;
      else expect(r, `after restart, try ${n}`).toMatch(c.defer);
      if (!ok) await new Promise((res) => setTimeout(res, 100));
    }
    expect(ok).toBe(true);
    for (let n = 0; n < 5; n++) expect(await next()).toBe('the value');
    searchTidyup(ctx.lookups);
    expect((await acl.evalAcl('check', [])).rc).toBe('OK');
  });
});
