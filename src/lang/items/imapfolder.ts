// ${imapfolder{<name>}{<sep>}{<specials>}}: a mailbox name in IMAP's modified
// UTF-7 (RFC 3501), the hierarchy separator turned into '.'.
import { ExpandError, skippedText, type ItemEntry } from '../expand-api.js';
import { cstr } from './common.js';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,';

/** imap_utf7_encode(): the encoded name, or Exim's error */
export function imapUtf7Encode(input: string, charset: string, sep: string, specials: string): string {
  let start = 0;
  let s = 0;
  for (; s < input.length; s++) {
    // leading separators are dropped
    if (s === start && input[s] === sep) start++;
    const c = input.charCodeAt(s);
    if (c >= 0x7f || c < 0x20 || './&'.includes(input[s]!) || input[s] === sep || specials.includes(input[s]!)) break;
  }
  if (s >= input.length) return input.slice(start);
  let text: string;
  try {
    text = new TextDecoder(charset.toLowerCase(), { fatal: true }).decode(Buffer.from(input.slice(start), 'latin1'));
  } catch (e) {
    if (e instanceof RangeError) {
      throw new ExpandError(`imapfolder: iconv_open("UTF-16BE", "${charset}") failed: Invalid argument (maybe unsupported conversion)`);
    }
    throw new ExpandError(`imapfolder: iconv() failed to convert from ${charset}: Invalid or incomplete multibyte or wide character`);
  }
  let out = '';
  let b64 = false;
  let i = 0;
  let c = 0;
  let lastSep = false;
  const flush = () => {
    if (i === 1) out += B64[c << 4];
    else if (i === 2) out += B64[c << 2];
    out += '-';
    b64 = false;
  };
  for (let k = 0; k < text.length; k++) {
    const unit = text.charCodeAt(k);
    const hi = unit >> 8;
    const lo = unit & 0xff;
    const ch = String.fromCharCode(lo);
    if (hi !== 0 || lo >= 0x7f || lo < 0x20 || (specials.includes(ch) && ch !== sep)) {
      lastSep = false;
      if (!b64) { out += '&'; b64 = true; i = 0; }
      for (const octet of [hi, lo]) {
        switch (i++) {
          case 0: out += B64[(octet >> 2) & 0x3f]; c = octet & 0x03; break;
          case 1: out += B64[(c << 4) | ((octet >> 4) & 0x0f)]; c = octet & 0x0f; break;
          default: out += B64[(c << 2) | ((octet >> 6) & 0x03)] + B64[octet & 0x3f]; i = 0;
        }
      }
    } else if ((ch !== '.' && ch !== '/') || ch === sep) {
      if (b64) flush();
      if (ch === sep) {
        if (!lastSep) { out += '.'; lastSep = true; }
      } else {
        out += ch === '&' ? '&-' : ch;
        lastSep = false;
      }
    } else {
      throw new ExpandError(`imapfolder: illegal character '${ch}'`);
    }
  }
  if (b64) flush();
  return out.endsWith('.') ? out.slice(0, -1) : out;
}

const separatorError = (sep: string) => `IMAP folder separator must be one character, found "${sep}"`;

export const imapfolderItem: ItemEntry = {
  name: 'imapfolder',
  doc: '${imapfolder{<name>}{<separator>}{<specials>}}: the folder name in IMAP modified UTF-7 (separator default "/")',
  asRead: true,
  parse(p, name) {
    const args = p.readSubs(3, 1, true, name);
    // Exim checks the separator even while skipping, on its skipped text
    const sep = args[1] && cstr(skippedText(args[1]));
    if (sep !== undefined && sep.length !== 1) p.skipFailure(separatorError(sep));
    return { args };
  },
  run(node, ev) {
    const [name, sepArg, specials] = node.args.map((a) => cstr(ev.str(a)));
    let sep = '/';
    let spec = '';
    if (sepArg !== undefined) {
      if (sepArg.length !== 1) throw new ExpandError(separatorError(sepArg));
      sep = sepArg;
      spec = specials ?? '';
    }
    const charset: string = ev.ctx.headersCharset ?? 'UTF-8';
    return imapUtf7Encode(name!, charset, sep, spec);
  },
};
