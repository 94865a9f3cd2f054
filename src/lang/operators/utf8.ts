// UTF-8 and internationalised names: from_utf8, utf8clean and the utf8_*
// A-label conversions (IDNA as Debian's libidn2 build does it, see util/idna.ts).
import { ExpandError, type OperatorEntry } from '../expand-api.js';
import { stringPrinting } from '../util/printing.js';
import { domainToAscii, IdnaError, punycodeDecode, punycodeEncode, utf8Bytes } from '../util/idna.js';
import { ListReader } from '../util/list.js';

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

/** string_domain_utf8_to_alabel(): ASCII names untouched, else libidn2 on the ASCII-lowercased name */
function domainToAlabel(s: string): string {
  if (!isUtf8(s)) return s;
  return idna(() => domainToAscii(s.replace(/[A-Z]+/g, (c) => c.toLowerCase())));
}

/** a label's "xn--" cut off and the rest decoded, to UTF-8 */
function labelFromAlabel(label: string): string {
  const rest = label.slice(4);
  return idna(() => utf8Bytes(punycodeDecode(rest, rest.length)));
}

/** string_domain_alabel_to_utf8(): the labels as string_nextinlist() gives them, joined again */
function domainFromAlabel(s: string): string {
  const r = new ListReader(s, '.'.charCodeAt(0));
  let out = '';
  for (let label = r.next(); label !== undefined; label = r.next()) {
    const u = label.startsWith('xn--') ? labelFromAlabel(label) : label;
    if (out) out += '.';
    out += u.replace(/\./g, '..');
  }
  return out;
}

function localpartToAlabel(s: string): string {
  if (!isUtf8(s)) return s;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(s, 'latin1'));
  } catch {
    throw new ExpandError('l_u2a: bad UTF-8 input');
  }
  const cps = Array.from(text, (c) => c.codePointAt(0)!);
  // Exim gives the encoder four bytes per character
  return 'xn--' + idna(() => punycodeEncode(cps, cps.length * 4));
}

function idna<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof IdnaError) throw new ExpandError(e.message);
    throw e;
  }
}

function wrap(direction: 'utf8 (%s) to alabel' | 'alabel (%s) to utf8', fn: (s: string) => string): OperatorEntry['run'] {
  return (arg) => {
    try {
      return fn(arg);
    } catch (e) {
      if (!(e instanceof ExpandError)) throw e;
      throw new ExpandError(`error converting ${direction.replace('%s', stringPrinting(arg, false))}: ${e.message}`);
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
    // an ASCII name comes back as a copy (tainted as it was); libidn2's output is clean
    keepsTaint: (arg) => !isUtf8(arg),
    doc: '${utf8_domain_to_alabel:<domain>}: IDNA A-label (xn--) form of a UTF-8 domain',
    run: wrap('utf8 (%s) to alabel', domainToAlabel),
  },
  {
    name: 'utf8_domain_from_alabel',
    doc: '${utf8_domain_from_alabel:<domain>}: UTF-8 form of a domain with xn-- labels',
    run: wrap('alabel (%s) to utf8', domainFromAlabel),
  },
  {
    name: 'utf8_localpart_to_alabel',
    doc: '${utf8_localpart_to_alabel:<local part>}: xn-- punycode form of a UTF-8 local part',
    run: wrap('utf8 (%s) to alabel', localpartToAlabel),
  },
  {
    name: 'utf8_localpart_from_alabel', keepsTaint: false,
    doc: '${utf8_localpart_from_alabel:<local part>}: UTF-8 form of an xn-- local part',
    run: wrap('alabel (%s) to utf8', (s) => {
      if (!s.startsWith('xn--')) throw new ExpandError('bad alabel prefix');
      return labelFromAlabel(s);
    }),
  },
];
