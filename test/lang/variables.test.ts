// Every var_table variable as `exim -C oracle.conf -be` prints it (values
// recorded from Exim 4.96 run as root; time- and machine-dependent ones by format).
import { describe, expect, it } from 'vitest';
import { variables, knownVariable } from '../../src/lang/variables.js';
import { beContext } from '../../src/cli/be.js';
import { loadConfig } from '../../src/config/read-main.js';
import { expandString } from '../../src/runtime/expand/expand.js';
import { resolve } from 'node:path';

const conf = resolve(__dirname, '../fixtures/be/oracle.conf');
const cfg = loadConfig(conf);
const ctx = beContext(cfg, conf, {}, { login: 'root', name: 'root', uid: 0, gid: 0 });
const ex = (s: string) => { const r = expandString(s, ctx); return r.ok ? r.value : `Failed: ${r.error.message}`; };

/** what exim printed for ${name}, where it is not "" */
const special: Record<string, string | RegExp> = {
  acl_narg: '0', authenticated_id: 'root', authenticated_sender: 'root@oracle.example', authentication_failed: '0',
  av_failed: '0', body_linecount: '0', body_zerocount: '0', bounce_return_size_limit: '102400',
  caller_gid: '0', caller_uid: '0', compile_date: '26-Nov-2026 14:26:47', compile_number: '2',
  config_dir: conf.replace(/\/[^/]*$/, ''), config_file: conf, dkim_bodylength: '9999999999999', dkim_created: '0',
  dkim_expires: '9999999999999', dkim_key_granularity: '*', dkim_key_length: '0', dkim_key_nosubdomains: '0',
  dkim_key_srvtype: '*', dkim_key_testing: '0', event_defer_errno: '0', exim_gid: '0', exim_path: '/usr/sbin/exim4',
  exim_uid: '0', exim_version: '4.96', host_lookup_deferred: '0', host_lookup_failed: '0', host_port: '0',
  initial_cwd: process.cwd(), inode: '0', interface_port: '-1', load_average: /^\d+$/, local_user_gid: '4294967295',
  local_user_uid: '4294967295', localhost_number: '0', log_inodes: /^-?\d+$/, log_space: /^-?\d+$/,
  max_received_linelength: '0', message_age: '0', message_body_size: '0', message_linecount: '0', message_size: '0',
  message_smtputf8: 'no', mime_anomaly_level: '0', mime_content_size: '0', mime_is_coverletter: '0',
  mime_is_multipart: '0', mime_is_rfc822: '0', mime_part_count: '-1', originator_gid: '0', originator_uid: '0',
  pid: /^\d+$/, prdr_requested: 'no', primary_hostname: 'oracle.example', proxy_external_port: '0',
  proxy_local_port: '0', proxy_host_port: '0', proxy_target_port: '0', proxy_session: 'no', qualify_domain: 'oracle.example', qualify_recipient: 'oracle.example',
  rcpt_count: '0', rcpt_defer_count: '0', rcpt_fail_count: '0', received_count: '0', received_port: '-1',
  received_time: '0', recipients_count: '0', return_size_limit: '102400', runrc: '0',
  sender_address: 'root@oracle.example', sender_address_domain: 'oracle.example', sender_address_local_part: 'root',
  sender_helo_dnssec: 'no', sender_host_dnssec: 'no', sender_host_port: '0', sender_ident: 'root',
  sending_port: '-1', smtp_active_hostname: 'oracle.example', smtp_count_at_connection_start: '0',
  spf_guess: 'v=spf1 a/24 mx/24 ptr ?all', spf_result_guessed: 'no', spool_directory: '/tmp/exim-oracle-min/spool',
  spool_inodes: /^-?\d+$/, spool_space: /^-?\d+$/, tls_bits: '0', tls_certificate_verified: '0', tls_in_bits: '0',
  tls_in_certificate_verified: '0', tls_in_ocsp: '0', tls_in_resumption: '0', tls_out_bits: '0',
  tls_out_certificate_verified: '0', tls_out_dane: 'no', tls_out_ocsp: '0', tls_out_resumption: '0',
  tls_out_tlsa_usage: '0', tod_bsdinbox: /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}$/,
  tod_epoch: /^\d{10}$/, tod_epoch_l: /^\d{16}$/, tod_full: /^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d [-+]\d{4}$/,
  tod_log: /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, tod_logfile: /^\d{8}$/, tod_zone: /^[-+]\d{4}$/, tod_zulu: /^\d{14}Z$/,
  version_number: '4.96',
  // filter-only: an error outside a filter
  ...Object.fromEntries([...Array(10).keys()].flatMap((i) => [[`n${i}`, `Failed: unknown variable in "\${n${i}}"`], [`sn${i}`, `Failed: unknown variable in "\${sn${i}}"`]])),
  // compiled out of Debian and not supported here either
  ...Object.fromEntries(['bmi_alt_location', 'bmi_base64_tracker_verdict', 'bmi_base64_verdict', 'bmi_deliver', 'dcc_header', 'dcc_result',
    'arc_domains', 'arc_oldest_pass', 'arc_state', 'arc_state_reason']
    .map((n) => [n, `Failed: unknown variable in "\${${n}}"`])),
  // DIFFERENCE from Debian (which says unknown variable): DMARC is supported, empty until set
};

describe('var_table in -be', () => {
  // 288 of var_table, and the 4.8x aliases ($proxy_host_*, $proxy_target_*)
  it('has all 288 variables', () => expect(Object.keys(variables).filter((n) => !variables[n]!.aliasOf && !variables[n]!.obsolete).length).toBe(288));
  it.each(Object.keys(variables))('$%s', (name) => {
    if (process.getuid?.() !== 0 && /uid|gid|^authenticated|^sender_(address|ident)/.test(name)) return;
    const want = special[name] ?? '';
    const got = ex(`\${${name}}`);
    if (want instanceof RegExp) expect(got).toMatch(want); else expect(got).toBe(want);
  });
});

describe('pattern variables', () => {
  it.each([
    ['$acl_c_x|$acl_m0|$r_x|$auth1|$auth4|$regex1|$regex9', '||||||'],
    ['$auth5', 'Failed: unknown variable name "auth5"'],
    ['$regex10', 'Failed: unknown variable name "regex10"'],
    ['$acl_cfoo', 'Failed: unknown variable name "acl_cfoo" (6th character of a user-defined ACL variable must be a digit or underscore)'],
    ['$acl_foo', 'Failed: unknown variable name "acl_foo" (user-defined ACL variables must start acl_c or acl_m)'],
  ])('%s', (s, want) => expect(ex(s)).toBe(want));
  it('knows DMARC and ARC names but not Brightmail or DCC', () => {
    expect(knownVariable('dmarc_status')).toBe('dmarc_status');
    expect(knownVariable('acl_c_x')).toBe('acl_c_x');
    expect(knownVariable('arc_state')).toBeUndefined();
    expect(knownVariable('bmi_deliver')).toBeUndefined();
    expect(knownVariable('dcc_result')).toBeUndefined();
  });
});
