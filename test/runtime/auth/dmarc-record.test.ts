import { describe, expect, it } from 'vitest';
import { parseDmarc } from '../../../src/runtime/auth/dmarc/record.js';

describe('DMARC records (RFC 7489 6.3)', () => {
  it.each([
    ['v=DMARC1; p=reject', { p: 'reject', adkim: 'r', aspf: 'r', pct: 100, rua: [], ruf: [], fo: '0' }],
    ['v=DMARC1;p=quarantine;sp=none;adkim=s;aspf=s;pct=50;ruf=mailto:a@x,mailto:b@x;fo=1',
      { p: 'quarantine', sp: 'none', adkim: 's', aspf: 's', pct: 50, rua: [], ruf: ['mailto:a@x', 'mailto:b@x'], fo: '1' }],
    ['v=DMARC1; rua=mailto:r@x', { p: 'none', adkim: 'r', aspf: 'r', pct: 100, rua: ['mailto:r@x'], ruf: [], fo: '0' }],
  ])('%s', (text, want) => expect(parseDmarc(text)).toEqual(want));
  it.each(['v=DMARC2; p=reject', 'p=reject; v=DMARC1', 'v=DMARC1; p=bogus', 'v=DMARC1; p', 'v=spf1 -all', ''])('rejects %j', (text) => {
    expect(parseDmarc(text)).toBeUndefined();
  });
});
