// Domain lists: match_isinlist(..., MCL_DOMAIN, caseless) as the match_domain condition uses it.
import { checkString, lowerAscii, matchCheckList, type MatchResult, type MatchServices } from './list.js';

/** Is `domain` in the domain list? $0 is the domain, $1.. the wildcard part or regex groups. */
export function matchDomainList(domain: string, list: string, svc: MatchServices, caseless = true, sep = 0, option?: string): MatchResult {
  const cb = { subject: caseless ? lowerAscii(domain) : domain, origSubject: domain, caseless, atSpecial: true, expandSetup: 0 };
  return matchCheckList(list, { kind: 'domain', sep, subject: domain, option }, (pat, out) => checkString(cb, pat, out, svc, 'domain'), svc);
}
