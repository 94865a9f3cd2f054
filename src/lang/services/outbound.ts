// Messages the engine itself sends (DMARC forensic reports; later bounces and
// warnings): handed to whoever delivers mail. exim-ts has no delivery yet, so a
// server writes them to a directory (src/runtime/outbound/file-queue.ts).

export interface OutboundMessage {
  /** envelope sender ('' for the null sender) */
  sender: string;
  recipients: string[];
  /** the whole message: header lines, a blank line, the body (LF line ends) */
  text: string;
}

export interface OutboundQueue {
  submit(m: OutboundMessage): void | Promise<void>;
}
