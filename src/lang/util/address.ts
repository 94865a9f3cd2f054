// RFC 822/5322 mailbox parsing as Exim's parse.c does it
// (parse_extract_address() and its readers), used by ${address:},
// ${addresses:}, ${domain:}, ${local_part:} and later by header checks.
import { isSpace } from './ctype.js';

export interface AddressOptions {
  allowDomainLiterals?: boolean;
  stripTrailingDot?: boolean;
  allowUtf8Domains?: boolean;
  stripExcessAngleBrackets?: boolean;
}

/** group-syntax state that persists across the addresses of one header */
export interface GroupState { allow: boolean; found: boolean }

const SPECIALS = ' ()<>@,;:\\".[]\x7f';
const isCntrlOrSpecial = (c: string | undefined) => c === undefined || c.charCodeAt(0) < 32 || SPECIALS.includes(c);
const isAlnum = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9]$/.test(c);
const EMAILADDR_MAX = 256;

class Failure { constructor(readonly message: string) {} }

class AddressParser {
  i = 0;
  lastComment = 0;
  constructor(readonly s: string, readonly o: AddressOptions) {}

  skipComment(): void {
    const s = this.s;
    this.lastComment = this.i;
    while (this.i < s.length) {
      while (isSpace(s[this.i])) this.i++;
      if (s[this.i] !== '(') break;
      let level = 1;
      for (;;) {
        const c = s[++this.i];
        if (c === undefined) break;
        if (c === '(') level++;
        else if (c === ')') { if (--level <= 0) { this.i++; break; } }
        else if (c === '\\' && this.i + 1 < s.length) this.i++;
      }
    }
  }

  /** read_domain(): returns the domain text ('' on error, with error set) */
  readDomain(msgIdLiterals: boolean): { text: string; error?: string } {
    const s = this.s;
    this.skipComment();
    let t = '';
    if (s[this.i] === '[') {
      t += s[this.i++];
      const pre = s.slice(this.i, this.i + 5).toLowerCase();
      if (pre === 'ipv6:' || pre === 'ipv4:') { t += s.slice(this.i, this.i + 5); this.i += 5; }
      const ok = msgIdLiterals
        ? (c: string) => { const n = c.charCodeAt(0); return (n >= 33 && n <= 90) || (n >= 94 && n <= 126); }
        : (c: string) => c === '.' || c === ':' || /^[0-9a-fA-F]$/.test(c);
      while (this.i < s.length && ok(s[this.i]!)) t += s[this.i++];
      let error: string | undefined;
      if (s[this.i] === ']') t += s[this.i++];
      else { error = 'malformed domain literal'; t = ''; }
      if (!this.o.allowDomainLiterals && !msgIdLiterals) { error = 'domain literals not allowed'; t = ''; }
      this.skipComment();
      return { text: t, error };
    }
    for (;;) {
      const before = t.length;
      if (s[this.i] !== '-') {
        for (;;) {
          const c = s[this.i];
          if (isAlnum(c) || c === '-') { t += c; this.i++; continue; }
          if (!this.o.allowUtf8Domains || c === undefined || (c.charCodeAt(0) & 0xc0) !== 0xc0) break;
          let d = c.charCodeAt(0) << 2;
          let n: number;
          for (n = 1; n < 6; n++) { if ((d & 0x80) === 0) break; d <<= 1; }
          if (n === 6) return { text: '', error: 'invalid UTF-8 byte sequence' };
          t += s[this.i++];
          while (n-- > 0) {
            if (((s.charCodeAt(this.i) || 0) & 0xc0) !== 0x80) return { text: '', error: 'invalid UTF-8 byte sequence' };
            t += s[this.i++];
          }
        }
      }
      this.skipComment();
      if (t.length === before) {
        if (this.o.stripTrailingDot && t.length > 0 && s[this.i] !== '.') return { text: t.slice(0, -1) };
        return { text: '', error: 'domain missing or malformed' };
      }
      if (s[this.i] !== '.') break;
      t += s[this.i++];
      this.skipComment();
    }
    return { text: t };
  }

  /** read_local_part() */
  readLocalPart(allowNull: boolean): { text: string; error?: string } {
    const s = this.s;
    let t = '';
    for (;;) {
      const before = t.length;
      this.skipComment();
      if (s[this.i] === '"') {
        t += '"';
        let c: string | undefined;
        while ((c = s[++this.i]) !== undefined && c !== '"') {
          t += c;
          if (c === '\\' && this.i + 1 < s.length) t += s[++this.i];
        }
        if (c === '"') { this.i++; t += '"'; }
        else return { text: t, error: 'unmatched doublequote in local part' };
      } else {
        while (!isCntrlOrSpecial(s[this.i]) || s[this.i] === '\\') {
          const c = s[this.i++]!;
          t += c;
          if (c === '\\' && this.i < s.length) t += s[this.i++];
        }
      }
      this.skipComment();
      if (t.length === before && s[this.i] !== '.') {
        if (t.length === 0 && !allowNull) return { text: t, error: 'missing or malformed local part' };
        return { text: t };
      }
      if (s[this.i] !== '.') break;
      do { t += s[this.i++]; } while (s[this.i] === '.');
    }
    return { text: t };
  }

  /** read_route(): the route is discarded */
  readRoute(): void {
    const s = this.s;
    let commas = false;
    while (s[this.i] === '@') {
      this.i++;
      const d = this.readDomain(false);
      if (d.error) throw new Failure(d.error);
      if (!d.text) return;
      if (s[this.i] !== ',') break;
      this.i++;
      commas = true;
      this.skipComment();
    }
    if (s[this.i] === ':') this.i++;
    else throw new Failure(commas ? 'colon expected after route list' : 'no local part');
    this.skipComment();
  }

