// Names as they go on the wire: DNS lookups never use UTF-8, so a name with
// non-ASCII bytes is turned into its A-label form first, whatever
// allow_utf8_domains says. A name IDNA rejects is asked as it is (it will
// simply not be found).
import { domainToAscii } from '../lang/util/idna.js';

/** the A-label form of a (UTF-8 byte string) domain, without a trailing dot */
export function wireName(name: string): string {
  let n = name.endsWith('.') ? name.slice(0, -1) : name;
  if (/[\x80-\xff]/.test(n)) {
    try {
      n = domainToAscii(n);
    } catch {
      // keep the bytes: no server has such a name
    }
  }
  return n;
}

/** the key a zone or cache uses for a name: A-labels, lower case */
export function nameKey(name: string): string {
  return wireName(name).toLowerCase();
}
