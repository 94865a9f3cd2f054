// In-memory ratelimit / seen store: one Map per process, the clock injectable
// (tests and replays pass their own). Records are copied in and out so a
// caller's changes reach the store only through put(), as with a database.
import type { KeyedStore, RatelimitRecord, SeenRecord } from '../../lang/services/ratelimit.js';

export class MemoryStore<T extends object> implements KeyedStore<T> {
  private readonly data = new Map<string, T>();
  constructor(readonly now: () => number = Date.now) {}
  get(key: string): T | undefined {
    const r = this.data.get(key);
    return r ? clone(r) : undefined;
  }
  put(key: string, record: T): void {
    this.data.set(key, clone(record));
  }
  get size(): number { return this.data.size; }
}

function clone<T extends object>(r: T): T {
  const c = { ...r } as Record<string, unknown>;
  for (const [k, v] of Object.entries(c)) if (v instanceof Uint8Array) c[k] = new Uint8Array(v);
  return c as T;
}

export const memoryRatelimitStore = (now?: () => number) => new MemoryStore<RatelimitRecord>(now);
export const memorySeenStore = (now?: () => number) => new MemoryStore<SeenRecord>(now);
