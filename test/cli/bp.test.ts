// exim-ts -bP / -bV on small configs: outputs checked against exim 4.96.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBp, runBv } from '../../src/cli/bp.js';
import { userDbFromFiles } from '../../src/lang/options/values.js';

const users = userDbFromFiles('root:x:0:0::/root:/bin/sh\nmail:x:8:8::/var/mail:/bin/sh\n', 'root:x:0:\nmail:x:8:\n');
const dir = mkdtempSync(join(tmpdir(), 'exim-ts-bp-'));
const HEAD = 'exim_user = root\nexim_group = root\nkeep_environment =\nprimary_hostname = h.example\n';

function bp(conf: string, items: string[]): [string, number] {
  const f = join(dir, 'c.conf');
  writeFileSync(f, HEAD + conf);
  let out = '';
  const rc = runBp(f, [], items, { out: (s) => { out += s; }, err: (s) => { out += s; }, users });
  return [out.split(f).join('FILE'), rc];
}

describe('-bP', () => {
  const cases: [string, string[], string, number][] = [
    ['', ['accept_8bitmime', 'no_accept_8bitmime'], 'accept_8bitmime\nno_accept_8bitmime is not a known option\n', 1],
    ['', ['no_foo', 'qualify_domain'], 'no_foo is not a known option\nqualify_domain = h.example\n', 0],
    ['message_size_limit = 50M\n', ['message_size_limit', 'bounce_return_size_limit'], 'message_size_limit = 50M\nbounce_return_size_limit = 100K\n', 0],
    ['auto_thaw = 90m\n', ['auto_thaw', 'callout_positive_expire'], 'auto_thaw = 1h30m\ncallout_positive_expire = 1d\n', 0],
    ['exim_user = mail\n', ['exim_user'], 'ERR', 1],
    ['domainlist d = a : b\n', ['+d', '+e'], 'domainlist d = a : b\nno address, domain, host, or local part list called "e" exists\n', 1],
    ['M_X = 1\n', ['macro', 'M_X', 'macro', 'M_Y'], 'M_X=1\nmacro M_Y not found\n', 1],
    ['', ['config_file'], 'FILE\n', 0],
    ['begin routers\nr:\n  driver = accept\n  transport = t\nbegin transports\nt:\n  driver = smtp\n', ['router_list', 'transport_list'], 'r\nt\n', 0],
    ['foo = 1\n', [], 'LOG: PANIC DIE\n  Exim configuration error in line 5 of FILE:\n  main option "foo" unknown\n', 1],
  ];
  it.each(cases)('%j %j', (conf, items, want, rc) => {
    const [out, code] = bp(conf, items);
    if (want === 'ERR') expect(out).toContain('option set for the second time');
    else expect(out).toBe(want);
    expect(code).toBe(rc);
  });
});

describe('-bV', () => {
  it('reports the first error with a timestamp, or the config file', () => {
    const f = join(dir, 'v.conf');
    writeFileSync(f, HEAD + 'auto_thaw = 30\nfoo = 1\n');
    let out = '';
    let err = '';
    const io = { out: (s: string) => { out += s; }, err: (s: string) => { err += s; }, users, now: () => new Date(2000, 0, 1), env: {} };
    expect(runBv(f, [], io)).toBe(1);
    expect(err).toBe(`2000-01-01 00:00:00 Exim configuration error in line 5 of ${f}:\n  invalid time value for auto_thaw\n`);
    writeFileSync(f, HEAD);
    out = '';
    expect(runBv(f, [], io)).toBe(0);
    expect(out.endsWith(`Configuration file is ${f}\n`)).toBe(true);
  });
});
