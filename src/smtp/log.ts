// log_write() as an SMTP session uses it: selectors decide whether a line is
// written at all (log_selector with Exim's defaults), the message id goes in
// front while a message is being received, and LOG_SENDER/LOG_RECIPIENTS add
// their parts. Where a line goes (file, syslog, -bh's "LOG:" on stderr) is the
// sink's business.

/** the selectors of log_selector, in Exim's two words; word 0 gates log_write() itself */
const WORD0 = [
  'address_rewrite', 'all_parents', 'connection_reject', 'delay_delivery', 'dnslist_defer', 'etrn',
  'host_lookup_failed', 'lost_incoming_connection', 'queue_run', 'retry_defer', 'size_reject',
  'skip_delivery', 'smtp_connection', 'smtp_incomplete_transaction', 'smtp_protocol_error', 'smtp_syntax_error',
] as const;
const WORD1 = [
  '8bitmime', 'acl_warn_skipped', 'arguments', 'deliver_time', 'delivery_size', 'dkim', 'dkim_verbose', 'dnssec',
  'ident_timeout', 'incoming_interface', 'incoming_port', 'millisec', 'msg_id', 'msg_id_created',
  'outgoing_interface', 'outgoing_port', 'pid', 'pipelining', 'protocol_detail', 'proxy', 'queue_time',
  'queue_time_exclusive', 'queue_time_overall', 'receive_time', 'received_sender', 'received_recipients',
  'rejected_header', 'return_path_on_delivery', 'sender_on_delivery', 'sender_verify_fail', 'smtp_confirmation',
  'smtp_mailauth', 'smtp_no_mail', 'subject', 'tls_certificate_verified', 'tls_cipher', 'tls_peerdn',
  'tls_resumption', 'tls_sni', 'unknown_in_list',
] as const;
export type LogSelector = (typeof WORD0)[number] | (typeof WORD1)[number];

/** log_default[] */
const DEFAULT: LogSelector[] = [
  'acl_warn_skipped', 'connection_reject', 'delay_delivery', 'dkim', 'dnslist_defer', 'etrn',
  'host_lookup_failed', 'lost_incoming_connection', 'outgoing_interface', 'msg_id', 'queue_run',
  'queue_time_exclusive', 'rejected_header', 'retry_defer', 'sender_verify_fail', 'size_reject',
  'skip_delivery', 'smtp_confirmation', 'tls_certificate_verified', 'tls_cipher',
];

/** log_selector's "+name -name +all -all" over the defaults; unknown names are ignored here (the linter reports them) */
export function parseLogSelector(spec: string | undefined): Set<LogSelector> {
  const on = new Set<LogSelector>(DEFAULT);
  const all = [...WORD0, ...WORD1] as LogSelector[];
  for (const item of (spec ?? '').split(/\s+/).filter(Boolean)) {
    const add = item[0] !== '-';
    const name = item.replace(/^[+-]/, '');
    const names = name === 'all' ? all : all.includes(name as LogSelector) ? [name as LogSelector] : [];
    for (const n of names) if (add) on.add(n); else on.delete(n);
  }
  return on;
}

export type LogFlag = 'main' | 'reject' | 'panic';

export interface LogLine {
  flags: LogFlag[];
  /** the text after the timestamp (message id included) */
  text: string;
}

export class SessionLog {
  /** the id of the message being received, prefixed to lines */
  messageId = '';
  constructor(readonly selectors: Set<LogSelector>, private readonly sink: (line: LogLine) => void) {}

  logging(sel: LogSelector): boolean {
    return this.selectors.has(sel);
  }

  /** log_write(selector, flags, text): a selector of word 1 does not gate the line (Exim tests word 0 only) */
  write(selector: LogSelector | 0, flags: LogFlag[], text: string): void {
    if (selector !== 0 && (WORD0 as readonly string[]).includes(selector) && !this.selectors.has(selector)) return;
    const id = this.messageId ? `${this.messageId} ` : '';
    this.sink({ flags, text: id + text });
  }
}
