// Mailbox parsing: address, addresses, domain, local_part.
import { ExpandError, type Evaluator, type OperatorEntry } from '../expand-api.js';
import { extractAddress, findAddressEnd, type AddressOptions } from '../util/address.js';

function options(ev: Evaluator): AddressOptions {
  const opt = (n: string) => ev.ctx.config?.options?.get(n) === 'true';
  return {
    allowDomainLiterals: opt('allow_domain_literals'),
    stripTrailingDot: opt('strip_trailing_dot'),
    allowUtf8Domains: opt('allow_utf8_domains'),
    stripExcessAngleBrackets: opt('strip_excess_angle_brackets'),
  };
}

function part(which: 'address' | 'local_part' | 'domain'): OperatorEntry['run'] {
  return (arg, _s, ev) => {
    const r = extractAddress(arg, options(ev), ev.ctx.parseGroup);
    if ('error' in r) return '';
    if (which === 'address') return r.address;
    if (which === 'local_part') return r.domain > 0 ? r.address.slice(0, r.domain - 1) : r.address;
    return r.domain > 0 ? r.address.slice(r.domain) : '';
  };
}

export const addressOperators: OperatorEntry[] = [
  { name: 'address', doc: '${address:<mailbox>}: the address of an RFC 2822 mailbox', run: part('address') },
  { name: 'local_part', doc: '${local_part:<mailbox>}: the local part of the address', run: part('local_part') },
  { name: 'domain', doc: '${domain:<mailbox>}: the domain of the address', run: part('domain') },
  {
    name: 'addresses',
    doc: '${addresses:<header text>}: the addresses of a mailbox list, colon separated (>X sets the separator)',
    run(arg, _s, ev) {
      let s = arg;
      let i = 0;
      while (/[ \t\n\v\f\r]/.test(s[i] ?? '')) i++;
      let outsep = ':';
      if (s[i] === '>') {
        if (i + 1 >= s.length) throw new ExpandError(`output separator missing in expanding \${addresses:${s.slice(i)}}`);
        outsep = s[i + 1]!;
        i += 2;
      }
      s = s.slice(i);
      // the group flags are the process's, and stay as they are left (but "allow")
      const group = ev.ctx.parseGroup;
      group.allow = true;
      const opts = options(ev);
      let out = '';
      let any = false;
      for (let pos = 0; ;) {
        const end = findAddressEnd(s, pos);
        const r = extractAddress(s.slice(pos, end), opts, group);
        if (!('error' in r)) {
          let a = r.address;
          if (any && a[0] === outsep) out += ' ';
          // a separator inside an address is doubled
          a = a.split(outsep).join(outsep + outsep);
          out += a + outsep;
          any = true;
        }
        if (end >= s.length) break;
        pos = end + 1;
      }
      group.allow = false;
      return any ? out.slice(0, -1) : '';
    },
  },
];
