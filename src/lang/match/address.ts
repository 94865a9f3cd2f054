// Address lists: match_address_list() and check_address() from match.c.
import { checkString, lowerAscii, matchCheckList, type MatchResult, type MatchServices, type Rc } from './list.js';
import { ListReader } from '../util/list.js';

/**
 * Is `address` in the address list? Caseless lower-cases the whole address
 * (until "+caseful"); otherwise only the domain. `expandSetup` -1: no $n.
 */
export function matchAddressList(address: string, list: string, svc: MatchServices, caseless = true,
  expandSetup = -1, sep = 0): MatchResult {
  const at = address.lastIndexOf('@');
  const lowered = caseless ? lowerAscii(address) : at >= 0 ? address.slice(0, at) + lowerAscii(address.slice(at)) : address;
  const ab = { address: lowered, orig: address, caseless, expandSetup: expandSetup === 0 ? 1 : expandSetup };
  const zero = expandSetup === 0 ? [address] : undefined;
  const onCaseful = () => {
    const oat = address.lastIndexOf('@');
    if (oat >= 0) ab.address = address.slice(0, oat) + ab.address.slice(oat);
    ab.caseless = false;
  };
  const res: MatchResult = { rc: 'fail', matches: zero };
  return matchCheckList(list, { kind: 'address', sep, onCaseful, subject: address },
    (pat, out) => checkAddress(ab, pat, out, svc, zero), svc, res);
}

interface AddressBlock { address: string; orig: string; caseless: boolean; expandSetup: number }

function checkAddress(cb: AddressBlock, pattern: string, out: { value?: string; matches?: string[]; error?: string },
  svc: MatchServices, zero: string[] | undefined): Rc {
  const subject = cb.address;
  const at = subject.lastIndexOf('@');
  // a non-empty subject without a domain is a configuration error: Exim logs it and fails
  if (at < 0 && subject !== '') return 'fail';
  const str = (s: string, setup: number, caseless: boolean, atSpecial: boolean) =>
    ({ subject: caseless ? lowerAscii(s) : s, origSubject: s, caseless, atSpecial, expandSetup: setup });
  if (pattern[0] === '^') {
    const o: { value?: string; matches?: string[] } = {};
    const rc = checkString(str(subject, cb.expandSetup, cb.caseless, false), pattern, o, svc, 'address');
    if (o.matches) out.matches = merge(zero, o.matches);
    return rc;
  }
  const lk = /^[A-Za-z0-9-]*\*?@?/.exec(pattern)![0];
  if (pattern[lk.length] === ';') return checkString(str(subject, -1, cb.caseless, false), pattern, out, svc, 'address');
  if (subject === '') return pattern ? 'fail' : 'ok';
  const sdomain = at;
  if (pattern.startsWith('@@')) {
    // split lookups: the domain's entry lists local parts
    if (sdomain === 1 && subject[0] === '*') return 'fail';
    let key: string | undefined = subject.slice(sdomain + 1);
    for (let watchdog = 50; key !== undefined && watchdog > 0; watchdog--) {
      const o: { value?: string; error?: string } = {};
      const rc = checkString(str(key, -1, false, false), pattern.slice(2), o, svc, 'address');
      if (rc !== 'ok') { out.error = o.error; return rc; }
      let list = o.value ?? '';
      const colon = list.lastIndexOf(':');
      let tail = colon < 0 ? 0 : colon + 1;
      while (/\s/.test(list[tail] ?? '')) tail++;
      if (list[tail] === '>') {
        key = list.slice(tail + 1).trim();
        list = list.slice(0, tail);
      } else key = undefined;
      const r = new ListReader(list);
      for (let ss = r.next(); ss !== undefined; ss = r.next()) {
        let localYield: Rc = 'ok';
        if (ss[0] === '!') { localYield = 'fail'; ss = ss.slice(1).replace(/^\s+/, ''); }
        const lp = subject.slice(0, sdomain);
        const rc2 = checkString(str(lp, -1, cb.caseless, false), ss, out, svc, 'address');
        if (rc2 === 'ok') return localYield;
        if (rc2 === 'defer') return 'defer';
      }
    }
    return 'fail';
  }
  let pdomain = pattern.lastIndexOf('@');
  let value: string | undefined;
  let expandInc = 0;
  const ms: string[] = zero ? [...zero] : [];
  if (pdomain >= 0) {
    const after = pattern.slice(pdomain + 1);
    if (pdomain > 0 && pattern[pdomain - 1] === '@' && ['', '[]', 'mx_any', 'mx_primary', 'mx_secondary'].includes(after)) pdomain--;
    const pllen = pdomain;
    const sllen = sdomain;
    const eq = (a: string, b: string) => (cb.caseless ? lowerAscii(a) === lowerAscii(b) : a === b);
    if (pattern[0] === '*') {
      const cllen = pllen - 1;
      if (sllen < cllen) return 'fail';
      if (!eq(subject.slice(sllen - cllen, sllen), pattern.slice(1, 1 + cllen))) return 'fail';
      if (cb.expandSetup > 0) { ms[cb.expandSetup] = subject.slice(0, sllen - cllen); expandInc = 1; }
    } else {
      if (sllen !== pllen) return 'fail';
      if (!eq(subject.slice(0, sllen), pattern.slice(0, sllen))) return 'fail';
    }
    // Exim copies as many bytes of the pattern as the subject's local part has
    value = pattern.slice(0, sllen);
  }
  const dsub = subject.slice(sdomain + 1);
  const csb = { subject: cb.caseless ? lowerAscii(dsub) : dsub, origSubject: dsub, caseless: cb.caseless, atSpecial: true,
    expandSetup: cb.expandSetup < 0 ? -1 : cb.expandSetup + expandInc };
  const dpat = pdomain >= 0 ? pattern.slice(pdomain + 1) : pattern;
  const sub = matchCheckList(dpat, { kind: 'domain', sep: 256, subject: dsub }, (p, o) => checkString(csb, p, o, svc, 'domain'), svc);
  if (value !== undefined || sub.value !== undefined) out.value = `${value ?? ''}@${sub.value ?? ''}`;
  if (sub.rc === 'defer') out.error = sub.error;
  if (sub.rc === 'ok' && cb.expandSetup >= 0) out.matches = merge(ms, sub.matches ?? []);
  return sub.rc;
}

function merge(base: string[] | undefined, add: string[]): string[] {
  const r = base ? [...base] : [];
  add.forEach((v, i) => { if (v !== undefined && (i > 0 || !base)) r[i] = v; });
  return r;
}
