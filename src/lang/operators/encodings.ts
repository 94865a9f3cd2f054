// Number and byte encodings: base32/62/64 both ways, hex2b64, hexquote, escape, escape8bit.
import { ExpandError, type OperatorEntry } from '../expand-api.js';
import { strtoull } from '../util/integer.js';
import { b64decode, b64encode } from '../util/base64.js';
import { stringPrinting } from '../util/printing.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** C strings end at NUL */
const cstr = (s: string) => { const i = s.indexOf('\0'); return i < 0 ? s : s.slice(0, i); };

function decimalArg(arg: string, op: string): bigint {
  const r = strtoull(arg);
  if (r === undefined) throw new ExpandError(`argument for ${op} operator is "${arg}", which is not a decimal number`);
  return r;
}

/** a number written in the digits of `alphabet`, as a signed 64-bit decimal */
function decodeDigits(arg: string, alphabet: string, op: string, what: string): string {
  let n = 0n;
  const base = BigInt(alphabet.length);
  for (const ch of arg) {
    const i = alphabet.indexOf(ch);
    if (i < 0) throw new ExpandError(`argument for ${op} operator is "${arg}", which is not a ${what} number`);
    n = BigInt.asUintN(64, n * base + BigInt(i));
  }
  return String(BigInt.asIntN(64, n));
}

// Results that Exim formats afresh (numbers, digests, addresses) are untainted (keepsTaint: false)
export const encodingOperators: OperatorEntry[] = [
  {
    name: 'base32', keepsTaint: false,
    doc: '${base32:<number>}: the number in base 32 (a-z2-7)',
    run(arg) {
      let n = decimalArg(arg, 'base32');
      let out = '';
      for (; n; n >>= 5n) out = BASE32[Number(n & 31n)] + out;
      return out;
    },
  },
  {
    name: 'base32d', keepsTaint: false,
    doc: '${base32d:<base32 string>}: the number it encodes, in decimal',
    run: (arg) => decodeDigits(arg, BASE32, 'base32d', 'base 32'),
  },
  {
    name: 'base62', keepsTaint: false,
    doc: '${base62:<number>}: the number in base 62, always 6 characters',
    run(arg) {
      let n = decimalArg(arg, 'base62');
      let out = '';
      for (let i = 0; i < 6; i++) { out = BASE62[Number(n % 62n)] + out; n /= 62n; }
      return out;
    },
  },
  {
    name: 'base62d', keepsTaint: false,
    doc: '${base62d:<base62 string>}: the number it encodes, in decimal',
    run: (arg) => decodeDigits(arg, BASE62, 'base62d', 'base 62'),
  },
  {
    name: 'base64', certArg: true,
    doc: '${base64:<string>}: base64 encoding of the bytes',
    // a certificate variable without a certificate: the text read, its name
    run: (arg, _s, _ev, node) => b64encode(node.certVar ?? arg),
  },
  {
    name: 'str2b64',
    doc: '${str2b64:<string>}: base64 encoding (old name of base64)',
    run: (arg) => b64encode(arg),
  },
  {
    name: 'base64d',
    doc: '${base64d:<string>}: decode base64',
    run(arg, _s, _ev, node) {
      const r = b64decode(arg);
      if (r === undefined) throw new ExpandError(`string "${arg}" is not well-formed for "${node.name}" operator`);
      return cstr(r);
    },
  },
  {
    name: 'hex2b64',
    doc: '${hex2b64:<hex string>}: the bytes the hex gives, in base64',
    run(arg) {
      if (!/^[0-9a-fA-F]*$/.test(arg)) throw new ExpandError(`"${arg}" is not a hex string`);
      if (arg.length & 1) throw new ExpandError(`"${arg}" contains an odd number of characters`);
      return Buffer.from(arg, 'hex').toString('base64');
    },
  },
  {
    name: 'hexquote',
    doc: '${hexquote:<string>}: bytes outside 0x21..0x7e as \\xNN',
    run: (arg) => arg.replace(/[^\x21-\x7e]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0')),
  },
  {
    name: 'escape',
    doc: '${escape:<string>}: non-printing bytes as C escapes',
    run: (arg, _s, ev) => stringPrinting(arg, false, ev.ctx.config?.options?.get('print_topbitchars') === 'true'),
  },
  {
    name: 'escape8bit',
    doc: '${escape8bit:<string>}: bytes >= 127 and backslash as \\ooo',
    run: (arg) => arg.replace(/[\\\x7f-\xff]/g, (c) => '\\' + c.charCodeAt(0).toString(8).padStart(3, '0')),
  },
];
