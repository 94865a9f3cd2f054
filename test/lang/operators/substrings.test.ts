// length_N, substr_N_M, hash_N_M, nhash_N_M and their short names:
// expectations recorded from exim 4.96 (exim -C spec/oracle/min.conf -be, one process per line).
import { describe, expect, it } from 'vitest';
import { oracleBe } from './oracle.js';

// [input, what exim printed after "> "]
const cases: [string, string][] = [
  ["${length_3:abcdef}", "abc"],
  ["${length_0:abc}", ""],
  ["${length_99:abc}", "abc"],
  ["${l_2:abc}", "ab"],
  ["${length_:abc}", ""],
  ["${length_x:abc}", "Failed: non-digit after underscore in \"length_x\""],
  ["${length_3x:abc}", "Failed: non-digit after underscore in \"length_3x\""],
  ["${length_3_:abc}", "Failed: non-digit after underscore in \"length_3_\""],
  ["${length_3_4:abc}", "Failed: non-digit after underscore in \"length_3_4\""],
  ["${length_-3:abc}", "Failed: non-digit after underscore in \"length_-3\""],
  ["${length_2147483648:abc}", "abc"],
  ["${length_4294967298:abcdef}", "ab"],
  ["${substr_1_2:abcdef}", "bc"],
  ["${substr_-2:abcdef}", "abcd"],
  ["${substr_-2_1:abcdef}", "e"],
  ["${substr_-10_3:abcdef}", ""],
  ["${substr_-10_5:abcdef}", "a"],
  ["${substr_10:abcdef}", ""],
  ["${substr_10_2:abcdef}", ""],
  ["${substr_2_:abcdef}", "Failed: non-digit after underscore in \"substr_2_\""],
  ["${substr__2:abcdef}", "Failed: non-digit after underscore in \"substr__2\""],
  ["${substr_2__3:abcdef}", "Failed: non-digit after underscore in \"substr_2__3\""],
  ["${substr_-:abcdef}", "abcdef"],
  ["${substr_--1:abcdef}", "Failed: non-digit after underscore in \"substr_--1\""],
  ["${substr_1_-1:abcdef}", "Failed: non-digit after underscore in \"substr_1_-1\""],
  ["${s_0_0:abc}", ""],
  ["${s_3:\u00fc}", ""],
  ["${substr_1_1:\u00fc}", "\udcbc"],
  ["${substr_4294967297_1:abcdef}", "b"],
  ["${substr_2147483647_1:abcdef}", ""],
  ["${substr_2147483648_1:abcdef}", ""],
  ["${substr_1_2147483648:abcdef}", "bcdef"],
  ["${hash_3:abcdefgh}", "jac"],
  ["${hash_3_10:abcdefgh}", "bga"],
  ["${hash_3_62:abcdefgh}", "fGt"],
  ["${hash_3_63:abcdefgh}", "Failed: hash count \"63\" too big"],
  ["${hash_10:abc}", "abc"],
  ["${hash_3:abc}", "abc"],
  ["${hash_0:abc}", ""],
  ["${hash_:abc}", ""],
  ["${hash_x:abc}", "Failed: non-digit after underscore in \"hash_x\""],
  ["${h_5:hello world}", "njbjt"],
  ["${h_5_5:hello world}", "cedab"],
  ["${hash_-1:abc}", "Failed: non-digit after underscore in \"hash_-1\""],
  ["${hash_3:\u00fc\u65e5\u672c\u8a9e}", "emf"],
  ["${hash_4_36:The quick brown fox}", "pnyB"],
  ["${nhash_8:hello}", "4"],
  ["${nhash_8_4:hello}", "3/0"],
  ["${nhash_100:}", "0"],
  ["${nhash_1000000:a very long string that goes on and on and on and on and on and on and on and on}", "415660"],
  ["${nh_3:abc}", "1"],
  ["${nhash_x:abc}", "Failed: non-digit after underscore in \"nhash_x\""],
  ["${nhash_4294967295:hello}", "56652"],
  ["${nhash_2147483647:Gr\u00fc\u00dfe}", "104785"],
  ["${nhash_3_4_5:abc}", "Failed: non-digit after underscore in \"nhash_3_4_5\""],
  ["${hash_3_4_5:abc}", "Failed: non-digit after underscore in \"hash_3_4_5\""],
  ["${substr_1_2_3:abc}", "Failed: non-digit after underscore in \"substr_1_2_3\""],
  ["${nhash_4294967290_3:hello}", "18884/0"],
  ["${nhash_5_4294967295:hello}", "2"],
  ["${nhash_3000000000_2:hello}", "28326/0"],
  ["${nhash_2147483648:hello}", "56652"],
  ["${hash_3_4294967295:abcdefgh}", "jac"],
  ["${hash_3_2147483648:abcdefgh}", "jac"],
  ["${hash_3_0:ab}", "ab"],
  ["${s_2147483648_2147483648:Gr\u00fc\u00dfe}", "Gr\u00fc\u00dfe"],
  ["${substr_2147483648_2147483648:x}", "x"],
  ["${substr_-2147483648_5:abc}", ""],
];

describe('operators: length_N, substr_N_M, hash_N_M, nhash_N_M and their short names', () => {
  it.each(cases)('%s', (input, exim) => {
    expect(oracleBe(input)).toBe(exim);
  });

  // Exim divides by zero here and dies of SIGFPE (exim -be prints nothing more); we fail instead.
  const crashers: [string, string][] = [
    ["${hash_3_0:abcdefgh}", "Failed: hash: division by zero"],
    ["${nhash_0:hello}", "Failed: nhash: division by zero"],
    ["${nhash_0_5:hello}", "Failed: nhash: division by zero"],
    ["${nhash_5_0:hello}", "Failed: nhash: division by zero"],
    ["${nhash_:abc}", "Failed: nhash: division by zero"],
    ["${nhash_65536_65536:hello}", "Failed: nhash: division by zero"],
  ];
  it.each(crashers)('%s', (input, ours) => {
    expect(oracleBe(input)).toBe(ours);
  });
});
