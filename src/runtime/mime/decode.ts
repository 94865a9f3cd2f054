// The part decoders of mime_decode(): as-is, quoted-printable and base64, each
// reading lines (fgets of 32k) from the part's start to its boundary, with
// Exim's handling of broken input (the anomaly level and text).
import { cstr, fgetsAt, isBoundaryLine } from '../../lang/acl/mime.js';

/** MIME_MAX_LINE_LENGTH */
const LINE = 32768;

export const ANOMALY = {
  qp: { level: 1, text: 'Broken Quoted-Printable encoding detected' },
  base64: { level: 2, text: 'Broken BASE64 encoding detected' },
} as const;

export interface Decoded {
  data: string;
  anomaly?: { level: number; text: string };
}

/** the part's lines (C strings: cut at a NUL), up to the boundary */
function* lines(text: string, pos: number, boundary: string | undefined): Generator<string> {
  for (let line = fgetsAt(text, pos, LINE); line !== undefined; line = fgetsAt(text, pos, LINE)) {
    pos += line.length;
    if (boundary !== undefined && isBoundaryLine(line, boundary)) return;
    yield cstr(line);
  }
}

function asis(text: string, pos: number, boundary: string | undefined): Decoded {
  let data = '';
  for (const l of lines(text, pos, boundary)) data += l;
  return { data };
}

const isHex = (c: string | undefined) => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

function qp(text: string, pos: number, boundary: string | undefined): Decoded {
  const out: string[] = [];
  let anomaly: Decoded['anomaly'];
  for (const l of lines(text, pos, boundary)) {
    let i = 0;
    let line = '';
    while (i < l.length) {
      if (l[i] !== '=') { line += l[i++]; continue; }
      if (isHex(l[i + 1]) && isHex(l[i + 2])) {
        line += String.fromCharCode(parseInt(l.slice(i + 1, i + 3), 16));
        i += 3;
        continue;
      }
      let k = i + 1;
      while (l[k] === '\t' || l[k] === ' ' || l[k] === '\r') k++;
      if (l[k] === '\n') break; // a soft line break
      anomaly = ANOMALY.qp;
      line += '=';
      i++;
    }
    out.push(line);
  }
  return { data: out.join(''), anomaly };
}

/** mime_b64[]: the value of a base64 character, 128 for others */
const B64 = new Uint8Array(256).fill(128);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries()) B64[c.charCodeAt(0)] = i;

function base64(text: string, pos: number, boundary: string | undefined): Decoded {
  // the C decoder's output buffer, kept from line to line: an incomplete byte carries over in its first slot
  const obuf = new Uint8Array(LINE);
  let opos = 0;
  let state = 0;
  let anomaly: Decoded['anomaly'];
  const out: string[] = [];
  for (const l of lines(text, pos, boundary)) {
    for (let i = 0; i < l.length && l[i] !== '\r' && l[i] !== '\n'; i++) {
      const c = l.charCodeAt(i);
      if (c === 61) { state++; continue; }
      const v = B64[c]!;
      if (v === 128) { anomaly = ANOMALY.base64; continue; }
      switch ((state++) & 3) {
        case 0: obuf[opos] = v << 2; break;
        case 1: obuf[opos++] |= v >> 4; obuf[opos] = v << 4; break;
        case 2: obuf[opos++] |= v >> 2; obuf[opos] = v << 6; break;
        case 3: obuf[opos++] |= v; break;
      }
    }
    if (opos > 0) {
      out.push(String.fromCharCode(...obuf.subarray(0, opos)));
      if ((state & 3) !== 0) obuf[0] = obuf[opos]!;
      opos = 0;
    }
  }
  if (state & 3) out.push(String.fromCharCode(obuf[0]!));
  return { data: out.join(''), anomaly };
}

/** decode the part at `pos` by its $mime_content_transfer_encoding (unknown ones as they are) */
export function decodePart(text: string, pos: number, boundary: string | undefined, encoding: string | undefined): Decoded {
  if (encoding === 'base64') return base64(text, pos, boundary);
  if (encoding === 'quoted-printable') return qp(text, pos, boundary);
  return asis(text, pos, boundary);
}
