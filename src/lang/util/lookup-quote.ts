// Each lookup type's quoting function, as ${quote_<type>:} and taint checks use
// them. null: the type exists but has no quote function (the text is unchanged).
// A returned undefined means the option is not recognised.
type Quoter = ((s: string, opt?: string) => string | undefined) | null;

const noOpt = (f: (s: string) => string): Quoter => (s, opt) => (opt === undefined ? f(s) : undefined);

/** mysql: backslash before \n \t \r \b ' " \\ (as the C escapes) */
function mysqlQuote(s: string): string {
  let out = '';
  for (const c of s) {
    switch (c) {
      case '\n': out += '\\n'; break;
      case '\t': out += '\\t'; break;
      case '\r': out += '\\r'; break;
      case '\b': out += '\\b'; break;
      case "'": case '"': case '\\': out += '\\' + c; break;
      default: out += c;
    }
  }
  return out;
}

/** pgsql: ' doubled, the others backslashed */
function pgsqlQuote(s: string): string {
  let out = '';
  for (const c of s) {
    switch (c) {
      case '\n': out += '\\n'; break;
      case '\t': out += '\\t'; break;
      case '\r': out += '\\r'; break;
      case '\b': out += '\\b'; break;
      case "'": out += "''"; break;
      case '"': case '\\': out += '\\' + c; break;
      default: out += c;
    }
  }
  return out;
}

export const lookupQuoters: ReadonlyMap<string, Quoter> = new Map<string, Quoter>([
  ['cdb', null], ['dbm', null], ['dbmjz', null], ['dbmnz', null], ['dnsdb', null], ['dsearch', null],
  ['iplsearch', null], ['lsearch', null], ['nwildlsearch', null], ['wildlsearch', null],
  ['passwd', null], ['nis', null], ['nis0', null], ['readsock', null], ['spf', null], ['testdb', null],
  ['json', null], ['lmdb', null],
  ['mysql', noOpt(mysqlQuote)],
  ['pgsql', noOpt(pgsqlQuote)],
  // sqlite: ' doubled
  ['sqlite', noOpt((s) => s.replace(/'/g, "''"))],
  // redis: backslash before white space and backslash
  ['redis', noOpt((s) => s.replace(/[\s\\]/g, '\\$&'))],
  // ldap quoting is for the LDAP lookup, which this build does not have
]);
