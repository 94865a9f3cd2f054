// Operators under options that change them (test/lang/operators/options.conf): print_topbitchars,
// headers_charset = ISO-8859-1, check_rfc2047_length = false, allow_domain_literals,
// strip_excess_angle_brackets. Expectations recorded with exim -C options.conf -be (Exim 4.96).
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { oracleBe } from './oracle.js';

const conf = resolve(__dirname, 'options.conf');

const cases: [string, string][] = [
  ["${escape:\u00fc\u0001\udcff\u007f\udc80}", "\u00fc\\001\udcff\\177\udc80"],
  ["${escape:a\\tb}", "a\tb"],
  ["${escape8bit:\u00fc}", "\\303\\274"],
  ["${rfc2047:Gr\u00fc\u00dfe}", "=?ISO-8859-1?Q?Gr=C3=BC=C3=9Fe?="],
  ["${rfc2047:abc}", "abc"],
  ["${rfc2047:\udcfcber}", "=?ISO-8859-1?Q?=FCber?="],
  ["${rfc2047d:=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=}", "Gr\udcfc\udcdfe"],
  ["${rfc2047d:=?UTF-8?Q?=E2=82=AC?=}", "\u20ac"],
  ["${rfc2047d:=?UTF-8?Q?a=E2=82=ACb?=}", "a\u20acb"],
  ["${rfc2047d:=?ISO-8859-1?Q?Gr=FC=DFe?=}", "Gr\udcfc\udcdfe"],
  ["${rfc2047d:=?windows-1252?Q?=80?=}", "\udc80"],
  ["${rfc2047d:=?UTF-8?Q?aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa?=}", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"],
  ["${address:a@[1.2.3.4]}", "a@[1.2.3.4]"],
  ["${address:a@[IPv6:::1]}", "a@[IPv6:::1]"],
  ["${address:a@[x]}", "a@[x]"],
  ["${address:a@[300.1.1.1]}", "a@[300.1.1.1]"],
  ["${domain:a@[1.2.3.4]}", "[1.2.3.4]"],
  ["${address:<<a@b>>}", "a@b"],
  ["${address:<<<<<<a@b>>>>>>}", "a@b"],
  ["${address:<<<<<<<a@b>>>>>>>}", ""],
  ["${address:<<a@b>}", ""],
  ["${address:<a@b>>}", ""],
  ["${addresses:<<a@b>>, c@d}", "a@b:c@d"],
  ["${address:Name <<a@b>>}", "a@b"],
  ["${address:<<@r:a@b>>}", "a@b"],
];

describe('operators: with options set', () => {
  it.each(cases)('%s', (input, exim) => {
    expect(oracleBe(input, conf)).toBe(exim);
  });
});
