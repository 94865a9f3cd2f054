// match {<subject>}{<regex>}: PCRE2 match; on success $0..$n are the match and its groups.
import type { ConditionEntry } from '../expand-api.js';
import { readTwo } from './args.js';
import { compileOrFail, pcreExec } from '../util/pcre.js';

export const matchCondition: ConditionEntry = {
  name: 'match',
  doc: 'match {<string>}{<regex>}: the PCRE2 regex matches; sets $0 (the match) and $1.. (groups)',
  asRead: true,
  parse: (p, n) => ({ args: readTwo(p, n) }),
  test(node, ev) {
    const subject = ev.str(node.args[0]);
    const pattern = ev.str(node.args[1]);
    const m = pcreExec(compileOrFail(pattern), subject);
    if (!m) return false;
    // every group up to the pattern's count; unset ones are empty
    ev.matches = m.groups.map((g) => g ?? '');
    return true;
  },
};
