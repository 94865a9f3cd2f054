// The headers of a MIME part that set $mime_* variables, and their
// parameters: name=, filename=, charset=, boundary= (RFC 2047 words decoded,
// no charset translation) and RFC 2231 filename*= pieces. The RFC 2231 part
// follows Debian's 4.96 (the CVE-2024-39929 fix): every filename*N piece
// counts, a piece without quote marks is all name, and it wins over name=.
import { decode2047 } from '../../lang/util/rfc2047.js';

/** the per-part variables (unset: undefined), as mime_vars_reset() leaves them */
export interface PartVars {
  content_type?: string;
  content_disposition?: string;
  content_transfer_encoding?: string;
  content_id?: string;
  content_description?: string;
  filename?: string;
  charset?: string;
  boundary?: string;
}

const HEADERS: [string, keyof PartVars][] = [
  ['content-type:', 'content_type'],
  ['content-disposition:', 'content_disposition'],
  ['content-transfer-encoding:', 'content_transfer_encoding'],
  ['content-id:', 'content_id'],
  ['content-description:', 'content_description'],
];

const PARAMS: [string, keyof PartVars][] = [
  ['name=', 'filename'], ['filename=', 'filename'], ['charset=', 'charset'], ['boundary=', 'boundary'],
];

const startsCaseless = (s: string, at: number, prefix: string) =>
  s.slice(at, at + prefix.length).toLowerCase() === prefix;

/** A-Z to a-z only, as the C locale's tolower() */
const lowerAscii = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

/** mime_param_val(): a value up to an unquoted ";" with its quotes removed; returns it and the new position */
function paramValue(s: string, p: number): [string, number] {
  let val = '';
  while (p < s.length && s[p] !== ';') {
    if (s[p] === '"') {
      p++;
      while (p < s.length && s[p] !== '"') val += s[p++];
      if (p < s.length) p++;
    } else val += s[p++];
  }
  return [val, p];
}

/** mime_next_semicolon() */
function nextSemicolon(s: string, p: number): number {
  while (p < s.length && s[p] !== ';') {
    if (s[p] === '"') {
      p++;
      while (p < s.length && s[p] !== '"') p++;
      if (p < s.length) p++;
    } else p++;
  }
  return p;
}

/** rfc2231_to_2047(): %XX escapes to a Q-encoded word */
function rfc2231To2047(fname: string, charset: string | undefined): string {
  const hex = /^[0-9A-Fa-f]{2}/;
  let v = `=?${charset ?? ''}?Q?`;
  for (let i = 0; i < fname.length;) {
    if (fname[i] === '%' && hex.test(fname.slice(i + 1, i + 3))) {
      v += `=${fname.slice(i + 1, i + 3)}`;
      i += 3;
    } else v += fname[i++];
  }
  return `${v}?=`;
}

/** apply one header (as readMimeHeader gives it) to the part's variables */
export function applyMimeHeader(header: string, vars: PartVars, lencheck: boolean): void {
  for (const [name, key] of HEADERS) {
    if (!startsCaseless(header, 0, name)) continue;
    let p = name.length;
    let q = p;
    while (q < header.length && header[q] !== ';') q++;
    vars[key] = lowerAscii(header.slice(p, q));
    p = q;
    if (p < header.length) p++;
    const disposition = startsCaseless(header, 0, 'content-disposition:');
    let fname: string | undefined;
    let raw2231: string | undefined;
    let charset: string | undefined;
    let failed = false;
    while (p < header.length) {
      if (disposition && startsCaseless(header, p, 'filename*')) {
        p += 9;
        while (p < header.length && header[p] !== '=') p++;
        if (p < header.length) p++;
        let val;
        [val, p] = paramValue(header, p);
        if (val) {
          raw2231 = (raw2231 ?? '') + val;
          if (!failed) {
            let name = val;
            if (charset === undefined) {
              const quote = val.indexOf("'");
              if (quote >= 0) {
                if (quote > 0) charset = val.slice(0, quote);
                let f = quote + 1;
                while (val[f] === "'") f++;
                name = val.slice(f);
              }
            }
            const word = rfc2231To2047(name, charset);
            const plain = decode2047(word, false, undefined, 32).value;
            if (plain.length === word.length) failed = true;
            else vars.filename = fname = (fname ?? '') + plain;
          }
        }
      } else {
        for (const [pname, pkey] of PARAMS) {
          if (!startsCaseless(header, p, pname)) continue;
          let val;
          [val, p] = paramValue(header, p + pname.length);
          vars[pkey] = val ? decode2047(val, lencheck, undefined, 32).value : undefined;
          break;
        }
      }
      p = nextSemicolon(header, p);
      if (p < header.length) p++;
    }
    if (disposition && failed) vars.filename = raw2231;
  }
}
