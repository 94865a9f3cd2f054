// The timeout on every query to a lookup server: one timer per lookup type
// watching all queries out, rather than a timer set and cleared per query
// (which costs more than the rest of a lookup's own work). A query still
// out after the timeout is expired, found by a check that runs four times
// per timeout period: so it ends between 1 and 1.25 timeouts after it
// started. The timer does not keep the process alive.

export interface Watched {
  readonly started: number;
  /** the query was given up: whatever its connection does later is not its answer */
  expired: boolean;
  readonly expire: () => void;
}

export class QueryWatchdog {
  private readonly out = new Set<Watched>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly timeoutMs: number) {}

  /** a query goes out; `expire` runs (once) if it is still out after the timeout */
  start(expire: () => void): Watched {
    const w: Watched = { started: performance.now(), expired: false, expire };
    this.out.add(w);
    if (!this.timer) {
      this.timer = setInterval(() => this.check(), Math.max(5, this.timeoutMs / 4));
      this.timer.unref();
    }
    return w;
  }

  /** the query is answered (or failed): no longer watched */
  done(w: Watched): void {
    this.out.delete(w);
  }

  private check(): void {
    const now = performance.now();
    for (const w of this.out) {
      if (now - w.started < this.timeoutMs) continue;
      this.out.delete(w);
      w.expired = true;
      w.expire();
    }
    // nothing out: the timer goes until the next query
    if (this.out.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** stop watching (the lookup type is closed) */
  close(): void {
    this.out.clear();
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
