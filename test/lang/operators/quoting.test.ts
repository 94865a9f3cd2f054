// quote, quote_local_part, rxquote and quote_<lookup type>:
// expectations recorded from exim 4.96 (exim -C spec/oracle/min.conf -be, one process per line).
import { describe, expect, it } from 'vitest';
import { oracleBe } from './oracle.js';

// [input, what exim printed after "> "]
const cases: [string, string][] = [
  ["${quote:abc}", "abc"],
  ["${quote:}", "\"\""],
  ["${quote:a.b-c_d}", "a.b-c_d"],
  ["${quote:a b}", "\"a b\""],
  ["${quote:a\"b}", "\"a\\\"b\""],
  ["${quote:a\\\\b}", "\"a\\\\b\""],
  ["${quote:tab\\there}", "\"tab\there\""],
  ["${quote:new\\nline}", "\"new\\nline\""],
  ["${quote:cr\\rx}", "\"cr\\rx\""],
  ["${quote:\u00fc}", "\"\u00fc\""],
  ["${quote:a@b}", "\"a@b\""],
  ["${quote:a:b}", "\"a:b\""],
  ["${quote_local_part:abc}", "abc"],
  ["${quote_local_part:}", "\"\""],
  ["${quote_local_part:a.b}", "a.b"],
  ["${quote_local_part:.ab}", "\".ab\""],
  ["${quote_local_part:ab.}", "\"ab.\""],
  ["${quote_local_part:a..b}", "a..b"],
  ["${quote_local_part:a b}", "\"a b\""],
  ["${quote_local_part:a\"b}", "\"a\\\"b\""],
  ["${quote_local_part:!#$%&'*+-/=?^_`|~}", "Failed: $ not followed by letter, digit, or {"],
  ["${quote_local_part:a\\\\b}", "\"a\\\\b\""],
  ["${quote_local_part:a@b}", "\"a@b\""],
  ["${quote_local_part:\u00fc}", "\"\u00fc\""],
  ["${quote_local_part:a(b)}", "\"a(b)\""],
  ["${quote_local_part:a\\nb}", "\"a\\nb\""],
  ["${rxquote:a.b*c}", "a\\.b\\*c"],
  ["${rxquote:abc123}", "abc123"],
  ["${rxquote:}", ""],
  ["${rxquote:a b}", "a\\ b"],
  ["${rxquote:\u00fc}", "\\\udcc3\\\udcbc"],
  ["${rxquote:\\\\}", "\\\\"],
  ["${quote_lsearch:a b}", "a b"],
  ["${quote_lsearch_x:a b}", "Failed: \"x\" unrecognized after \"${quote_lsearch\""],
  ["${quote_lsearch_:a b}", "Failed: \"\" unrecognized after \"${quote_lsearch\""],
  ["${quote_:a}", "Failed: unknown lookup type \"\""],
  ["${quote_nosuch:a}", "Failed: unknown lookup type \"nosuch\""],
  ["${quote_mysql:it's \"x\" \\\\ \\n\\t}", "it\\'s \\\"x\\\" \\\\ \\n\\t"],
  ["${quote_mysql_:x}", "Failed: \"\" unrecognized after \"${quote_mysql\""],
  ["${quote_pgsql:it's \"x\" \\\\}", "it''s \\\"x\\\" \\\\"],
  ["${quote_pgsql_y:x}", "Failed: \"y\" unrecognized after \"${quote_pgsql\""],
  ["${quote_sqlite:it's 'x'}", "it''s ''x''"],
  ["${quote_sqlite_z:x}", "Failed: \"z\" unrecognized after \"${quote_sqlite\""],
  ["${quote_ldap:a(b)*c}", "a%5C28b%5C29%5C2Ac"],
  ["${quote_ldap:a\\\\b,c}", "a%5C5Cb%2Cc"],
  ["${quote_ldap:x[y]z}", "x%5By%5Dz"],
  ["${quote_ldap:a!$'-._()*+z}", "Failed: $ not followed by letter, digit, or {"],
  ["${quote_ldap:\u00fc}", "%C3%BC"],
  ["${quote_ldap_dn: a,b }", "%5C%20a%5C%2Cb%5C%20"],
  ["${quote_ldap_dn:#x#}", "%5C%23x%23"],
  ["${quote_ldap_dn:  }", "%5C%20%5C%20"],
  ["${quote_ldap_dn:a<b>c;d\"e\\\\f+g}", "a%5C%3Cb%5C%3Ec%5C%3Bd%5C%22e%5C%5Cf%5C+g"],
  ["${quote_ldap_dn:##a b}", "%5C%23%5C%23a%20b"],
  ["${quote_ldapdn:a(b)}", "a%5C28b%5C29"],
  ["${quote_ldapdn_dn:a,b}", "a%5C%2Cb"],
  ["${quote_ldapm:a*b}", "a%5C2Ab"],
  ["${quote_ldap_DN:a}", "Failed: \"DN\" unrecognized after \"${quote_ldap\""],
  ["${quote_dnsdb:a b}", "a b"],
  ["${quote_cdb:a}", "a"],
  ["${quote_dbm:a}", "a"],
  ["${quote_passwd:a b}", "a b"],
  ["${quote_readsock:a}", "a"],
  ["${quote_spf:a}", "a"],
  ["${quote_testdb:a}", "Failed: unknown lookup type \"testdb\""],
  ["${quote_json:a}", "Failed: unknown lookup type \"json\""],
  ["${quote_lmdb:a}", "Failed: unknown lookup type \"lmdb\""],
  ["${quote_nis0:a}", "a"],
  ["${quote_whoson:a}", "Failed: unknown lookup type \"whoson\""],
  ["${quote_LSEARCH:a}", "Failed: unknown lookup type \"LSEARCH\""],
  ["${quote_local_part:a\u007f}", "\"a\u007f\""],
  ["${quote:\udcff}", "\"\udcff\""],
];

describe('operators: quote, quote_local_part, rxquote and quote_<lookup type>', () => {
  it.each(cases)('%s', (input, exim) => {
    expect(oracleBe(input)).toBe(exim);
  });

  // Debian's exim has no redis lookup ("unknown lookup type"); exim-ts has, and quotes as
  // redis_quote() in src/src/lookups/redis.c: a backslash before white space and backslash.
  const redis: [string, string][] = [
    ["${quote_redis:a b\\tc}", "a\\ b\\\tc"],
    ["${quote_redis:a\\\\b}", "a\\\\b"],
    ["${quote_redis:a\udca0b}", "a\udca0b"],
    ["${quote_redis_x:a}", "Failed: \"x\" unrecognized after \"${quote_redis\""],
  ];
  it.each(redis)('%s', (input, want) => {
    expect(oracleBe(input)).toBe(want);
  });
});
