// Base64 as Exim's base64.c does it: b64decode() is strict about padding and
// lets white space stand anywhere.
import { isSpace } from './ctype.js';

export const b64encode = (s: string) => Buffer.from(s, 'latin1').toString('base64');

/** b64decode(): Exim's strict decoder (white space allowed anywhere); undefined if malformed */
export function b64decode(code: string): string | undefined {
  const dec = (c: string | undefined) => {
    if (c === undefined) return 255;
    const i = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.indexOf(c);
    return i < 0 ? 255 : i;
  };
  let i = 0;
  const next = () => { while (i < code.length && isSpace(code[i]!)) i++; return code[i++]; };
  let out = '';
  while (i < code.length) {
    const c0 = code[i++]!;
    if (isSpace(c0)) continue;
    const x = dec(c0);
    if (x === 255) return undefined;
    const y = dec(next());
    if (y === 255) return undefined;
    out += String.fromCharCode(((x << 2) | (y >> 4)) & 0xff);
    const c2 = next();
    if (c2 === '=') {
      if (next() !== '=') return undefined;
      if (next() !== undefined) return undefined;
      break;
    }
    const x2 = dec(c2);
    if (x2 === 255) return undefined;
    out += String.fromCharCode(((y << 4) | (x2 >> 2)) & 0xff);
    const c3 = next();
    if (c3 === '=') {
      if (next() !== undefined) return undefined;
      break;
    }
    const y2 = dec(c3);
    if (y2 === 255) return undefined;
    out += String.fromCharCode(((x2 << 6) | y2) & 0xff);
  }
  return out;
}

