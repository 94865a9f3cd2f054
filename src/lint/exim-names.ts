// Names of Exim 4.96's expansion items, operators and conditions
// (from its item_table, op_table_* and cond_table). The linter uses them for
// hints, and to tell a real unknown name from one the expansion parser of
// exim-ts does not implement yet (then it cannot judge that string).
export const EXIM_ITEMS: readonly string[] = ["acl", "authresults", "certextract", "dlfunc", "env", "extract", "filter", "hash", "hmac", "if", "imapfolder", "length", "listextract", "listquote", "lookup", "map", "nhash", "perl", "prvs", "prvscheck", "readfile", "readsocket", "reduce", "run", "sg", "sort", "srs_encode", "substr", "tr"];
export const EXIM_OPERATORS: readonly string[] = ["from_utf8", "local_part", "quote_local_part", "reverse_ip", "time_eval", "time_interval", "utf8_domain_from_alabel", "utf8_domain_to_alabel", "utf8_localpart_from_alabel", "utf8_localpart_to_alabel", "address", "addresses", "base32", "base32d", "base62", "base62d", "base64", "base64d", "domain", "escape", "escape8bit", "eval", "eval10", "expand", "h", "hash", "hex2b64", "hexquote", "ipv6denorm", "ipv6norm", "l", "lc", "length", "listcount", "listnamed", "mask", "md5", "nh", "nhash", "quote", "randint", "rfc2047", "rfc2047d", "rxquote", "s", "sha1", "sha2", "sha256", "sha3", "stat", "str2b64", "strlen", "substr", "uc", "utf8clean"];
export const EXIM_CONDITIONS: readonly string[] = ["<", "<=", "=", "==", ">", ">=", "acl", "and", "bool", "bool_lax", "crypteq", "def", "eq", "eqi", "exists", "first_delivery", "forall", "forall_json", "forall_jsons", "forany", "forany_json", "forany_jsons", "ge", "gei", "gt", "gti", "inbound_srs", "inlist", "inlisti", "isip", "isip4", "isip6", "ldapauth", "le", "lei", "lt", "lti", "match", "match_address", "match_domain", "match_ip", "match_local_part", "or", "pam", "pwcheck", "queue_running", "radius", "saslauthd"];

/**
 * For an expansion error about an unknown name: 'unimplemented' if Exim 4.96
 * has that name (a gap of exim-ts, not of the config), else the name itself
 * (for hints), else undefined (another kind of error).
 */
export function unknownExpansionName(message: string): { kind: 'item' | 'operator' | 'condition'; name: string; exim: boolean } | undefined {
  let m = /^"\$\{([^"]*)" is not a known operator/.exec(message);
  if (m) return { kind: 'item', name: m[1]!, exim: EXIM_ITEMS.includes(m[1]!) };
  m = /^unknown expansion operator "([^"]*)"/.exec(message);
  if (m) {
    const base = m[1]!.replace(/_[0-9_-]*$/, '');
    return { kind: 'operator', name: m[1]!, exim: EXIM_OPERATORS.includes(m[1]!) || EXIM_OPERATORS.includes(base) };
  }
  m = /^unknown condition "([^"]*)"/.exec(message);
  if (m) return { kind: 'condition', name: m[1]!, exim: EXIM_CONDITIONS.includes(m[1]!) };
  return undefined;
}
