// The stores behind "ratelimit =" and "seen =" (Exim's ratelimit and seen hints
// databases): get/put of a record by key, and the clock the records are stamped
// with. src/runtime/ratelimit/memory-store.ts is the in-memory one; a shared
// store (Redis, SQL) implements the same interface.

/** dbdata_ratelimit (+ the Bloom filter of dbdata_ratelimit_unique for unique=/per_addr) */
export interface RatelimitRecord {
  /** when the rate was last computed: seconds and microseconds */
  timeStamp: number;
  timeUsec: number;
  /** the smoothed rate, events per period */
  rate: number;
  /** unique= counting: when the filter was started (seconds), and its bits */
  bloomEpoch?: number;
  bloom?: Uint8Array;
}

/** dbdata_seen */
export interface SeenRecord {
  /** seconds */
  timeStamp: number;
}

export interface KeyedStore<T> {
  get(key: string): T | undefined | Promise<T | undefined>;
  put(key: string, record: T): void | Promise<void>;
  /** the time now in milliseconds since the epoch (fractions allowed) */
  now(): number;
}

export type RatelimitStore = KeyedStore<RatelimitRecord>;
export type SeenStore = KeyedStore<SeenRecord>;
