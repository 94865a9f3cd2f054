// What a session runs with besides its own facts: the services an embedding
// program provides (or the CLI wires: real DNS, in-memory ratelimit store, ...).
// Every member is optional; a condition that needs a missing service defers
// with a message saying which one.
import type { DnsResolver } from './dns.js';
import type { DmarcProvider, SpfProvider } from './auth.js';
import type { RatelimitStore, SeenStore } from './ratelimit.js';
import type { Verifier } from './verify.js';

import type { OutboundQueue } from './outbound.js';

export interface SessionServices {
  /** messages the engine sends itself (DMARC forensic reports): missing, none are sent */
  outbound?: OutboundQueue;
  /** DNS questions: host lists with names, dnslists, dnsdb, SPF, DKIM keys, DMARC records */
  dns?: DnsResolver;
  /** SPF evaluation (spf =, spf_guess =); src/runtime/auth/spf/provider.ts asks the DNS */
  spf?: SpfProvider;
  /** DMARC evaluation (dmarc_status =) */
  dmarc?: DmarcProvider;
  /** the ratelimit database ("ratelimit ="); missing: the condition defers as Exim does without its database */
  ratelimit?: RatelimitStore;
  /** the seen database ("seen =") */
  seen?: SeenStore;
  /** address verification (verify = sender / recipient / header_sender): routing and callouts */
  verifier?: Verifier;
}

export type * from './dns.js';
export type * from './auth.js';
export type * from './ratelimit.js';
export type * from './verify.js';
export type * from './outbound.js';
