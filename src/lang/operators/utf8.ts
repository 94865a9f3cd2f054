// UTF-8 and internationalised names: from_utf8, utf8clean and the utf8_*
// A-label conversions (IDNA as Debian's libidn2 build does it: UTS #46
// non-transitional mapping, then IDNA2008's ban on symbols).
import { domainToASCII } from 'node:url';
import punycode from 'punycode/punycode.js';
import { ExpandError, type OperatorEntry } from '../expand-api.js';
import { stringPrinting } from './encodings.js';

const EXTRA = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5];
const MASK = [0xff, 0x1f, 0x0f, 0x07, 0x03, 0x01];

/** GETUTF8INC over a byte string: code points, lenient as Exim is */
function* codePoints(s: string): Generator<number> {
  for (let i = 0; i < s.length;) {
    let c = s.charCodeAt(i++);
    if ((c & 0xc0) === 0xc0) {
      let a = EXTRA[c & 0x3f]!;
      let sh = 6 * a;
      c = (c & MASK[a]!) << sh;
      while (a-- > 0) { sh -= 6; c |= ((s.charCodeAt(i++) || 0) & 0x3f) << sh; }
    }
    yield c;
  }
}

function utf8Clean(s: string): string {
  let out = '';
  let bytesLeft = 0, seqLen = 0, cp = -1;
  let seq = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let complete = 0;
    if (bytesLeft) {
      if ((c & 0xc0) !== 0x80) complete = 1;
      else {
        cp = (cp << 6) | (c & 0x3f);
        seq += s[i];
        if (--bytesLeft === 0) {
          // Debian's 4.96 (as later Exims) also refuses UTF-16 surrogates
          if (cp > 0x10ffff || (cp & 0x1ff800) === 0xd800) complete = -1;
          else { out += seq.slice(0, seqLen); seq = ''; }
        }
      }
    } else {
      if (!(c & 0x80)) { out += s[i]; continue; }
      if ((c & 0xe0) === 0xc0) {
        if (c === 0xc0 || c === 0xc1) complete = -1;
        else { bytesLeft = 1; cp = c & 0x1f; }
      } else if ((c & 0xf0) === 0xe0) { bytesLeft = 2; cp = c & 0x0f; }
      else if ((c & 0xf8) === 0xf0) { bytesLeft = 3; cp = c & 0x07; }
      else complete = -1;
      seq = s[i]!;
      seqLen = bytesLeft + 1;
    }
    if (complete !== 0) {
      bytesLeft = 0;
      seq = '';
      out += '?';
    }
    if (complete === 1 && (c & 0x80) === 0) out += s[i];
  }
  if (bytesLeft !== 0) out += '?';
  return out;
}

const isUtf8 = (s: string) => /[\x80-\xff]/.test(s);
const decodeUtf8 = (bytes: string): string | undefined => {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(bytes, 'latin1'));
  } catch {
    return undefined;
  }
};
const toBytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

/** punycode_strerror() texts of libidn */
function punyError(e: unknown): string {
  const m = (e as Error).message ?? '';
  if (/Overflow/i.test(m)) return 'String size limit exceeded';
  return 'Invalid input';
}

function domainToAlabel(s: string): string {
  if (!isUtf8(s)) return s;
  const text = decodeUtf8(s.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  if (text === undefined) throw new ExpandError('string encoding error');
  const mapped = text.normalize('NFC');
  // IDNA2008 allows letters, marks, digits and hyphens in labels; UTS #46 alone would let symbols through
  for (const ch of mapped.normalize('NFKC').toLowerCase()) {
    if (ch === '.' || ch === '-' || /[\p{L}\p{M}\p{Nd}]/u.test(ch)) continue;
    throw new ExpandError('string contains a disallowed character');
  }
  for (const label of mapped.split('.')) {
    if (!/[^\x00-\x7f]/.test(label)) continue;
    if (label.startsWith('-') || label.endsWith('-')) throw new ExpandError('string start/ends with forbidden hyphen');
    if (label.slice(2, 4) === '--') throw new ExpandError('string contains forbidden two hyphens pattern');
  }
  const a = domainToASCII(mapped);
  if (!a) throw new ExpandError('string contains a disallowed character');
  return a;
}

function labelFromAlabel(label: string): string {
  try {
    return toBytes(punycode.decode(label.slice(4)));
  } catch (e) {
    throw new ExpandError(punyError(e));
  }
}

function wrap(direction: 'utf8 (%s) to alabel' | 'alabel (%s) to utf8', fn: (s: string) => string): OperatorEntry['run'] {
  return (arg) => {
    try {
      return fn(arg);
    } catch (e) {
      if (!(e instanceof ExpandError)) throw e;
      throw new ExpandError(`error converting ${direction.replace('%s', stringPrinting(arg))}: ${e.message}`);
    }
  };
}

export const utf8Operators: OperatorEntry[] = [
  {
    name: 'from_utf8',
    doc: '${from_utf8:<string>}: UTF-8 to ISO-8859-1, other characters as _',
    run(arg) {
      let out = '';
      for (const c of codePoints(arg)) out += String.fromCharCode(c > 255 ? 95 : c);
      return out;
    },
  },
  {
    name: 'utf8clean',
    doc: '${utf8clean:<string>}: invalid UTF-8 sequences replaced by ?',
    run: (arg) => utf8Clean(arg),
  },
  {
    name: 'utf8_domain_to_alabel',
    doc: '${utf8_domain_to_alabel:<domain>}: IDNA A-label (xn--) form of a UTF-8 domain',
    run: wrap('utf8 (%s) to alabel', domainToAlabel),
  },
  {
    name: 'utf8_domain_from_alabel',
    doc: '${utf8_domain_from_alabel:<domain>}: UTF-8 form of a domain with xn-- labels',
    run: wrap('alabel (%s) to utf8', (s) => s.split('.').filter((l, i, all) => l !== '' || i < all.length - 1)
      .map((l) => (l.startsWith('xn--') ? labelFromAlabel(l) : l)).join('.')),
  },
  {
    name: 'utf8_localpart_to_alabel',
    doc: '${utf8_localpart_to_alabel:<local part>}: xn-- punycode form of a UTF-8 local part',
    run: wrap('utf8 (%s) to alabel', (s) => {
      if (!isUtf8(s)) return s;
      const text = decodeUtf8(s);
      if (text === undefined || !text) throw new ExpandError('l_u2a: bad UTF-8 input');
      return 'xn--' + punycode.encode(text);
    }),
  },
  {
    name: 'utf8_localpart_from_alabel',
    doc: '${utf8_localpart_from_alabel:<local part>}: UTF-8 form of an xn-- local part',
    run: wrap('alabel (%s) to utf8', (s) => {
      if (!s.startsWith('xn--')) throw new ExpandError('bad alabel prefix');
      return labelFromAlabel(s);
    }),
  },
];
