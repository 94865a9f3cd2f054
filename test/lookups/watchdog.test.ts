// The query watchdog: a query still out after the timeout is expired once,
// between 1 and 1.25 timeouts after it started; an answered one never is.
import { describe, expect, it } from 'vitest';
import { QueryWatchdog } from '../../src/lookups/sql/watchdog.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('query watchdog', () => {
  it('expires a query that is still out, once, after the timeout', async () => {
    const w = new QueryWatchdog(80);
    const expired: number[] = [];
    const t0 = performance.now();
    const q = w.start(() => expired.push(performance.now() - t0));
    await sleep(300);
    expect(expired).toHaveLength(1);
    expect(expired[0]).toBeGreaterThanOrEqual(79);
    expect(q.expired).toBe(true);
    w.close();
  });

  it('leaves alone a query answered in time, and another still out is expired', async () => {
    const w = new QueryWatchdog(80);
    let a = 0;
    let b = 0;
    const qa = w.start(() => { a++; });
    const qb = w.start(() => { b++; });
    await sleep(20);
    w.done(qa);
    await sleep(200);
    expect([a, b, qa.expired, qb.expired]).toEqual([0, 1, false, true]);
    w.close();
  });

  it('keeps watching queries started after an idle spell', async () => {
    const w = new QueryWatchdog(40);
    w.done(w.start(() => undefined));
    await sleep(120); // the timer stops when nothing is out
    let n = 0;
    w.start(() => { n++; });
    await sleep(150);
    expect(n).toBe(1);
    w.close();
  });
});
