// What a session runs with besides its own facts: the services an embedding
// program provides (or the CLI wires: real DNS, in-memory ratelimit store, ...).
// Every member is optional; a condition that needs a missing service defers
// with a message saying which one.
import type { DnsResolver } from './dns.js';

export interface SessionServices {
  /** DNS questions: host lists with names, dnslists, dnsdb, SPF, DKIM keys, DMARC records */
  dns?: DnsResolver;
}

export type * from './dns.js';
