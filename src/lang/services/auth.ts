// Sender authentication as the ACL conditions see it: SPF and DMARC providers
// a session is given (src/runtime/auth has the ones that ask the DNS; a replay
// may give recorded results instead). The conditions set Exim's variables from
// what a provider answers.

/** spf_result_id_list[] of Exim's spf.c ("invalid" prints as "(invalid)" in $spf_result) */
export type SpfResultName = 'invalid' | 'neutral' | 'pass' | 'fail' | 'softfail' | 'none' | 'temperror' | 'permerror';

export interface SpfRequest {
  /** the client's address ($sender_host_address) */
  ip: string;
  /** the envelope sender ($sender_address; empty for bounces) */
  sender: string;
  /** the HELO/EHLO name */
  helo: string;
  /** the receiving host (primary_hostname), which libspf2 names in its comments */
  receiver: string;
  /** spf_guess: the record to use when the domain publishes none */
  guess?: string;
  /** the expanded spf_smtp_comment_template: the explanation when the record has none */
  defaultExplanation: string;
}

export interface SpfResponse {
  result: SpfResultName;
  /** $spf_header_comment */
  headerComment: string;
  /** $spf_received: the whole "Received-SPF: ..." line */
  received: string;
  /** $spf_smtp_comment (fail, softfail, neutral): explanation and reason */
  smtpComment: string;
  /** the result came from the spf_guess record */
  guessed: boolean;
}

export interface SpfProvider {
  check(req: SpfRequest): SpfResponse | Promise<SpfResponse>;
}

/** Exim's DMARC results, as dmarc_status = matches them */
export type DmarcStatus = 'accept' | 'reject' | 'quarantine' | 'none' | 'norecord' | 'nofrom' | 'temperror' | 'off';

export interface DmarcRequest {
  /** the RFC5322.From domain (empty when the message has none) */
  fromDomain: string;
  /** the envelope sender's domain */
  envelopeDomain: string;
  /** the SPF result of the session, if spf = ran (else the provider checks itself) */
  spf?: { result: SpfResultName; domain: string };
  /** the DKIM signatures that verified: signing domain, and status */
  dkim: { domain: string; status: string }[];
  /** the client address (for the history file and reports) */
  ip: string;
  /** dmarc_history_file: where to append the OpenDMARC history record (none: not written) */
  historyFile?: string;
  /** $message_id and primary_hostname, for the history record */
  messageId?: string;
  reporter?: string;
}


export interface DmarcResponse {
  /** $dmarc_status */
  status: DmarcStatus;
  /** $dmarc_status_text */
  statusText: string;
  /** $dmarc_used_domain */
  usedDomain: string;
  /** $dmarc_domain_policy (blank on any error) */
  domainPolicy: string;
  /** the Authentication-Results element (authres_dmarc(): "dmarc=pass header.from=example.com") */
  arHeader: string;
  /** the record's ruf= addresses, for control = dmarc_enable_forensic */
  ruf?: string[];
  /** the alignments the forensic report states */
  spfAligned?: boolean;
  dkimAligned?: boolean;
  /** main log lines ("DMARC results: ...") */
  logs?: string[];
}

export interface DmarcProvider {
  check(req: DmarcRequest): DmarcResponse | Promise<DmarcResponse>;
}
