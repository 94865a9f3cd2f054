// The main options the SMTP engine reads, typed, with Exim 4.96's defaults
// (globals.c; Debian's build). Values come from the config as written; the
// ones Exim expands per connection stay strings here.
import type { ExpandConfig } from '../runtime/expand/context.js';

const DEFAULTS: Record<string, string> = {
  smtp_banner: '$smtp_active_hostname ESMTP Exim $version_number $tod_full',
  message_size_limit: '50M',
  smtp_max_synprot_errors: '3',
  smtp_max_unknown_commands: '3',
  smtp_accept_max_nonmail: '10',
  smtp_accept_max_nonmail_hosts: '*',
  smtp_accept_max_per_connection: '1000',
  accept_8bitmime: 'true',
  pipelining_advertise_hosts: '*',
  pipelining_connect_advertise_hosts: '*',
  chunking_advertise_hosts: '*',
  tls_advertise_hosts: '*',
  smtputf8_advertise_hosts: '*',
  auth_advertise_hosts: '*',
  hosts_require_helo: '*',
  helo_lookup_domains: '@ : @[]',
  recipients_max: '50000',
  header_maxsize: '1048576',
  header_line_maxsize: '0',
  received_header_text:
    'Received: ${if def:sender_rcvhost {from $sender_rcvhost\n\t}'
    + '{${if def:sender_ident {from ${quote_local_part:$sender_ident} }}'
    + '${if def:sender_helo_name {(helo=$sender_helo_name)\n\t}}}}'
    + 'by $primary_hostname ${if def:received_protocol {with $received_protocol }}'
    + '${if def:tls_in_ver        { ($tls_in_ver)}}${if def:tls_in_cipher_std { tls $tls_in_cipher_std\n\t}}'
    + '(Exim $version_number)\n\t${if def:sender_address {(envelope-from <$sender_address>)\n\t}}'
    + 'id $message_exim_id${if def:received_for {\n\tfor $received_for}}',
};

/** the only ACL option with a default */
const ACL_DEFAULTS: Record<string, string> = { acl_smtp_data_prdr: 'accept' };

const BOOLS = new Set([
  'accept_8bitmime', 'prdr_enable', 'recipients_max_reject', 'smtp_return_error_details',
  'smtp_enforce_sync', 'allow_domain_literals',
]);

export class SmtpOptions {
  constructor(private readonly config: ExpandConfig) {}

  /** the option's value as a string; undefined when unset */
  str(name: string): string | undefined {
    const v = this.config.options.get(name);
    if (v !== undefined) return v;
    return DEFAULTS[name];
  }

  /** set in the config or by default (Exim's "option unset" is a NULL list, not an empty one) */
  isSet(name: string): boolean {
    return this.config.options.has(name) || DEFAULTS[name] !== undefined;
  }

  /** a host/domain list option: '' when unset */
  list(name: string): string {
    return this.str(name) ?? '';
  }

  bool(name: string): boolean {
    const v = this.str(name);
    if (v === undefined) return false;
    if (BOOLS.has(name) || /^(true|false|yes|no)$/i.test(v)) return /^(true|yes)$/i.test(v);
    return false;
  }

  /** an integer option (no suffixes beyond K/M/G, as readconf reads them) */
  int(name: string): number {
    const v = (this.str(name) ?? '0').trim();
    const m = /^(-?\d+)\s*([kKmMgG]?)$/.exec(v);
    if (!m) return 0;
    const mult = { '': 1, k: 1024, m: 1024 * 1024, g: 1024 * 1024 * 1024 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
    return Number(m[1]) * mult;
  }

  /** acl_smtp_* and acl_not_smtp*: the ACL to run, or undefined */
  acl(name: string): string | undefined {
    const v = this.config.options.get(name) ?? ACL_DEFAULTS[name];
    return v === undefined || v === '' ? undefined : v;
  }
}
