// Exim time intervals: readconf_readtime() and readconf_printtime().

const UNITS: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };

const i32 = (n: number) => n | 0;

/**
 * Seconds (or milliseconds with `msec`, which allows "1.5s"), or -1 if
 * malformed; `terminator` is what must follow the last unit.
 */
export function readTime(s: string, terminator = '', msec = false, start = 0): number {
  let total = 0;
  let i = start;
  for (;;) {
    const m = /^[0-9]+/.exec(s.slice(i));
    if (!m) return -1;
    // sscanf("%d"): strtol() saturates at LONG_MAX, then the long is cut to an int
    const big = BigInt(m[0]);
    let value = Number(BigInt.asIntN(32, big > 0x7fffffffffffffffn ? 0x7fffffffffffffffn : big));
    i += m[0].length;
    const c = s[i];
    const mult = UNITS[c ?? ''];
    if (mult !== undefined) {
      value = Math.imul(value, mult);
      i++;
    } else if (c === '.') {
      if (!msec) return -1;
      const f = /^\.\d*(?:[eE][+-]?\d+)?/.exec(s.slice(i))!;
      const frac = parseFloat('0' + f[0]);
      i += f[0].length;
      if (s[i++] !== 's') return -1;
      total = i32(total + Math.trunc(frac * 1000));
    } else return -1;
    if (msec) value = i32(Math.imul(value, 1000));
    total = i32(total + value);
    if ((s[i] ?? '') === terminator) return total;
  }
}

/** readconf_printtime(): 1w2d3h4m5s form */
export function printTime(t: number): string {
  let out = '';
  // -INT_MIN overflows in Exim's C; Debian's build then prints the rest of the
  // magnitude but no weeks (the w > 0 test sees the wrapped sign)
  const wrapped = t === -2147483648;
  if (t < 0) { out = '-'; t = -t; }
  const s = t % 60; t = Math.floor(t / 60);
  const m = t % 60; t = Math.floor(t / 60);
  const h = t % 24; t = Math.floor(t / 24);
  const d = t % 7;
  const w = Math.floor(t / 7);
  const start = out.length;
  if (w > 0 && !wrapped) out += `${w}w`;
  if (d > 0) out += `${d}d`;
  if (h > 0) out += `${h}h`;
  if (m > 0) out += `${m}m`;
  if (s > 0 || out.length === start) out += `${s}s`;
  return out;
}
