// Every item, operator and condition of Exim 4.96's tables (expand.c item_table,
// op_table_*, cond_table) has an entry with a doc line, and the vectors use it.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { items } from '../../src/lang/items/index.js';
import { operators } from '../../src/lang/operators/index.js';
import { conditions } from '../../src/lang/conditions/index.js';

const ITEMS = ["acl", "authresults", "certextract", "dlfunc", "env", "extract", "filter", "hash", "hmac", "if", "imapfolder", "length", "listextract", "listquote", "lookup", "map", "nhash", "perl", "prvs", "prvscheck", "readfile", "readsocket", "reduce", "run", "sg", "sort", "srs_encode", "substr", "tr"];
const OPERATORS = ["from_utf8", "local_part", "quote_local_part", "reverse_ip", "time_eval", "time_interval", "utf8_domain_from_alabel", "utf8_domain_to_alabel", "utf8_localpart_from_alabel", "utf8_localpart_to_alabel", "address", "addresses", "base32", "base32d", "base62", "base62d", "base64", "base64d", "domain", "escape", "escape8bit", "eval", "eval10", "expand", "h", "hash", "hex2b64", "hexquote", "ipv6denorm", "ipv6norm", "l", "lc", "length", "listcount", "listnamed", "mask", "md5", "nh", "nhash", "quote", "randint", "rfc2047", "rfc2047d", "rxquote", "s", "sha1", "sha2", "sha256", "sha3", "stat", "str2b64", "strlen", "substr", "uc", "utf8clean"];
const CONDITIONS = ["<", "<=", "=", "==", ">", ">=", "acl", "and", "bool", "bool_lax", "crypteq", "def", "eq", "eqi", "exists", "first_delivery", "forall", "forall_json", "forall_jsons", "forany", "forany_json", "forany_jsons", "ge", "gei", "gt", "gti", "inbound_srs", "inlist", "inlisti", "isip", "isip4", "isip6", "ldapauth", "le", "lei", "lt", "lti", "match", "match_address", "match_domain", "match_ip", "match_local_part", "or", "pam", "pwcheck", "queue_running", "radius", "saslauthd"];

const vecDir = resolve(__dirname, '../../spec/expand/vectors');
const vectors = readdirSync(vecDir).map((f) => readFileSync(join(vecDir, f), 'utf8')).join('\n');

describe('language tables', () => {
  it.each(ITEMS)('item %s has an entry, a doc line and vectors', (n) => {
    expect(items.get(n)?.doc).toMatch(/\S/);
    expect(vectors.includes(`\${${n}`)).toBe(true);
  });
  it.each(OPERATORS)('operator %s has an entry, a doc line and vectors', (n) => {
    expect(operators.get(n)?.doc).toMatch(/\S/);
    expect(vectors.includes(`\${${n}`)).toBe(true);
  });
  it.each(CONDITIONS)('condition %s has an entry, a doc line and vectors', (n) => {
    expect(conditions.get(n)?.doc).toMatch(/\S/);
    expect(vectors.includes(`${n}{`) || vectors.includes(`${n}:`) || vectors.includes(`${n} {`)).toBe(true);
  });
});
