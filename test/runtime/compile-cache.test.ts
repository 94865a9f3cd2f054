// The compile cache: a string's compiled form is kept from its second
// sighting on (a stream of strings seen once must not fill it), and kept
// for at least one generation of other cached strings.
import { describe, expect, it } from 'vitest';
import { compile, GENERATION } from '../../src/runtime/expand/expand.js';

describe('compile cache', () => {
  it('keeps a string from its second sighting on', () => {
    const first = compile('${lc:cache-test-A}');
    const second = compile('${lc:cache-test-A}');
    expect(second).not.toBe(first);
    expect(compile('${lc:cache-test-A}')).toBe(second);
    expect(second.ast).toEqual(first.ast);
  });

  it('strings seen once do not push cached ones out', () => {
    compile('${lc:cache-test-C}');
    const c = compile('${lc:cache-test-C}');
    for (let i = 0; i < 3 * GENERATION; i++) compile(`once ${i}`);
    expect(compile('${lc:cache-test-C}')).toBe(c);
  });

  it('keeps a cached string through one generation of others and drops it after two', () => {
    const kept = (s: string) => { compile(s); return compile(s); };
    const a = kept('${uc:cache-test-B}');
    for (let i = 0; i < GENERATION; i++) kept(`gen one ${i}`);
    expect(compile('${uc:cache-test-B}')).toBe(a);
    for (let i = 0; i < 2 * GENERATION + 1; i++) kept(`gen two ${i}`);
    expect(compile('${uc:cache-test-B}')).not.toBe(a);
  });
});
