// Address verification as the ACL sees it: verify = sender, recipient and
// header_sender route the address (and may call out) in Exim. exim-ts has no
// routers: an embedding program (or a later router engine) answers here.

export type VerifyKind = 'sender' | 'recipient' | 'header_sender';

/** The options of the verify condition that concern routing and callouts. */
export interface VerifyOptions {
  /** /callout[=...]: timeout in seconds (-1: no callout) */
  callout: number;
  calloutOverall: number;
  calloutConnect: number;
  /** callout sub-options by name (defer_ok, no_cache, random, use_sender, use_postmaster, postmaster, fullpostmaster, hold, mailfrom, maxwait, connect) */
  calloutOptions: string[];
  /** /callout=mailfrom=... (header_sender) and postmaster_mailfrom= */
  seMailfrom?: string;
  pmMailfrom?: string;
  successOnRedirect: boolean;
  /** the sender is not the envelope sender (verify = sender=<address>) */
  fakeSender: boolean;
}

export interface VerifyResult {
  rc: 'OK' | 'FAIL' | 'DEFER';
  /** what the client is told (addr->user_message) */
  message?: string;
  /** what is logged (addr->message) */
  logMessage?: string;
  /** $sender_verify_failure / $recipient_verify_failure: qualify, route, mail, recipient, postmaster, random */
  failure?: string;
}

export interface Verifier {
  verifyAddress(kind: VerifyKind, address: string, options: VerifyOptions): Promise<VerifyResult> | VerifyResult;
}
