// ratelimit and seen through the ACL engine, with the in-memory store and an
// injected clock. Sequences from exim -bh sessions with five RCPTs (d1, d2,
// d2, d3, d4 @e.f) on a fresh key; RCPTs a millisecond apart as in -bh.
import { describe, expect, it } from 'vitest';
import { session, run } from './session.js';
import { MemoryStore, memoryRatelimitStore, memorySeenStore } from '../../../src/runtime/ratelimit/memory-store.js';

async function rcpts(acl: string): Promise<string> {
  let t = 1_800_000_000_000;
  const store = memoryRatelimitStore(() => t);
  const e = session({ acl, services: { ratelimit: store } });
  const out: string[] = [];
  for (const lp of ['d1', 'd2', 'd2', 'd3', 'd4']) {
    e.ctx.set('local_part', lp, true).set('domain', 'e.f', true);
    e.ctx.ratelimiters?.cmd.clear();
    const r = await e.check('RCPT', 'r');
    out.push(`${r.rc === 'OK' ? 250 : r.rc === 'FAIL' ? 550 : 451} ${r.userMessage ?? ''}`);
    t += 1;
  }
  return out.join('|');
}

const tail = '\n message = r=$sender_rate\naccept message = a=$sender_rate';

describe('ratelimit', () => {
  it.each([
    ['deny ratelimit = 2 / 1h / per_rcpt / strict / k', '250 a=1.0|250 a=2.0|550 r=3.0|550 r=4.0|550 r=5.0'],
    ['deny ratelimit = 2 / 1h / per_rcpt / leaky / k', '250 a=1.0|250 a=2.0|550 r=3.0|550 r=3.0|550 r=3.0'],
    ['deny ratelimit = 2 / 1h / per_addr / k', '250 a=1.0|250 a=2.0|250 a=2.0|550 r=3.0|550 r=3.0'],
    ['deny ratelimit = 2 / 1h / per_mail / k', '250 a=1.0|250 a=1.0|250 a=1.0|250 a=1.0|250 a=1.0'],
    ['deny ratelimit = 3 / 1h / per_rcpt / readonly / k', '250 a=0.0|250 a=0.0|250 a=0.0|250 a=0.0|250 a=0.0'],
    ['deny ratelimit = 2 / 1h / per_rcpt / k\n ratelimit = 2 / 1h / per_rcpt / k', '250 a=1.0|250 a=2.0|550 r=3.0|550 r=3.0|550 r=3.0'],
    ['deny ratelimit = 1 / 1h / per_rcpt / unique=$local_part / strict / k', '550 r=1.0|550 r=2.0|550 r=2.0|550 r=3.0|550 r=4.0'],
  ])('%s', async (acl, want) => {
    expect(await rcpts(acl + tail)).toBe(want);
  });

  it.each([
    ['10', '"NULL" is not a time value'],
    ['-1 / 1h', '"-1" is not a positive number'],
    ['1x / 1h', '"1x" is not a positive number'],
    ['1 / 1h / per_mail / per_rcpt', 'conflicting per_* options'],
    ['1 / 1h / strict / leaky', 'conflicting update modes'],
    ['1 / 1h / per_conn/count=-2', '"count=-2" is not a positive number'],
    ['0 / 1h / per_mail / strict / leaky /noupdate / k', 'conflicting update modes'],
    ['0 / 1h / per_mail / per_byte', 'conflicting per_* options'],
  ])('rejects %s', async (arg, msg) => {
    const r = await run({ acl: `deny ratelimit = ${arg}`, services: { ratelimit: memoryRatelimitStore() } });
    expect([r.rc, r.logMessage]).toEqual(['ERROR', `error in arguments to "ratelimit" condition: ${msg}`]);
  });

  it('sets $sender_rate_limit and $sender_rate_period, and scales k/m/g', async () => {
    const r = await run({ acl: 'deny ratelimit = 1.5k / 1h / per_rcpt / count=2000 / mykey\n message = r=$sender_rate l=$sender_rate_limit p=$sender_rate_period',
      services: { ratelimit: memoryRatelimitStore() } });
    expect([r.rc, r.userMessage]).toEqual(['FAIL', 'r=2000.0 l=1.5k p=1h']);
  });

  it('decays: an hour later the rate is under the limit', async () => {
    let t = 0;
    const store = memoryRatelimitStore(() => t);
    const e = session({ acl: 'deny ratelimit = 2 / 1h / strict / k\n message = r=$sender_rate', services: { ratelimit: store } });
    for (let i = 0; i < 3; i++) { e.ctx.ratelimiters?.mail.clear(); await e.check('RCPT', 'r'); t += 1000; }
    t += 3600_000;
    e.ctx.ratelimiters?.mail.clear();
    // rate = (1-a)*1/(i/p) + a*3.0 with i = 1h + 1s, a = exp(-i/p): 1.73, under the limit again
    const r = await e.check('RCPT', 'r');
    expect([r.rc, e.ctx.getVar('sender_rate')]).toEqual(['OK', '1.7']);
  });

  it('defers without a store, as Exim without its database', async () => {
    const r = await run({ acl: 'deny ratelimit = 1 / 1h' });
    expect([r.rc, r.logMessage]).toEqual(['DEFER', 'ratelimit database not available']);
  });
});

describe('seen', () => {
  it('is false the first time and true within the time after', async () => {
    let t = 1_800_000_000_000;
    const store = memorySeenStore(() => t);
    const e = session({ acl: 'deny seen = 1h/key=$sender_address\n message = seen', services: { seen: store } });
    expect((await e.check('RCPT', 'r')).rc).toBe('OK');
    t += 60_000;
    expect((await e.check('RCPT', 'r')).rc).toBe('FAIL');
    t += 2 * 3600_000;
    expect((await e.check('RCPT', 'r')).rc).toBe('OK');
    expect(store).toBeInstanceOf(MemoryStore);
  });
  it.each([
    ['1x', "failed to parse '1x'"],
    ['1h/bogus', "unrecognised option 'bogus' in '1h/bogus'"],
  ])('rejects %s', async (arg, msg) => {
    const r = await run({ acl: `deny seen = ${arg}`, services: { seen: memorySeenStore() } });
    expect([r.rc, r.logMessage]).toEqual(['ERROR', msg]);
  });
});
