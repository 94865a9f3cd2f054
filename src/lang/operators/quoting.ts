// Quoting: quote, quote_local_part, rxquote, and quote_<lookup type>.
import { ExpandError, type OperatorEntry } from '../expand-api.js';
import { lookupQuoters } from '../util/lookup-quote.js';

const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);

function quoteBody(s: string): string {
  let out = '"';
  for (const c of s) {
    if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else out += (c === '\\' || c === '"' ? '\\' : '') + c;
  }
  return out + '"';
}

function quoteLocalPartNeeded(s: string): boolean {
  if (!s) return true;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (!isAlnum(c) && !"!#$%&'*+-/=?^_`{|}~".includes(c) && (c !== '.' || i === 0 || i === s.length - 1)) return true;
  }
  return false;
}

export const quotingOperators: OperatorEntry[] = [
  {
    name: 'quote',
    doc: '${quote:<string>}: in double quotes unless only alphanumerics, _ - . ; ${quote_<lookup>:} quotes for that lookup',
    run(arg, suffix) {
      if (!suffix) return !arg || /[^A-Za-z0-9_.-]/.test(arg) ? quoteBody(arg) : arg;
      // quote_<type>[_<option>]
      const rest = suffix.slice(1);
      const cut = rest.indexOf('_');
      const type = cut < 0 ? rest : rest.slice(0, cut);
      const opt = cut < 0 ? undefined : rest.slice(cut + 1);
      const q = lookupQuoters.get(type);
      if (q === undefined) throw new ExpandError(`unknown lookup type "${type}"`);
      const r = q ? q(arg, opt) : opt === undefined ? arg : undefined;
      if (r === undefined) throw new ExpandError(`"${opt}" unrecognized after "\${quote_${type}"`);
      return r;
    },
  },
  {
    name: 'quote_local_part',
    doc: '${quote_local_part:<string>}: quoted if RFC 5321 needs it for a local part',
    run: (arg) => (quoteLocalPartNeeded(arg) ? quoteBody(arg) : arg),
  },
  {
    name: 'rxquote',
    doc: '${rxquote:<string>}: backslash before every non-alphanumeric, for use in a regex',
    run: (arg) => arg.replace(/[^A-Za-z0-9]/g, '\\$&'),
  },
];
