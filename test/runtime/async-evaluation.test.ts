// Evaluations that wait for I/O: a lookup of the top-level string answers
// PENDING and the string is run again with the answer replayed; one nested
// anywhere deeper suspends by a throw. Either way every lookup runs once per
// evaluation, in Exim's order, and the value is what a synchronous lookup
// would give.
import { describe, expect, it } from 'vitest';
import { compile, expandOnce } from '../../src/runtime/expand/expand.js';
import { ExpandContext, emptyConfig } from '../../src/runtime/expand/context.js';
import { standardLookups } from '../../src/lookups/registry.js';

/** a context whose "redis" lookup answers "<query>!" after a real turn of the event loop, logging each query */
function asyncContext(sync = false) {
  const ctx = new ExpandContext(emptyConfig());
  const lookups = standardLookups();
  const asked: string[] = [];
  lookups.set('redis', {
    name: 'redis',
    kind: 'query',
    find: (_file, query) => {
      asked.push(query);
      if (query === 'none') return sync ? undefined : new Promise((r) => setImmediate(() => r(undefined)));
      return sync ? `${query}!` : new Promise((r) => setImmediate(() => r(`${query}!`)));
    },
  });
  ctx.lookups = lookups;
  return { ctx, asked };
}

const cases: [string, string, string[]][] = [
  ['${lookup redis{a}}', 'a!', ['a']],
  ['x ${lookup redis{a}} y ${lookup redis{b}} z', 'x a! y b! z', ['a', 'b']],
  ['${lookup redis{a}{[$value]}{no}}', '[a!]', ['a']],
  ['${lookup redis{none}{[$value]}{no}}', 'no', ['none']],
  ['${lookup redis{${lookup redis{a}}}}', 'a!!', ['a', 'a!']],
  ['${if eq{${lookup redis{a}}}{a!}{yes ${lookup redis{b}}}{no}}', 'yes b!', ['a', 'b']],
  ['${uc:${lookup redis{a}}}', 'A!', ['a']],
  ['${map{p:q}{${lookup redis{$item}}}}', 'p!:q!', ['p', 'q']],
  ['${lookup redis{a}{${lookup redis{$value}}}}', 'a!!', ['a', 'a!']],
];

describe('asynchronous evaluation', () => {
  it.each(cases)('%s', async (src, want, order) => {
    const { ctx, asked } = asyncContext();
    const c = compile(src);
    expect(await c.evaluateAsync(ctx)).toBe(want);
    expect(asked).toEqual(order);
    // the same string synchronously: the same value and the same lookups
    const s = asyncContext(true);
    expect(compile(src).evaluate(s.ctx)).toBe(want);
    expect(s.asked).toEqual(order);
  });

  it('a result is a promise only when something waited (expandOnce, as -be uses)', async () => {
    for (const [src, want] of cases) {
      // a fresh context each: the search cache would answer a key asked before
      const { ctx } = asyncContext();
      const r = expandOnce(src, ctx);
      expect(r).toBeInstanceOf(Promise);
      expect(await r).toEqual({ ok: true, value: want });
    }
    expect(expandOnce('plain ${uc:x}', asyncContext().ctx)).toEqual({ ok: true, value: 'plain X' });
  });

  it('a compiled string evaluated again asks again (the journal is per evaluation)', async () => {
    const { ctx, asked } = asyncContext();
    const c = compile('${lookup redis{a}}');
    await c.evaluateAsync(ctx);
    await c.evaluateAsync(ctx);
    // the second time the search cache answers, as Exim's does within a message
    expect(asked).toEqual(['a']);
  });
});

describe('a syntax error after an asynchronous lookup', () => {
  it('gets the text that depends on the lookup\'s answer, as a synchronous evaluation does', async () => {
    // Exim does the lookup before it reads the yes/no strings; their error text depends on whether it found something
    const texts = new Set<string>();
    for (const src of ['${lookup redis{none}{y}fail x}', '${lookup redis{a}{y}fail x}', 'text ${lookup redis{none}{y}fail x}']) {
      const sync = expandOnce(src, asyncContext(true).ctx) as { ok: boolean; error?: { message: string } };
      expect(await expandOnce(src, asyncContext().ctx), src).toEqual(sync);
      texts.add(sync.error!.message.split('\n')[0]!);
    }
    // found and not found give the two different texts
    expect(texts.size).toBe(2);
  });
});
