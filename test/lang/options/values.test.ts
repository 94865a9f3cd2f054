// Option values read and printed as Exim 4.96 does (messages checked against exim -bP/-bV).
import { describe, expect, it } from 'vitest';
import { mainOptions, findDriverOption } from '../../../src/lang/options/index.js';
import {
  checkOptionValue, handleOptionLine, printOption, printTime, readTime, suggestOption, userDbFromFiles, type OptionValue,
} from '../../../src/lang/options/values.js';

const users = userDbFromFiles('root:x:0:0:root:/root:/bin/bash\nmail:x:8:8:mail:/var/mail:/usr/sbin/nologin\n',
  'root:x:0:\nmail:x:8:\nadm:x:4:\n');

/** a main-option line as exim reads it, then printed as -bP prints it */
function main(line: string): string {
  const r = handleOptionLine(line, (n) => mainOptions[n], new Set(), 'main option "%s" unknown', { users });
  if ('error' in r) return 'ERROR: ' + r.error;
  return printOption(r.line.name, r.entry, r.value, { users, admin: true }).replace(/\n$/, '');
}

describe('main option values', () => {
  const cases: [string, string][] = [
    ['accept_8bitmime', 'accept_8bitmime'],
    ['no_accept_8bitmime', 'no_accept_8bitmime'],
    ['not_accept_8bitmime', 'no_accept_8bitmime'],
    ['accept_8bitmime = false', 'no_accept_8bitmime'],
    ['accept_8bitmime = YES', 'accept_8bitmime'],
    ['accept_8bitmime = maybe', 'ERROR: "maybe" is not a valid value for the "accept_8bitmime" option'],
    ['accept_8bitmime = yes  no', 'ERROR: extra characters follow "yes" for boolean option accept_8bitmime'],
    ['no_accept_8bitmime = true', 'ERROR: extra characters follow boolean option no_accept_8bitmime'],
    ['no_queue_run_max', 'ERROR: negation prefix applied to a non-boolean option'],
    ['message_size_limit', 'ERROR: unexpected end of line (data missing) after message_size_limit'],
    ['message_size_limit 5', 'ERROR: missing "=" after message_size_limit'],
    ['foo_bar = 1', 'ERROR: main option "foo_bar" unknown'],
    ['auto_thaw = 30', 'ERROR: invalid time value for auto_thaw'],
    ['auto_thaw = 1d 2h', 'ERROR: invalid time value for auto_thaw'],
    ['auto_thaw = 1d2h30m', 'auto_thaw = 1d2h30m'],
    ['auto_thaw = 90m', 'auto_thaw = 1h30m'],
    ['auto_thaw = 14d', 'auto_thaw = 2w'],
    ['bounce_return_size_limit = 0x10', 'bounce_return_size_limit = 16'],
    ['bounce_return_size_limit = 010', 'bounce_return_size_limit = 8'],
    ['bounce_return_size_limit = 2048', 'bounce_return_size_limit = 2K'],
    ['bounce_return_size_limit = 50M', 'bounce_return_size_limit = 50M'],
    ['bounce_return_size_limit = 1G', 'bounce_return_size_limit = 1024M'],
    ['bounce_return_size_limit = 2G', 'ERROR: absolute value of integer "2G" is too large (overflow)'],
    ['received_headers_max = 5x', 'ERROR: extra characters follow integer value for received_headers_max'],
    ['received_headers_max = 5 # c', 'ERROR: extra characters follow integer value for received_headers_max (# is comment only at line start)'],
    ['received_headers_max = x', 'ERROR: integer expected for received_headers_max'],
    ['check_spool_space = 100', 'check_spool_space = 100K'],
    ['check_spool_space = 2000', 'check_spool_space = 2000K'],
    ['check_spool_space = 1500k', 'check_spool_space = 1500K'],
    ['check_spool_space = 2M', 'check_spool_space = 2M'],
    ['check_spool_space = 3G', 'check_spool_space = 3G'],
    ['smtp_load_reserve = 1.5', 'smtp_load_reserve = 1.5'],
    ['smtp_load_reserve = 2.125', 'smtp_load_reserve = 2.125'],
    ['smtp_load_reserve = 3', 'smtp_load_reserve = 3.0'],
    ['smtp_load_reserve = 1.2.3', 'ERROR: extra characters follow fixed-point value for smtp_load_reserve'],
    ['smtp_load_reserve = -3', 'ERROR: integer "-3" is too large (overflow)'],
    ['smtp_load_reserve = x', 'ERROR: fixed-point number expected for smtp_load_reserve'],
    ['delay_warning = 1h:30m', 'ERROR: time value out of order for delay_warning'],
    ['delay_warning = 1h : 2h:1d', 'delay_warning = 1h:2h:1d'],
    ['delay_warning = 0s', 'delay_warning = '],
    ['dns_check_names_pattern = "abc', 'ERROR: missing quote at end of string value for dns_check_names_pattern'],
    ['dns_check_names_pattern = "abc" x', 'ERROR: extra characters follow string value for dns_check_names_pattern'],
    ['dns_check_names_pattern = "a\\tb\\x41\\101"', 'dns_check_names_pattern = a\\tbAA'],
    ['qualify_domain = ', 'qualify_domain = '],
    ['exim_user = mail', 'exim_user = mail'],
    ['exim_user = 8', 'exim_user = mail'],
    ['exim_user = 1234', 'exim_user = 1234'],
    ['exim_user = nobodyxx', 'ERROR: user nobodyxx was not found'],
    ['exim_group = adm', 'exim_group = adm'],
    ['exim_group = nogroupxx', 'ERROR: group nogroupxx was not found'],
    ['never_users = root:mail:77', 'never_users = root:mail:77'],
    ['trusted_groups = adm : xx', 'ERROR: group xx was not found'],
    ['smtp_receive_timeout = 2m', 'smtp_receive_timeout = 2m'],
    ['smtp_receive_timeout = ${if true{1m}}', 'smtp_receive_timeout = ${if true{1m}}'],
    ['smtp_receive_timeout = 5', 'ERROR: invalid time value for smtp_receive_timeout'],
    ['hide qualify_domain = x', 'qualify_domain = x'],
    ['9abc = 1', 'ERROR: option setting expected: 9abc = 1'],
  ];
  it.each(cases)('%s', (line, want) => expect(main(line)).toBe(want));
});

