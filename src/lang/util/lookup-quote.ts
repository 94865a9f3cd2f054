// Each lookup type's quoting function, as ${quote_<type>:} and taint checks use
// them. null: the type exists but has no quote function (the text is unchanged).
// A returned undefined means the option is not recognised.
type Quoter = ((s: string, opt?: string) => string | undefined) | null;

const noOpt = (f: (s: string) => string): Quoter => (s, opt) => (opt === undefined ? f(s) : undefined);

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

export const lookupQuoters: ReadonlyMap<string, Quoter> = new Map<string, Quoter>([
  ['cdb', null], ['dbm', null], ['dbmjz', null], ['dbmnz', null], ['dnsdb', null], ['dsearch', null],
  ['iplsearch', null], ['lsearch', null], ['nwildlsearch', null], ['wildlsearch', null],
  ['passwd', null], ['nis', null], ['nis0', null], ['readsock', null], ['spf', null], ['testdb', null],
  ['json', null], ['lmdb', null],
  // mysql: backslash before \n \t \r \b ' " \\ ; pgsql the same but ' doubled
  ['mysql', noOpt((s) => sqlQuote(s, false))],
  ['pgsql', noOpt((s) => sqlQuote(s, true))],
  // sqlite: ' doubled
  ['sqlite', noOpt((s) => s.replace(/'/g, "''"))],
  // redis: backslash before white space and backslash
  ['redis', noOpt((s) => s.replace(/[\s\\]/g, '\\$&'))],
  // ldap quoting is for the LDAP lookup, which this build does not have
]);
