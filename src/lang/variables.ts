// Exim 4.96's var_table: every variable name the expander knows, with its C
// type (which fixes how an unset value prints) and whether the spec marks it
// tainted. Values come from the context (src/runtime/expand/context.ts).
// Generated from shared/exim-inventory/expansion.json, then kept by hand.

export type VarType =
  | 'bool'
  | 'cert'
  | 'dkim'
  | 'domain'
  | 'filter_int'
  | 'gid'
  | 'host_lookup'
  | 'ino'
  | 'int'
  | 'load_avg'
  | 'localpart'
  | 'msgbody'
  | 'msgbody_end'
  | 'msgheaders'
  | 'msgheaders_raw'
  | 'pid'
  | 'pinodes'
  | 'pspace'
  | 'reply'
  | 'string_func'
  | 'stringptr'
  | 'todbsdin'
  | 'tode'
  | 'todel'
  | 'todf'
  | 'todl'
  | 'todlf'
  | 'todzone'
  | 'todzulu'
  | 'uid';

export interface VarEntry {
  type: VarType;
  /** value comes from the SMTP peer or the message */
  tainted?: boolean;
  /** compiled out of Debian's exim4-daemon-heavy (DMARC, ARC, ...) */
  notInDebian?: boolean;
  /**
   * not supported by exim-ts either (Brightmail, DCC): unknown names, as in
   * Debian's build. DMARC and ARC stay known: they are empty until the
   * DMARC/ARC provider sets them (Debian's exim says "unknown variable").
   */
  unsupported?: boolean;
  /**
   * a name from the 4.8x experimental features that 4.96 dropped: exim-ts
   * takes it as the name given here, and the linter warns
   */
  aliasOf?: string;
  /** a name of the 4.8x experimental features that 4.96 dropped and that has no 4.96 twin (the linter warns) */
  obsolete?: boolean;
}

