// Tiny coroutines for the ACL engine: engine steps are generators that yield
// a promise whenever they must wait for I/O. Driven synchronously for as long
// as nothing waits, then asynchronously from the first wait on.

export type Co<T> = Generator<Promise<unknown>, T, unknown>;

/** a value that may be a promise, inside a coroutine */
export function* wait<T>(v: T | Promise<T>): Co<T> {
  return v instanceof Promise ? ((yield v) as T) : v;
}

/** run a coroutine: a plain value if it never waited, else a promise */
export function drive<T>(g: Co<T>): T | Promise<T> {
  const r = g.next();
  return r.done ? r.value : resume(g, r.value);
}

async function resume<T>(g: Co<T>, p: Promise<unknown>): Promise<T> {
  for (;;) {
    let value: unknown;
    let failed = false;
    try {
      value = await p;
    } catch (e) {
      failed = true;
      value = e;
    }
    const r = failed ? g.throw(value) : g.next(value);
    if (r.done) return r.value;
    p = r.value;
  }
}
