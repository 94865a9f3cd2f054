// Property tests: random and malformed input never makes the parser or the
// evaluator throw anything but a clean expansion failure, and never hangs.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseExpansion } from '../../../src/grammar/expansion/parser.js';
import { expandString } from '../../../src/runtime/expand/expand.js';
import { ctxFor } from '../../helpers/expand.js';
import { items } from '../../../src/lang/items/index.js';
import { operators } from '../../../src/lang/operators/index.js';
import { conditions } from '../../../src/lang/conditions/index.js';

// fragments that make random strings look like expansions
const fragments = [
  '$', '${', '}', '{', '\\', '\\N', ':', '_', ' ', '!', '<', '=', 'a', '1', '-1', 'fail', 'h_x:',
  ...[...items.keys()].filter((n) => !['run', 'readsocket', 'readfile'].includes(n)).map((n) => `\${${n}`),
  ...[...operators.keys()].map((n) => `\${${n}:`),
  ...[...conditions.keys()].map((n) => `\${if ${n}`),
  '$primary_hostname', '$acl_m0', '$item', '$value', '${1}', '$0',
];
const expansionish = fc.array(fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 3 })), { maxLength: 25 })
  .map((parts) => parts.join(''));
const bytes = fc.uint8Array({ maxLength: 60 }).map((a) => Buffer.from(a).toString('latin1'));

function expandsCleanly(s: string): void {
  const t0 = Date.now();
  const r = expandString(s, ctxFor());
  expect(typeof (r.ok ? r.value : r.error.message)).toBe('string');
  // a generous bound that only a loop would exceed
  expect(Date.now() - t0).toBeLessThan(2000);
}

describe('expansion parser and evaluator on random input', () => {
  it('parses any byte string without throwing', () => {
    fc.assert(fc.property(bytes, (s) => { parseExpansion(s); }), { numRuns: 2000 });
  });
  it('expands expansion-like strings to a value or an ExpandError', () => {
    fc.assert(fc.property(expansionish, expandsCleanly), { numRuns: 3000 });
  });
  it('expands random bytes to a value or an ExpandError', () => {
    fc.assert(fc.property(bytes, expandsCleanly), { numRuns: 2000 });
  });
});