export const variables: Record<string, VarEntry> = {
  acl_arg1: { type: 'stringptr' },
  acl_arg2: { type: 'stringptr' },
  acl_arg3: { type: 'stringptr' },
  acl_arg4: { type: 'stringptr' },
  acl_arg5: { type: 'stringptr' },
  acl_arg6: { type: 'stringptr' },
  acl_arg7: { type: 'stringptr' },
  acl_arg8: { type: 'stringptr' },
  acl_arg9: { type: 'stringptr' },
  acl_narg: { type: 'int' },
  acl_verify_message: { type: 'stringptr' },
  address_data: { type: 'stringptr' },
  address_file: { type: 'stringptr' },
  address_pipe: { type: 'stringptr' },
  arc_domains: { type: 'string_func', notInDebian: true, unsupported: true },
  arc_oldest_pass: { type: 'int', notInDebian: true, unsupported: true },
  arc_state: { type: 'stringptr', notInDebian: true, unsupported: true },
  arc_state_reason: { type: 'stringptr', notInDebian: true, unsupported: true },
  authenticated_fail_id: { type: 'stringptr' },
  authenticated_id: { type: 'stringptr' },
  authenticated_sender: { type: 'stringptr', tainted: true },
  authentication_failed: { type: 'int' },
  av_failed: { type: 'int' },
  bmi_alt_location: { type: 'stringptr', notInDebian: true, unsupported: true },
  bmi_base64_tracker_verdict: { type: 'stringptr', notInDebian: true, unsupported: true },
  bmi_base64_verdict: { type: 'stringptr', notInDebian: true, unsupported: true },
  bmi_deliver: { type: 'int', notInDebian: true, unsupported: true },
  body_linecount: { type: 'int' },
  body_zerocount: { type: 'int' },
  bounce_recipient: { type: 'stringptr' },
  bounce_return_size_limit: { type: 'int' },
  caller_gid: { type: 'gid' },
  caller_uid: { type: 'uid' },
  callout_address: { type: 'stringptr' },
  compile_date: { type: 'stringptr' },
  compile_number: { type: 'stringptr' },
  config_dir: { type: 'stringptr' },
  config_file: { type: 'stringptr' },
  csa_status: { type: 'stringptr' },
  dcc_header: { type: 'stringptr', notInDebian: true, unsupported: true },
  dcc_result: { type: 'stringptr', notInDebian: true, unsupported: true },
  dkim_algo: { type: 'dkim' },
  dkim_bodylength: { type: 'dkim' },
  dkim_canon_body: { type: 'dkim' },
  dkim_canon_headers: { type: 'dkim' },
  dkim_copiedheaders: { type: 'dkim' },
  dkim_created: { type: 'dkim' },
  dkim_cur_signer: { type: 'stringptr' },
  dkim_domain: { type: 'stringptr' },
  dkim_expires: { type: 'dkim' },
  dkim_headernames: { type: 'dkim' },
  dkim_identity: { type: 'dkim' },
  dkim_key_granularity: { type: 'dkim' },
  dkim_key_length: { type: 'int' },
  dkim_key_nosubdomains: { type: 'dkim' },
  dkim_key_notes: { type: 'dkim' },
  dkim_key_srvtype: { type: 'dkim' },
  dkim_key_testing: { type: 'dkim' },
  dkim_selector: { type: 'stringptr' },
  dkim_signers: { type: 'stringptr' },
  dkim_verify_reason: { type: 'stringptr' },
  dkim_verify_status: { type: 'stringptr' },
  /** the old experimental DMARC's Authentication-Results element (4.96: ${authresults}); kept for old configs, the linter warns */
  dmarc_ar_header: { type: 'stringptr', notInDebian: true, obsolete: true },
  dmarc_domain_policy: { type: 'stringptr', notInDebian: true },
  dmarc_status: { type: 'stringptr', notInDebian: true },
  dmarc_status_text: { type: 'stringptr', notInDebian: true },
  dmarc_used_domain: { type: 'stringptr', notInDebian: true },
  dnslist_domain: { type: 'stringptr' },
  dnslist_matched: { type: 'stringptr' },
  dnslist_text: { type: 'stringptr' },
  dnslist_value: { type: 'stringptr' },
  domain: { type: 'stringptr', tainted: true },
  domain_data: { type: 'stringptr' },
  event_data: { type: 'stringptr' },
  event_defer_errno: { type: 'int' },
  event_name: { type: 'stringptr' },
  exim_gid: { type: 'gid' },
  exim_path: { type: 'stringptr' },
  exim_uid: { type: 'uid' },
  exim_version: { type: 'stringptr' },
  headers_added: { type: 'string_func' },
  home: { type: 'stringptr' },
  host: { type: 'stringptr' },
  host_address: { type: 'stringptr' },
  host_data: { type: 'stringptr' },
  host_lookup_deferred: { type: 'int' },
  host_lookup_failed: { type: 'int' },
  host_port: { type: 'int' },
  initial_cwd: { type: 'stringptr' },
  inode: { type: 'ino' },
  interface_address: { type: 'stringptr' },
  interface_port: { type: 'int' },
  item: { type: 'stringptr' },
  ldap_dn: { type: 'stringptr' },
  load_average: { type: 'load_avg' },
  local_part: { type: 'stringptr', tainted: true },
  local_part_data: { type: 'stringptr' },
  local_part_prefix: { type: 'stringptr' },
  local_part_prefix_v: { type: 'stringptr' },
  local_part_suffix: { type: 'stringptr' },
  local_part_suffix_v: { type: 'stringptr' },
  local_scan_data: { type: 'stringptr' },
  local_user_gid: { type: 'gid' },
  local_user_uid: { type: 'uid' },
  localhost_number: { type: 'int' },
  log_inodes: { type: 'pinodes' },
  log_space: { type: 'pspace' },
  lookup_dnssec_authenticated: { type: 'stringptr' },
  mailstore_basename: { type: 'stringptr' },
  malware_name: { type: 'stringptr' },
  max_received_linelength: { type: 'int' },
  message_age: { type: 'int' },
  message_body: { type: 'msgbody', tainted: true },
  message_body_end: { type: 'msgbody_end', tainted: true },
  message_body_size: { type: 'int' },
  message_exim_id: { type: 'stringptr' },
  message_headers: { type: 'msgheaders', tainted: true },
  message_headers_raw: { type: 'msgheaders_raw', tainted: true },
  message_id: { type: 'stringptr' },
  message_linecount: { type: 'int' },
  message_size: { type: 'int' },
  message_smtputf8: { type: 'bool' },
  mime_anomaly_level: { type: 'int' },
  mime_anomaly_text: { type: 'stringptr' },
  mime_boundary: { type: 'stringptr' },
  mime_charset: { type: 'stringptr' },
  mime_content_description: { type: 'stringptr' },
  mime_content_disposition: { type: 'stringptr' },
  mime_content_id: { type: 'stringptr' },
  mime_content_size: { type: 'int' },
  mime_content_transfer_encoding: { type: 'stringptr' },
  mime_content_type: { type: 'stringptr' },
  mime_decoded_filename: { type: 'stringptr' },
  mime_filename: { type: 'stringptr' },
  mime_is_coverletter: { type: 'int' },
  mime_is_multipart: { type: 'int' },
  mime_is_rfc822: { type: 'int' },
  mime_part_count: { type: 'int' },
  n0: { type: 'filter_int' },
  n1: { type: 'filter_int' },
  n2: { type: 'filter_int' },
  n3: { type: 'filter_int' },
  n4: { type: 'filter_int' },
  n5: { type: 'filter_int' },
  n6: { type: 'filter_int' },
  n7: { type: 'filter_int' },
  n8: { type: 'filter_int' },
  n9: { type: 'filter_int' },
  original_domain: { type: 'stringptr', tainted: true },
  original_local_part: { type: 'stringptr', tainted: true },
  originator_gid: { type: 'gid' },
  originator_uid: { type: 'uid' },
  parent_domain: { type: 'stringptr', tainted: true },
  parent_local_part: { type: 'stringptr', tainted: true },
  pid: { type: 'pid' },
  prdr_requested: { type: 'bool' },
  primary_hostname: { type: 'stringptr' },
  proxy_external_address: { type: 'stringptr' },
  proxy_host_address: { type: 'stringptr', aliasOf: 'proxy_local_address' },
  proxy_host_port: { type: 'int', aliasOf: 'proxy_local_port' },
  proxy_target_address: { type: 'stringptr', aliasOf: 'proxy_external_address' },
  proxy_target_port: { type: 'int', aliasOf: 'proxy_external_port' },
  proxy_external_port: { type: 'int' },
  proxy_local_address: { type: 'stringptr' },
  proxy_local_port: { type: 'int' },
  proxy_session: { type: 'bool' },
  prvscheck_address: { type: 'stringptr' },
  prvscheck_keynum: { type: 'stringptr' },
  prvscheck_result: { type: 'stringptr' },
  qualify_domain: { type: 'stringptr' },
  qualify_recipient: { type: 'stringptr' },
  queue_name: { type: 'stringptr' },
  queue_size: { type: 'string_func' },
  rcpt_count: { type: 'int' },
  rcpt_defer_count: { type: 'int' },
  rcpt_fail_count: { type: 'int' },
  received_count: { type: 'int' },
  received_for: { type: 'stringptr', tainted: true },
  received_ip_address: { type: 'stringptr' },
  received_port: { type: 'int' },
  received_protocol: { type: 'stringptr' },
  received_time: { type: 'int' },
  recipient_data: { type: 'stringptr' },
  recipient_verify_failure: { type: 'stringptr' },
  recipients: { type: 'string_func', tainted: true },
  recipients_count: { type: 'int' },
  regex_match_string: { type: 'stringptr' },
  reply_address: { type: 'reply', tainted: true },
  return_path: { type: 'stringptr' },
  return_size_limit: { type: 'int' },
  router_name: { type: 'stringptr' },
  runrc: { type: 'int' },
  self_hostname: { type: 'stringptr' },
  sender_address: { type: 'stringptr', tainted: true },
  sender_address_data: { type: 'stringptr' },
  sender_address_domain: { type: 'domain', tainted: true },
  sender_address_local_part: { type: 'localpart', tainted: true },
  sender_data: { type: 'stringptr' },
  sender_fullhost: { type: 'stringptr' },
  sender_helo_dnssec: { type: 'bool' },
  sender_helo_name: { type: 'stringptr', tainted: true },
  sender_host_address: { type: 'stringptr' },
  sender_host_authenticated: { type: 'stringptr' },
  sender_host_dnssec: { type: 'bool' },
  sender_host_name: { type: 'host_lookup', tainted: true },
  sender_host_port: { type: 'int' },
  sender_ident: { type: 'stringptr' },
  sender_rate: { type: 'stringptr' },
  sender_rate_limit: { type: 'stringptr' },
  sender_rate_period: { type: 'stringptr' },
  sender_rcvhost: { type: 'stringptr' },
  sender_verify_failure: { type: 'stringptr' },
  sending_ip_address: { type: 'stringptr' },
  sending_port: { type: 'int' },
  smtp_active_hostname: { type: 'stringptr' },
  smtp_command: { type: 'stringptr', tainted: true },
  smtp_command_argument: { type: 'stringptr', tainted: true },
  smtp_command_history: { type: 'string_func' },
  smtp_count_at_connection_start: { type: 'int' },
  smtp_notquit_reason: { type: 'stringptr' },
  sn0: { type: 'filter_int' },
  sn1: { type: 'filter_int' },
  sn2: { type: 'filter_int' },
  sn3: { type: 'filter_int' },
  sn4: { type: 'filter_int' },
  sn5: { type: 'filter_int' },
  sn6: { type: 'filter_int' },
  sn7: { type: 'filter_int' },
  sn8: { type: 'filter_int' },
  sn9: { type: 'filter_int' },
  spam_action: { type: 'stringptr' },
  spam_bar: { type: 'stringptr' },
  spam_report: { type: 'stringptr' },
  spam_score: { type: 'stringptr' },
  spam_score_int: { type: 'stringptr' },
  spf_guess: { type: 'stringptr' },
  spf_header_comment: { type: 'stringptr' },
  spf_received: { type: 'stringptr' },
  spf_result: { type: 'stringptr' },
  spf_result_guessed: { type: 'bool' },
  spf_smtp_comment: { type: 'stringptr' },
  spool_directory: { type: 'stringptr' },
  spool_inodes: { type: 'pinodes' },
  spool_space: { type: 'pspace' },
  srs_recipient: { type: 'stringptr' },
  thisaddress: { type: 'stringptr' },
  tls_bits: { type: 'int' },
  tls_certificate_verified: { type: 'int' },
  tls_cipher: { type: 'stringptr' },
  tls_in_bits: { type: 'int' },
  tls_in_certificate_verified: { type: 'int' },
  tls_in_cipher: { type: 'stringptr' },
  tls_in_cipher_std: { type: 'stringptr' },
  tls_in_ocsp: { type: 'int' },
  tls_in_ourcert: { type: 'cert' },
  tls_in_peercert: { type: 'cert' },
  tls_in_peerdn: { type: 'stringptr' },
  tls_in_resumption: { type: 'int' },
  tls_in_sni: { type: 'stringptr', tainted: true },
  tls_in_ver: { type: 'stringptr' },
  tls_out_bits: { type: 'int' },
  tls_out_certificate_verified: { type: 'int' },
  tls_out_cipher: { type: 'stringptr' },
  tls_out_cipher_std: { type: 'stringptr' },
  tls_out_dane: { type: 'bool' },
  tls_out_ocsp: { type: 'int' },
  tls_out_ourcert: { type: 'cert' },
  tls_out_peercert: { type: 'cert' },
  tls_out_peerdn: { type: 'stringptr' },
  tls_out_resumption: { type: 'int' },
  tls_out_sni: { type: 'stringptr' },
  tls_out_tlsa_usage: { type: 'int' },
  tls_out_ver: { type: 'stringptr' },
  tls_peerdn: { type: 'stringptr' },
  tls_sni: { type: 'stringptr' },
  tod_bsdinbox: { type: 'todbsdin' },
  tod_epoch: { type: 'tode' },
  tod_epoch_l: { type: 'todel' },
  tod_full: { type: 'todf' },
  tod_log: { type: 'todl' },
  tod_logfile: { type: 'todlf' },
  tod_zone: { type: 'todzone' },
  tod_zulu: { type: 'todzulu' },
  transport_name: { type: 'stringptr' },
  value: { type: 'stringptr' },
  verify_mode: { type: 'stringptr' },
  version_number: { type: 'stringptr' },
  warn_message_delay: { type: 'stringptr' },
  warn_message_recipient: { type: 'stringptr' },
  warn_message_recipients: { type: 'stringptr' },
  warnmsg_delay: { type: 'stringptr' },
  warnmsg_recipient: { type: 'stringptr' },
  warnmsg_recipients: { type: 'stringptr' },
};

