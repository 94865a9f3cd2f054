// IP address text as Exim reads and writes it: string_is_ip_address(),
// host_aton(), host_mask(), host_nmtoa(), ipv6_nmtoa(), invert_address().
// Binary form: an array of 32-bit words (1 for IPv4, 4 for IPv6).

/**
 * glibc inet_pton(AF_INET): four decimal octets, no leading zeros. The
 * address as one number, or -1. (A scan, not split and regexes: ${mask},
 * ${reverse_ip} and the host lists read addresses on every line.)
 */
function pton4Value(s: string): number {
  const n = s.length;
  let value = 0;
  let parts = 0;
  for (let i = 0; ;) {
    const start = i;
    let octet = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      if (i - start === 3) return -1;
      octet = octet * 10 + c - 48;
    }
    if (i === start || (i - start > 1 && s.charCodeAt(start) === 48) || octet > 255) return -1;
    value = value * 256 + octet;
    if (++parts === 4) return i === n ? value : -1;
    if (i === n || s.charCodeAt(i) !== 46) return -1;
    i++;
  }
}

const pton4 = (s: string): boolean => pton4Value(s) >= 0;

/** glibc inet_pton(AF_INET6), a dotted IPv4 tail allowed */
function pton6(s: string): boolean {
  if (s.startsWith(':') && !s.startsWith('::')) return false;
  if (s.endsWith(':') && !s.endsWith('::')) return false;
  const dbl = s.indexOf('::');
  if (dbl >= 0 && s.indexOf('::', dbl + 1) >= 0) return false;
  const groups = s.split(':');
  let words = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    if (g === '') continue;
    if (i === groups.length - 1 && g.includes('.')) {
      if (!pton4(g)) return false;
      words += 2;
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) words++;
    else return false;
  }
  return dbl >= 0 ? words <= 7 : words === 8;
}

/**
 * string_is_ip_address() as Debian's 4.96 has it (the inet_pton() based
 * version): 4, 6 or 0. With allowMask a "/bits" suffix is accepted and its
 * offset goes to maskOut (0 if none); without it a "/" fails.
 */
export function ipType(s: string, allowMask = false, maskOut?: { offset: number }): 0 | 4 | 6 {
  const slash = s.indexOf('/');
  let end = s.length;
  if (maskOut) maskOut.offset = 0;
  if (slash >= 0) {
    if (!allowMask) return 0;
    // strtol() must read the whole rest; with no digits it reads nothing (so only "" passes)
    const m = /^(?:[ \t\n\v\f\r]*[+-]?[0-9]+)?$/.exec(s.slice(slash + 1));
    if (!m || /-[0-9]*[1-9]/.test(m[0])) return 0;
    if (maskOut) maskOut.offset = slash;
    end = slash;
  }
  const percent = s.indexOf('%');
  if (percent >= 0) {
    if (slash >= 0) return 0;
    if (!/^[!-~]*$/.test(s.slice(percent + 1))) return 0;
    end = percent;
  }
  const addr = s.slice(0, end);
  if (addr.includes(':')) return pton6(addr) ? 6 : 0;
  return percent < 0 && pton4(addr) ? 4 : 0;
}

