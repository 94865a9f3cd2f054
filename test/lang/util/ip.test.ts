// The IPv4 scanner of ip.ts against the definition it replaced (split on
// dots, each part /^(0|[1-9][0-9]{0,2})$/ and at most 255), on random text
// made of digits, dots and a little else.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { aton, ipType, invertAddress, nmtoa } from '../../../src/lang/util/ip.js';

const byDefinition = (s: string) => {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
};
const dotted = fc.array(fc.constantFrom('0', '1', '2', '5', '9', '.', '.', '25', '255', '256', '00', 'a', ' ', '-'), { maxLength: 12 }).map((a) => a.join(''));

describe('IPv4 text', () => {
  it('is read as inet_pton(AF_INET) reads it', () => {
    fc.assert(fc.property(dotted, (s) => {
      expect(ipType(s)).toBe(byDefinition(s) ? 4 : 0);
    }), { numRuns: 20000 });
  });
  it('converts both ways', () => {
    fc.assert(fc.property(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)), ([a, b, c, d]) => {
      const s = `${a}.${b}.${c}.${d}`;
      expect(aton(s)).toEqual([((a << 24) + (b << 16) + (c << 8) + d) | 0]);
      expect(nmtoa(aton(s), -1, '.')).toBe(s);
      expect(nmtoa(aton(s), 24, '.')).toBe(`${s}/24`);
      expect(invertAddress(s)).toBe(`${d}.${c}.${b}.${a}`);
    }), { numRuns: 2000 });
  });
});
