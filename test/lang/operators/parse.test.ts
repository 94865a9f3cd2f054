// operator names and suffixes, skipped branches, operators nested in each other:
// expectations recorded from exim 4.96 (exim -C spec/oracle/min.conf -be, one process per line).
import { describe, expect, it } from 'vitest';
import { oracleBe } from './oracle.js';

// [input, what exim printed after "> "]
const cases: [string, string][] = [
  ["${if eq{a}{b}{${length_x:abc}}{no}}", "no"],
  ["${if eq{a}{b}{${nosuchop:abc}}{no}}", "Failed: unknown expansion operator \"nosuchop\""],
  ["${if eq{a}{b}{${mask:abc}}{no}}", "no"],
  ["${if eq{a}{b}{${eval:1/0}}{no}}", "no"],
  ["${if eq{a}{b}{${quote_nosuch:abc}}{no}}", "no"],
  ["${if eq{a}{b}{${sha2_1:abc}}{no}}", "no"],
  ["${nosuchop:abc}", "Failed: unknown expansion operator \"nosuchop\""],
  ["${lc_:ABC}", "abc"],
  ["${uc_x_y:abc}", "ABC"],
  ["${length_1 :abc}", "Failed: \"${length_1\" is not a known operator (or a } is missing in a variable reference)"],
  ["${length_1: abc}", " "],
  ["${substr_1_2 :abcdef}", "Failed: \"${substr_1_2\" is not a known operator (or a } is missing in a variable reference)"],
  ["${md5 :abc}", "Failed: \"${md5\" is not a known operator (or a } is missing in a variable reference)"],
  ["${quote_local_part_x:abc}", "Failed: unknown lookup type \"local\""],
  ["${from_utf8_x:abc}", "Failed: unknown expansion operator \"from_utf8_x\""],
  ["${time_eval_x:1d}", "Failed: unknown expansion operator \"time_eval_x\""],
  ["${reverse_ip_x:1.2.3.4}", "Failed: unknown expansion operator \"reverse_ip_x\""],
  ["${local_part_x:a@b}", "Failed: unknown expansion operator \"local_part_x\""],
  ["${utf8clean_x:abc}", "abc"],
  ["${escape_:abc}", "abc"],
  ["${l:abc}", "Failed: missing values after l"],
  ["${s:abc}", "Failed: missing values after s"],
  ["${h:abc}", "Failed: missing values after h"],
  ["${nh:abc}", "Failed: missing values after nh"],
  ["${l_1:abc}", "a"],
  ["${lcx:ABC}", "Failed: unknown expansion operator \"lcx\""],
  ["${Lc:ABC}", "Failed: unknown expansion operator \"Lc\""],
  ["${lc:${uc:abc}}", "abc"],
  ["${lc:abc", "Failed: missing } at end of string"],
  ["${lc:{abc}}", "{abc}"],
  ["${lc:a}b}", "ab}"],
  ["${base32d:${base32:123456}}", "123456"],
  ["${base62d:${base62:123456}}", "123456"],
  ["${base64d:${base64:Gr\u00fc\u00dfe}}", "Gr\u00fc\u00dfe"],
  ["${expand:${quote:a b}}", "\"a b\""],
  ["${addresses:${listnamed:vips}}", ""],
  ["${hash_2:${md5:x}}", "zi"],
  ["${eval:${strlen:abcd}*${listcount:a:b}}", "8"],
  ["${quote_mysql:${base64d:J1wi}}", "\\'\\\\\\\""],
  ["${rxquote:${escape:a\\tb}}", "a\\\tb"],
  ["${sha1:${sha256:x}}", "A8D5347039AC5183C6D25A219B1A89586EB815E9"],
  ["${length_2:${from_utf8:Gr\u00fc\u00dfe}}", "Gr"],
  ["${nhash_10:${reverse_ip:::1}}", "7"],
  ["${mask:${ipv6denorm:::1}/127}", "0000.0000.0000.0000.0000.0000.0000.0000/127"],
  ["${ipv6norm:${ipv6denorm:2001:db8::}}", "2001:db8::"],
  ["${local_part:${quote_local_part:a b}@x}", "\"a b\""],
  ["${domain:${address:X <y@Z.example>}}", "Z.example"],
  ["${time_eval:${time_interval:123456}}", "123456"],
  ["${hexquote:${escape8bit:Gr\u00fc\u00dfe}}", "Gr\\303\\274\\303\\237e"],
  ["${utf8clean:${from_utf8:\u65e5\u672c}}", "__"],
  ["${strlen:${utf8_domain_to_alabel:\u65e5\u672c\u8a9e.jp}}", "17"],
  ["${uc:${utf8_domain_from_alabel:xn--wgv71a119e.jp}}", "\u65e5\u672c\u8a9e.JP"],
];

describe('operators: operator names and suffixes, skipped branches, operators nested in each other', () => {
  it.each(cases)('%s', (input, exim) => {
    expect(oracleBe(input)).toBe(exim);
  });
});
