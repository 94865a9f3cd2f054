// Each lookup type's quoting function, as ${quote_<type>:} and taint checks use
// them. null: the type exists but has no quote function (the text is unchanged).
// A returned undefined means the option is not recognised.
//
// The types are those of Debian's exim4-daemon-heavy 4.96 (exim -bV "Lookups"),
// plus redis, which exim-ts supports although Debian's build leaves it out.
import { isSpace } from './ctype.js';
type Quoter = ((s: string, opt?: string) => string | undefined) | null;

const noOpt = (f: (s: string) => string): Quoter => (s, opt) => (opt === undefined ? f(s) : undefined);

const isAlnum = (c: string) => /^[A-Za-z0-9]$/.test(c);

/** backslash escapes for the SQL quoters; `quoteDoubling` doubles ' instead (pgsql) */
function sqlQuote(s: string, quoteDoubling: boolean): string {
  const named: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '"': '\\"', '\\': '\\\\' };
  let out = '';
  for (const c of s) {
    if (c === "'") out += quoteDoubling ? "''" : "\\'";
    else out += named[c] ?? c;
  }
  return out;
}

// LDAP: the value goes into an LDAP URL, so LDAP escapes (\XX) are themselves URL-encoded (%5C)
const LDAP_ALWAYS_LITERAL = "!$'-._";
const LDAP_URL_NONQUOTE = LDAP_ALWAYS_LITERAL + '()*+';
const LDAP_QUOTE = '*()\\';
const LDAP_DN_QUOTE = ',+"\\<>;';
const hex2 = (c: string) => c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');

function ldapQuote(s: string, opt?: string): string | undefined {
  if (opt !== undefined && opt !== 'dn') return undefined;
  let out = '';
  if (opt === undefined) {
    for (const c of s) {
      if (isAlnum(c)) out += c;
      else if (LDAP_QUOTE.includes(c)) out += '%5C' + hex2(c);
      else if (!LDAP_URL_NONQUOTE.includes(c)) out += '%' + hex2(c);
      else out += c;
    }
    return out;
  }
  // a DN: leading spaces and '#' and trailing spaces are escaped too
  let end = s.length;
  while (end > 0 && s[end - 1] === ' ') end--;
  let i = 0;
  for (; i < end && (s[i] === ' ' || s[i] === '#'); i++) out += '%5C%' + hex2(s[i]!);
  for (; i < end; i++) {
    const c = s[i]!;
    if (!isAlnum(c)) {
      if (LDAP_DN_QUOTE.includes(c)) out += '%5C';
      if (!LDAP_URL_NONQUOTE.includes(c)) { out += '%' + hex2(c); continue; }
    }
    out += c;
  }
  return out + '%5C%20'.repeat(s.length - end);
}

export const lookupQuoters: ReadonlyMap<string, Quoter> = new Map<string, Quoter>([
  ['cdb', null], ['dbm', null], ['dbmjz', null], ['dbmnz', null], ['dnsdb', null], ['dsearch', null],
  ['iplsearch', null], ['lsearch', null], ['nwildlsearch', null], ['wildlsearch', null],
  ['passwd', null], ['nis', null], ['nis0', null], ['readsock', null], ['spf', null],
  ['ldap', ldapQuote], ['ldapdn', ldapQuote], ['ldapm', ldapQuote],
  // mysql: backslash before \n \t \r \b ' " \\ ; pgsql the same but ' doubled
  ['mysql', noOpt((s) => sqlQuote(s, false))],
  ['pgsql', noOpt((s) => sqlQuote(s, true))],
  // sqlite: ' doubled
  ['sqlite', noOpt((s) => s.replace(/'/g, "''"))],
  // redis: backslash before white space and backslash
  ['redis', noOpt((s) => Array.from(s, (c) => (isSpace(c) || c === '\\' ? '\\' + c : c)).join(''))],
]);