/** host_aton() on a checked address: words, 1 for IPv4, 4 for IPv6 */
export function aton(address: string): number[] {
  const bin: number[] = [];
  let v4offset = 0;
  if (address.includes(':')) {
    let p = 0;
    const comps: string[] = [];
    let nulloffset = 0;
    let v6count = 8;
    if (address[p] === ':') p++;
    while (p < address.length && address[p] !== '%') {
      let len = 0;
      while (p + len < address.length && address[p + len] !== ':' && address[p + len] !== '%') len++;
      if (len === 0) nulloffset = comps.length;
      comps.push(address.slice(p, p + len));
      p += len;
      if (address[p] === ':') p++;
    }
    let ipv4 = false;
    if (comps.length && comps[comps.length - 1]!.includes('.')) {
      address = comps.pop()!;
      ipv4 = true;
      v4offset = 3;
      v6count = 6;
    }
    const ci = comps.length;
    if (ci < v6count) {
      const insert = v6count - ci;
      let i: number;
      for (i = v6count - 1; i > nulloffset + insert; i--) comps[i] = comps[i - insert]!;
      while (i > nulloffset) comps[i--] = '';
    }
    const hex = (x: string | undefined) => { const m = /^\s*[0-9a-fA-F]+/.exec(x ?? ''); return m ? parseInt(m[0], 16) : 0; };
    for (let i = 0; i < v6count; i += 2) bin[i / 2] = ((hex(comps[i]) << 16) + hex(comps[i + 1])) | 0;
    if (!ipv4) return bin;
  }
  const v = pton4Value(address);
  if (v >= 0) {
    bin[v4offset] = v | 0;
  } else {
    const x = address.split('.').slice(0, 4).map((n) => parseInt(n, 10) || 0);
    bin[v4offset] = ((x[0]! << 24) + (x[1]! << 16) + (x[2]! << 8) + x[3]!) | 0;
  }
  return bin.slice(0, v4offset + 1);
}

/** host_mask() */
export function applyMask(bin: number[], mask: number): void {
  if (mask < 0) mask = 99999;
  for (let i = 0; i < bin.length; i++) {
    let wordmask: number;
    if (mask === 0) wordmask = 0;
    else if (mask < 32) { wordmask = (-1 << (32 - mask)) | 0; mask = 0; }
    else { wordmask = -1; mask -= 32; }
    bin[i]! &= wordmask;
  }
}

const hex4 = (n: number) => (n & 0xffff).toString(16).padStart(4, '0');

/** host_nmtoa(): dotted IPv4 or fully expanded IPv6 with `sep`, and "/mask" if mask >= 0 */
export function nmtoa(bin: number[], mask: number, sep = ':'): string {
  let out: string;
  if (bin.length === 1) {
    const j = bin[0]!;
    out = `${(j >> 24) & 255}.${(j >> 16) & 255}.${(j >> 8) & 255}.${j & 255}`;
  } else {
    out = bin.map((j) => `${hex4(j >> 16)}${sep}${hex4(j)}`).join(sep);
  }
  return mask < 0 ? out : `${out}/${mask}`;
}

/** ipv6_nmtoa(): zero-compressed IPv6 text, with Exim's quirks (all zeros gives ":") */
export function ipv6Compressed(bin: number[]): string {
  let buf = bin.map((j) => `${((j >> 16) & 0xffff).toString(16)}:${(j & 0xffff).toString(16)}:`).join('');
  let c = 0, k = -1, d = -1;
  for (let i = 0; i < 8; i++) {
    if (buf[c] === '0') {
      const s = c;
      const j = i;
      while (buf[c + 2] === '0') { i++; c += 2; }
      if (i - j > k) { k = i - j; d = s; }
    }
    while (buf[++c] !== ':');
    c++;
  }
  buf = buf.slice(0, c - 1);
  if (k < 0) return buf;
  let from = d + 2 * (k + 1);
  if (d === 0) from--;
  return buf.slice(0, d) + ':' + buf.slice(from);
}

/** invert_address(): reversed for DNS lists, nibbles for IPv6 */
export function invertAddress(address: string): string {
  if (address.startsWith('::ffff:')) address = address.slice(7);
  const bin = aton(address);
  if (bin.length === 1) {
    const x = bin[0]!;
    return `${x & 255}.${(x >> 8) & 255}.${(x >> 16) & 255}.${(x >> 24) & 255}`;
  }
  const parts: string[] = [];
  for (let j = 3; j >= 0; j--) {
    let x = bin[j]!;
    for (let i = 0; i < 8; i++) { parts.push((x & 15).toString(16)); x >>= 4; }
  }
  return parts.join('.');
}