describe('set twice, repeatable, drivers', () => {
  it('reports a second setting', () => {
    const seen = new Set<string>();
    const find = (n: string) => mainOptions[n];
    expect('error' in handleOptionLine('exim_user = root', find, seen, '%s', { users })).toBe(false);
    expect(handleOptionLine('exim_user = mail', find, seen, '%s', { users })).toEqual({ error: '"exim_user" option set for the second time' });
    handleOptionLine('accept_8bitmime', find, seen, '%s');
    expect(handleOptionLine('no_accept_8bitmime', find, seen, '%s')).toEqual({ error: '"no_accept_8bitmime" option set for the second time' });
  });
  it('combines repeated router conditions and headers_add', () => {
    const cond = findDriverOption('router', 'accept', 'condition')!;
    const a = checkOptionValue(cond, 'A', { name: 'condition' }) as { value: OptionValue };
    const b = checkOptionValue(cond, 'B', { name: 'condition', previous: a.value }) as { value: OptionValue };
    expect(b.value.value).toBe('${if and{{bool_lax{A}}{bool_lax{B}}}}');
    const ha = findDriverOption('router', 'accept', 'headers_add')!;
    const x = checkOptionValue(ha, 'X: 1', { name: 'headers_add' }) as { value: OptionValue };
    const y = checkOptionValue(ha, 'Y: 2', { name: 'headers_add', previous: x.value }) as { value: OptionValue };
    expect(y.value.value).toBe('X: 1\nY: 2');
    expect(printOption('headers_add', ha, y.value)).toBe('headers_add = X: 1\\nY: 2\n');
  });
  it('checks headers_rewrite rules', () => {
    const e = findDriverOption('transport', 'smtp', 'headers_rewrite')!;
    expect(checkOptionValue(e, '*@a b@c z', { name: 'headers_rewrite' })).toEqual({ error: "unknown rewrite flag character 'z' (could be missing quotes round replacement item)" });
    expect(checkOptionValue(e, '*@a b@c F', { name: 'headers_rewrite' })).toEqual({ error: 'rewrite rule specifies a non-header rewrite - not allowed at transport time -' });
    expect(checkOptionValue(e, '*@a', { name: 'headers_rewrite' })).toEqual({ error: 'missing rewrite replacement string' });
  });
  it('prints octal modes, bits and unset values', () => {
    const mode = findDriverOption('transport', 'appendfile', 'mode')!;
    const v = checkOptionValue(mode, '0640', { name: 'mode' }) as { value: OptionValue };
    expect(printOption('mode', mode, v.value)).toBe('mode = 0640\n');
    expect(checkOptionValue(mode, '9', { name: 'mode' })).toEqual({ error: 'octal integer expected for mode' });
    expect(printOption('qualify_domain', mainOptions.qualify_domain!, undefined)).toBe('qualify_domain = \n');
    expect(printOption('never_users', mainOptions.never_users!, undefined)).toBe('never_users =\n');
    expect(printOption('x', mainOptions.qualify_domain!, undefined, { hidden: true })).toBe('x = <value not displayable>\n');
  });
});

describe('times and hints', () => {
  it.each([['1w', 604800], ['1d2h', 93600], ['30s', 30], ['5', -1], ['', -1], ['1h30', -1]] as const)('readTime %s', (s, n) => expect(readTime(s)).toBe(n));
  it.each([[0, '0s'], [93600, '1d2h'], [61, '1m1s'], [-60, '-1m']] as const)('printTime %d', (n, s) => expect(printTime(n)).toBe(s));
  it('suggests close names', () => {
    expect(suggestOption('recieve_timeout', ['receive_timeout', 'retry_interval_max'])).toBe('receive_timeout');
    expect(suggestOption('zzz', ['receive_timeout'])).toBeUndefined();
  });
});
