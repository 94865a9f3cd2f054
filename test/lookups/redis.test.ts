// The redis lookup against a real Redis: reply formats as Exim's redis.c
// gives them (Debian's exim has no redis, so these follow the C source:
// integers true/false, nil an empty string found, arrays one element a line
// with one level of nesting, a nested array's own line left empty), the command split with backslash escapes,
// server options, and the search cache (nil and writes are not cached).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { beAsync, db, dbContext, redisClient, serverOptions } from './servers.js';
import { closeLookups, searchTidyup } from '../../src/lookups/registry.js';
import { formatRedisReply, redisArgv } from '../../src/lookups/sql/redis.js';
import type { ExpandContext } from '../../src/runtime/expand/context.js';

let r: Redis;
let ctx: ExpandContext;
beforeAll(async () => {
  r = redisClient();
  await r.connect();
  await r.flushall();
  await r.set('k', 'a b');
  await r.rpush('l', 'a', 'b', 'c');
  await r.hset('h', 'f1', 'v1', 'f2', 'v2');
  ctx = dbContext();
});
afterAll(async () => {
  await r.quit();
  await closeLookups(ctx.lookups);
});

describe('reply formats', () => {
  it.each([
    ['${lookup redis{GET k}}', 'a b'],
    ['${lookup redis{GET nosuch}{[$value]}{no}}', '[]'],
    ['${lookup redis{EXISTS k}}', 'true'],
    ['${lookup redis{EXISTS nosuch}}', 'false'],
    ['${lookup redis{LRANGE l 0 -1}}', 'a\nb\nc'],
    ['${lookup redis{HGETALL h}}', 'f1\nv1\nf2\nv2'],
    ['${lookup redis{LRANGE empty 0 -1}{[$value]}{no}}', 'no'],
    ["${lookup redis{EVAL ${quote_redis:return \\{1,2,'x'\\}} 0}}", '1\n2\nx'],
    ["${lookup redis{EVAL ${quote_redis:return \\{1,\\{2,3\\},'x'\\}} 0}}", '1\n\n2\n3\nx'],
    ["${lookup redis{EVAL ${quote_redis:return \\{1,false,'x'\\}} 0}}", '1\n\nx'],
    ['${lookup redis{SET s ${quote_redis:two words}}}', 'OK'],
    ['${lookup redis{GET s}}', 'two words'],
    ['${lookup redis{  GET   k  }}', 'a b'],
    ['${lookup redis{NOSUCHCMD x}}',
      "Failed: lookup of \"NOSUCHCMD x\" gave DEFER: REDIS: lookup result failed: ERR unknown command 'NOSUCHCMD', with args beginning with: 'x' \n"],
    ['${lookup redis{servers=127.0.0.1; GET k}}', 'Failed: lookup of "servers=127.0.0.1; GET k" gave DEFER: Redis server "127.0.0.1" not found in redis_servers'],
    ['${lookup redis{servers=a/b; GET k}}', 'Failed: lookup of "servers=a/b; GET k" gave DEFER: incomplete Redis server data: a'],
    ['${lookup redis{servers=127.0.0.1::1//; GET k}}', 'Failed: lookup of "servers=127.0.0.1::1//; GET k" gave DEFER: REDIS: query failed: Connection refused\n'],
  ])('%s', async (line, want) => {
    expect(await beAsync(line, ctx)).toBe(want);
  });

  it('no redis_servers', async () => {
    const c = dbContext(new Map());
    expect(await beAsync('${lookup redis{GET k}}', c)).toBe('Failed: lookup of "GET k" gave DEFER: no Redis servers defined (redis_servers option)');
    await closeLookups(c.lookups);
  });
  it('a wrong password: the command is refused', async () => {
    const c = dbContext(serverOptions({ redis_servers: `127.0.0.1::${db().redis.port}//wrong` }));
    expect(await beAsync('${lookup redis{GET k}}', c)).toBe('Failed: lookup of "GET k" gave DEFER: REDIS: lookup result failed: NOAUTH Authentication required.\n');
    await closeLookups(c.lookups);
  });
  it('a database number selects the database', async () => {
    await r.select(3);
    await r.set('k', 'in db 3');
    await r.select(0);
    const c = dbContext(serverOptions({ redis_servers: `127.0.0.1::${db().redis.port}/3/${db().redis.password}` }));
    expect(await beAsync('${lookup redis{GET k}}', c)).toBe('in db 3');
    await closeLookups(c.lookups);
  });
});

describe('the search cache', () => {
  it('keeps a found value until tidyup; nil is not kept', async () => {
    await r.set('c1', 'one');
    expect(await beAsync('${lookup redis{GET c1}}', ctx)).toBe('one');
    await r.set('c1', 'two');
    expect(await beAsync('${lookup redis{GET c1}}', ctx)).toBe('one');
    expect(await beAsync('${lookup redis,cache=no_rd{GET c1}}', ctx)).toBe('two');
    searchTidyup(ctx.lookups);
    await r.set('c1', 'three');
    expect(await beAsync('${lookup redis{GET c1}}', ctx)).toBe('three');
    expect(await beAsync('${lookup redis{GET c2}{[$value]}{no}}', ctx)).toBe('[]');
    await r.set('c2', 'now');
    expect(await beAsync('${lookup redis{GET c2}{[$value]}{no}}', ctx)).toBe('[now]');
  });
});

describe('pieces', () => {
  it.each([
    ['GET k', ['GET', 'k']],
    ['  SET a\\ b  c\\\\d ', ['SET', 'a b', 'c\\d']],
    ['x\\', ['x']],
    ['', []],
  ])('redisArgv(%j)', (s, want) => expect(redisArgv(s)).toEqual(want));
  it.each([
    [null, { value: '', cache: 0 }],
    [0, { value: 'false' }],
    [7, { value: 'true' }],
    [[], { value: undefined }],
    [[null, Buffer.from('a')], { value: 'a' }],
    [[Buffer.from('a'), null, Buffer.from('b')], { value: 'a\n\nb' }],
    [[2 ** 32 + 5], { value: '5' }],
    [[[Buffer.from('x'), [Buffer.from('deep')]]], { value: 'x\n' }],
  ] as const)('formatRedisReply(%j)', (reply, want) => expect(formatRedisReply(reply as never)).toEqual(want));
});