  /** read_addr_spec(): returns [address, domain offset or 0] */
  readAddrSpec(term: string | undefined): [string, number] {
    const lp = this.readLocalPart(false);
    if (lp.error) throw new Failure(lp.error);
    if (this.s[this.i] === term) return [lp.text, 0];
    if (this.s[this.i] !== '@') throw new Failure(`"@" or "." expected after "${lp.text}"`);
    this.i++;
    const d = this.readDomain(false);
    if (d.error) throw new Failure(d.error);
    return [lp.text + '@' + d.text, lp.text.length + 1];
  }
}

export interface ExtractedAddress { address: string; domain: number; start: number; end: number }

/** parse_extract_address(): the operative address of a mailbox, or an error */
export function extractAddress(mailbox: string, o: AddressOptions = {}, group?: GroupState, allowNull = false):
  ExtractedAddress | { error: string } {
  const p = new AddressParser(mailbox, o);
  const s = mailbox;
  let address = '';
  let domain = 0;
  let start = 0;
  let endptr = 0;
  try {
    for (;;) { // RESTART after a group name
      p.skipComment();
      start = p.i;
      const lp = p.readLocalPart(true);
      if (lp.error) throw new Failure(lp.error);
      address = lp.text;
      if (s[p.i] !== '@' && s[p.i] !== '<') {
        if (p.i >= s.length || s[p.i] === ';') {
          if (!address) throw new Failure('empty address');
          endptr = p.lastComment;
          return finish();
        }
        while (s[p.i] !== '<' && (!group?.allow || s[p.i] !== ':')) {
          const w = p.readLocalPart(false);
          if (w.error) throw new Failure(`${w.error} (expected word or "<")`);
        }
        if (s[p.i] === ':') {
          group!.found = true;
          group!.allow = false;
          p.i++;
          continue;
        }
      }
      break;
    }
    if (s[p.i] === '<') {
      let brackets = 1;
      p.i++;
      if (o.stripExcessAngleBrackets) {
        while (s[p.i] === '<') {
          if (brackets++ > 5) throw new Failure('angle-brackets nested too deep');
          p.i++;
        }
      }
      start = p.i;
      p.skipComment();
      let routed = false;
      if (s[p.i] === '@') { p.readRoute(); routed = true; }
      if (allowNull && !routed && s[p.i] === '>') {
        address = '';
      } else {
        [address, domain] = p.readAddrSpec('>');
        if (routed && domain === 0) throw new Failure('domain missing in source-routed address');
      }
      endptr = p.i;
      while (brackets-- > 0) {
        if (s[p.i++] !== '>') {
          throw new Failure(p.i - 1 >= s.length
            ? "'>' missing at end of address"
            : `malformed address: ${s.slice(p.i - 1, p.i + 31)} may not follow ${s.slice(0, p.i - 1)}`);
        }
      }
      p.skipComment();
    } else if (!address) {
      p.readRoute();
      [address, domain] = p.readAddrSpec(undefined);
      endptr = p.lastComment;
      if (domain === 0) throw new Failure('domain missing in source-routed address');
    } else {
      p.i++;
      domain = address.length + 1;
      const d = p.readDomain(true);
      if (!d.text) throw new Failure(d.error ?? 'domain missing or malformed');
      address += '@' + d.text;
      endptr = p.lastComment;
    }
    return finish();
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    if (group?.found && s[p.i] === ';') { group.found = false; group.allow = true; }
    return { error: e.message };
  }

  function finish(): ExtractedAddress | { error: string } {
    if (p.i < s.length) {
      if (group?.found && s[p.i] === ';') { group.found = false; group.allow = true; }
      else throw new Failure(`malformed address: ${s.slice(p.i, p.i + 32)} may not follow ${s.slice(0, p.i)}`);
    }
    while (endptr > 0 && isSpace(s[endptr - 1])) endptr--;
    if (endptr - start > EMAILADDR_MAX) return { error: `address is ridiculously long: ${address.slice(0, 64)}...` };
    return { address, domain, start, end: endptr };
  }
}

/** parse_find_address_end(): index of the comma (or end) that ends this address */
export function findAddressEnd(s: string, from: number, nlEnds = false): number {
  let i = from;
  let sourceRouting = s[i] === '@';
  let noTerm = sourceRouting ? 1 : 0;
  while (i < s.length && (s[i] !== ',' || noTerm > 0) && (s[i] !== '\n' || !nlEnds)) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) i += 2;
    else if (c === '"') {
      while (++i < s.length && (s[i] !== '\n' || !nlEnds)) {
        if (s[i] === '\\' && i + 1 < s.length) i++;
        else if (s[i] === '"') { i++; break; }
      }
    } else if (c === '(') {
      let level = 1;
      while (++i < s.length && (s[i] !== '\n' || !nlEnds)) {
        if (s[i] === '\\' && i + 1 < s.length) i++;
        else if (s[i] === '(') level++;
        else if (s[i] === ')' && --level <= 0) { i++; break; }
      }
    } else {
      if (c === '<') { sourceRouting = s[i + 1] === '@'; noTerm = sourceRouting ? 2 : 1; }
      else if (c === '>') noTerm--;
      else if (sourceRouting && c === ':') noTerm--;
      i++;
    }
  }
  return i;
}
