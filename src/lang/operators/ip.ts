// IP addresses: mask, mask_n, ipv6norm, ipv6denorm, reverse_ip.
import { ExpandError, type OperatorEntry } from '../expand-api.js';
import { applyMask, aton, invertAddress, ipType, ipv6Compressed, nmtoa } from '../util/ip.js';

/** IPv4 becomes IPv4-mapped IPv6 */
function v6words(arg: string): number[] {
  const t = ipType(arg);
  if (t === 0) throw new ExpandError(`"${arg}" is not an IP address`);
  return t === 6 ? aton(arg) : [0, 0, 0xffff, aton(arg)[0]!];
}

export const ipOperators: OperatorEntry[] = [
  {
    name: 'mask', keepsTaint: false,
    doc: '${mask:<ip>/<bits>}: the address with the host bits cleared; mask_n gives compressed IPv6',
    run(arg, suffix) {
      const m = { offset: 0 };
      const type = ipType(arg, true, m);
      if (type === 0) throw new ExpandError(`"${arg}" is not an IP address`);
      if (m.offset === 0) throw new ExpandError(`missing mask value in "${arg}"`);
      // strtol(): leading space and a sign allowed, nothing after the digits
      const ms = /^[ \t\n\v\f\r]*([+-]?[0-9]*)$/.exec(arg.slice(m.offset + 1));
      const mask = ms ? Number(ms[1]!.replace(/^[+-]$/, '') || 0) : -1;
      if (mask < 0 || mask > (type === 4 ? 32 : 128)) throw new ExpandError(`mask value too big in "${arg}"`);
      const bin = aton(arg.slice(0, m.offset));
      applyMask(bin, mask);
      if (type === 4 || !suffix.startsWith('_n')) return nmtoa(bin, mask, '.');
      return `${ipv6Compressed(bin)}/${mask}`;
    },
  },
  {
    name: 'ipv6norm', keepsTaint: false,
    doc: '${ipv6norm:<ip>}: IPv6 in compressed form (IPv4 becomes IPv4-mapped)',
    run(arg) {
      const text = ipv6Compressed(v6words(arg));
      // ipv6_nmtoa() counts the NUL it copies when it compresses zeros: Exim's
      // answer then holds one, and -be's output and C-string readers stop there
      // (a compressed address has "::", or is ":" when all zeros)
      return text.includes('::') || text === ':' ? text + '\0' : text;
    },
  },
  {
    name: 'ipv6denorm', keepsTaint: false,
    doc: '${ipv6denorm:<ip>}: IPv6 fully expanded (IPv4 becomes IPv4-mapped)',
    run: (arg) => nmtoa(v6words(arg), -1, ':'),
  },
  {
    name: 'reverse_ip', keepsTaint: false,
    doc: '${reverse_ip:<ip>}: reversed for DNS (nibbles for IPv6)',
    run(arg) {
      if (ipType(arg, true) === 0) throw new ExpandError(`reverse_ip() not given an IP address [${arg}]`);
      return invertAddress(arg);
    },
  },
];
