// rfc2047 and rfc2047d: encoded words for header text.
import { ExpandError, type OperatorEntry } from '../expand-api.js';
import { decode2047, quote2047 } from '../util/rfc2047.js';

const headersCharset = (ctx: any): string => ctx.config?.options?.get('headers_charset') ?? 'UTF-8';

export const rfc2047Operators: OperatorEntry[] = [
  {
    name: 'rfc2047',
    doc: '${rfc2047:<string>}: an RFC 2047 encoded word (Q encoding) if the text needs one',
    run: (arg, _s, ev) => quote2047(arg, headersCharset(ev.ctx)),
  },
  {
    name: 'rfc2047d',
    doc: '${rfc2047d:<string>}: decode RFC 2047 encoded words to headers_charset',
    run(arg, _s, ev) {
      const lencheck = ev.ctx.config?.options?.get('check_rfc2047_length') !== 'false';
      const r = decode2047(arg, lencheck, headersCharset(ev.ctx), '?'.charCodeAt(0));
      if (r.error) throw new ExpandError(r.error);
      return r.value;
    },
  },
];
