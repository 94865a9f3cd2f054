// Local part lists: match_isinlist(..., MCL_LOCALPART, caseless), with "+caseful".
import { checkString, lowerAscii, matchCheckList, type MatchResult, type MatchServices } from './list.js';

/** Is `localPart` in the local part list? Caseless until a "+caseful" item. */
export function matchLocalPartList(localPart: string, list: string, svc: MatchServices, caseless = true, sep = 0): MatchResult {
  const cb = { subject: caseless ? lowerAscii(localPart) : localPart, origSubject: localPart, caseless, atSpecial: false, expandSetup: 0 };
  const onCaseful = () => { cb.subject = cb.origSubject; cb.caseless = false; };
  return matchCheckList(list, { kind: 'localpart', sep, onCaseful, subject: localPart }, (pat, out) => checkString(cb, pat, out, svc, 'localpart'), svc);
}