const ACL_VAR = /^acl_[cm](?![a-zA-Z])/;

/** Names find_variable() accepts whatever their value: ACL, router, auth and regex variables. */
export function isPatternVariable(name: string): boolean {
  if (ACL_VAR.test(name) || name.startsWith('r_')) return true;
  let m = /^auth(\d+)$/.exec(name);
  if (m) { const n = Number(m[1]); if (n >= 1 && n <= 4) return true; }
  m = /^regex(\d+)$/.exec(name);
  if (m) { const n = Number(m[1]); if (n >= 1 && n <= 9) return true; }
  return false;
}

/** $h_, $rh_, $bh_, $lh_ and their long forms: a header, not a variable (group 1 is the prefix) */
export const HEADER_PREFIX = /^(h|rh|bh|lh|header|rheader|bheader|lheader)_/;

// The table's own keys: V8 keeps property names as unique strings, so a
// name read from a source string and swapped for its key here is found by
// identity, not by its characters, in the lookups of every evaluation.
let tableNames: Map<string, string> | undefined;

/**
 * Known to the parser (unknown names are static errors, found even while
 * skipping): the name to keep in the AST, or undefined.
 */
export function knownVariable(name: string): string | undefined {
  tableNames ??= new Map(Object.keys(variables).filter((k) => !variables[k]!.unsupported).map((k) => [k, k]));
  return tableNames.get(name) ?? (isPatternVariable(name) ? name : undefined);
}

/** check_variable_error_message(): extra words for a bad acl_ name */
export function unknownVariableHint(name: string): string {
  if (!name.startsWith('acl_')) return '';
  if (name[4] === 'c' || name[4] === 'm') {
    return /[a-zA-Z]/.test(name[5] ?? '')
      ? ' (6th character of a user-defined ACL variable must be a digit or underscore)'
      : ' (strict_acl_vars is set)';
  }
  return ' (user-defined ACL variables must start acl_c or acl_m)';
}
