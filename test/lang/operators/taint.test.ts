// Which operator results are tainted when the argument is: Exim builds some results afresh
// (numbers, digests, formatted IP addresses), which are then clean. Recorded from
// exim -C spec/oracle/min.conf -bem taint-message.txt (header values are tainted): a tainted
// file name makes ${readfile} fail with EACCES, a clean one with ENOENT.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { loadConfig } from '../../../src/config/read-main.js';
import { beLine, beSession, loadTestMessage } from '../../../src/cli/be.js';

const confFile = resolve(__dirname, '../../../spec/oracle/min.conf');
const message = resolve(__dirname, 'taint-message.txt');

function withMessage(line: string): string {
  const session = beSession(loadConfig(confFile), confFile, {}, () => undefined);
  loadTestMessage(session.ctx, message, {});
  return beLine(line, session) ?? '';
}

// [line, what exim 4.96 made of its result]
const cases: [string, 'tainted' | 'clean'][] = [
  ["${readfile{/nonexist/${address:$h_X-Addr:}}}", 'tainted'],
  ["${readfile{/nonexist/${addresses:$h_X-Addr:}}}", 'tainted'],
  ["${readfile{/nonexist/${base64:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${base64d:$h_X-B64:}}}", 'tainted'],
  ["${readfile{/nonexist/${domain:$h_X-Addr:}}}", 'tainted'],
  ["${readfile{/nonexist/${escape8bit:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${escape:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${from_utf8:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${h_2:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${hash_2:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${hex2b64:$h_X-Hex:}}}", 'tainted'],
  ["${readfile{/nonexist/${hexquote:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${l_2:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${lc:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${length_2:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${local_part:$h_X-Addr:}}}", 'tainted'],
  ["${readfile{/nonexist/${quote:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${quote_ldap:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${quote_local_part:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${quote_lsearch:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${quote_mysql:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${rfc2047:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${rfc2047d:$h_X-Enc:}}}", 'tainted'],
  ["${readfile{/nonexist/${rxquote:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${s_1:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${str2b64:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${substr_1_2:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${uc:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${utf8_domain_from_alabel:$h_X-Idn:}}}", 'tainted'],
  ["${readfile{/nonexist/${utf8_localpart_to_alabel:$h_X-U8:}}}", 'tainted'],
  ["${readfile{/nonexist/${utf8clean:$h_Subject:}}}", 'tainted'],
  ["${readfile{/nonexist/${base32:$h_X-Num:}}}", 'clean'],
  ["${readfile{/nonexist/${base32d:$h_X-B32:}}}", 'clean'],
  ["${readfile{/nonexist/${base62:$h_X-Num:}}}", 'clean'],
  ["${readfile{/nonexist/${base62d:$h_X-B62:}}}", 'clean'],
  ["${readfile{/nonexist/${eval10:$h_X-Num:}}}", 'clean'],
  ["${readfile{/nonexist/${eval:$h_X-Num:}}}", 'clean'],
  ["${readfile{/nonexist/${ipv6denorm:$h_X-IP6:}}}", 'clean'],
  ["${readfile{/nonexist/${ipv6norm:$h_X-IP6:}}}", 'clean'],
  ["${readfile{/nonexist/${listcount:$h_Subject:}}}", 'clean'],
  ["${readfile{/nonexist/${listnamed:$h_X-Lname:}}}", 'clean'],
  ["${readfile{/nonexist/${listnamed_d:$h_X-Lname:}}}", 'clean'],
  ["${readfile{/nonexist/${md5:$h_Subject:}}}", 'clean'],
  ["${readfile{/nonexist/${nh_5:$h_Subject:}}}", 'clean'],
  ["${readfile{/nonexist/${nhash_5:$h_Subject:}}}", 'clean'],
  ["${readfile{/nonexist/${nhash_5_5:$h_Subject:}}}", 'clean'],
  ["${readfile{/nonexist/${randint:$h_X-Num:}}}", 'clean'],
  ["${readfile{/nonexist/${reverse_ip:$h_X-IP:}}}", 'clean'],
  ["${readfile{/nonexist/${sha1:$h_Subject:}}}", 'clean'],
  ["${readfile{/nonexist/${sha256:$h_Subject:}}}", 'clean'],
  ["${readfile{/nonexist/${sha2:$h_Subject:}}}", 'clean'],
  ["${readfile{/nonexist/${sha2_512:$h_Subject:}}}", 'clean'],
  ["${readfile{/nonexist/${sha3:$h_Subject:}}}", 'clean'],
  ["${readfile{/nonexist/${sha3_224:$h_Subject:}}}", 'clean'],
  ["${readfile{/nonexist/${stat:$h_X-Path:}}}", 'clean'],
  ["${readfile{/nonexist/${strlen:$h_Subject:}}}", 'clean'],
  ["${readfile{/nonexist/${time_eval:$h_X-T:}}}", 'clean'],
  ["${readfile{/nonexist/${time_interval:$h_X-Sec:}}}", 'clean'],
  ["${readfile{/nonexist/${utf8_localpart_from_alabel:$h_X-Idn:}}}", 'clean'],
  ["${readfile{/nonexist/${utf8_domain_to_alabel:$h_X-U8:}}}", 'clean'],
  ["${readfile{/nonexist/${utf8_domain_to_alabel:$h_Subject:}}}", 'tainted'],
];

describe('operators: taint of results', () => {
  it.each(cases)('%s', (line, exim) => {
    const out = withMessage(line);
    expect(/Permission denied/.test(out) ? 'tainted' : /No such file/.test(out) ? 'clean' : out).toBe(exim);
  });

  it('${expand:} refuses a tainted string', () => {
    expect(withMessage('${expand:$h_Subject:}')).toBe(
      'Failed: internal expansion of "hello" failed: attempt to expand tainted string \'hello\'');
  });
});
