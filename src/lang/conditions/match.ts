// match {<subject>}{<regex>}: PCRE2 match; on success $0..$n are the match and its groups.
import { ExpandError, type ConditionEntry } from '../expand-api.js';
import { readTwo } from './args.js';
import { compilePcre, pcreExec, PcreError, regexErrorMessage } from '../util/pcre.js';

export const matchCondition: ConditionEntry = {
  name: 'match',
  doc: 'match {<string>}{<regex>}: the PCRE2 regex matches; sets $0 (the match) and $1.. (groups)',
  parse: (p, n) => ({ args: readTwo(p, n) }),
  test(node, ev) {
    const subject = ev.str(node.args[0]);
    const pattern = ev.str(node.args[1]);
    let re;
    try {
      re = compilePcre(pattern);
    } catch (e) {
      if (e instanceof PcreError) throw new ExpandError(regexErrorMessage(pattern, e));
      throw e;
    }
    const m = pcreExec(re, subject);
    if (!m) return false;
    // every group up to the pattern's count; unset ones are empty
    ev.matches = m.groups.map((g) => g ?? '');
    return true;
  },
};
