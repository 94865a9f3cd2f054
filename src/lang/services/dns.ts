// The DNS as the engine sees it: one question, one answer. src/dns has the real
// resolver (UDP/TCP to the configured servers) and the recorded one used by replays.

export type DnsRecordType = 'A' | 'AAAA' | 'MX' | 'TXT' | 'PTR' | 'CNAME' | 'NS' | 'SOA' | 'SRV' | 'TLSA' | 'SPF';

export interface DnsRecord {
  type: DnsRecordType;
  /** owner name, as in the answer (no trailing dot) */
  name: string;
  ttl: number;
  /**
   * the record data as text: an address, a target name (no trailing dot), a TXT
   * string (chunks joined), SOA "mname rname serial refresh retry expire minimum",
   * TLSA "usage selector matching-type hexdata"
   */
  data: string;
  /** MX preference, SRV priority */
  priority?: number;
  /** SRV weight and port */
  weight?: number;
  port?: number;
  /** TXT and SPF: the character-strings, unjoined (Exim's dnsdb can join them with a separator) */
  strings?: string[];
}

/** Exim's DNS_SUCCEED / DNS_NOMATCH / DNS_NODATA / DNS_AGAIN / DNS_FAIL */
export type DnsStatus = 'ok' | 'nxdomain' | 'nodata' | 'again' | 'fail';

export interface DnsAnswer {
  status: DnsStatus;
  /** the records of the asked type (after any CNAME chain); CNAMEs themselves only when asked for */
  records: DnsRecord[];
  /** the AD bit: a validating resolver vouched for the answer (DANE, dnssec in dnsdb) */
  authenticated: boolean;
  /** a negative answer's SOA minimum (RFC 2308 negative caching), when the answer carried one */
  negativeTtl?: number;
}

/** Per-question tuning (dnsdb's retrans_/retry_ options); resolvers may ignore it. */
export interface DnsQueryOptions {
  /** seconds to wait for one try */
  retrans?: number;
  /** number of tries */
  retry?: number;
}

export interface DnsResolver {
  /** `name` may be UTF-8 (a byte string): the resolver asks for its A-label form */
  query(name: string, type: DnsRecordType, opts?: DnsQueryOptions): Promise<DnsAnswer>;
}
