import { ParseError, type Before, type Evaluator, type ItemEntry } from '../expand-api.js';

/** ${if condition {yes}{no}} */
export const ifItem: ItemEntry = {
  name: 'if',
  doc: '${if <condition> {<string1>}{<string2>}}: string1 if the condition is true, else string2',
  asRead: true,
  parse(p) {
    p.skipWs();
    const cond = p.parseCondition();
    try {
      const yn = p.readYesNo('if');
      return { args: [], data: { cond, yn } };
    } catch (e) {
      // Exim evaluates the condition before it reads the yes/no strings
      if (e instanceof ParseError) e.before = afterDecision(e, (ev) => ev.cond(cond));
      throw e;
    }
  },
  run(node, ev) {
    const { cond, yn } = node.data;
    const saved = ev.matches;
    const savedValue = ev.condValue;
    try {
      const ok = ev.cond(cond);
      // a condition that set Exim's lookup_value (inlist, match_*, acl) gives $value to both branches
      const v = ev.condValue;
      if (v !== undefined) return ev.withLocal('value', v, () => ev.yesNo(ok, yn, 'if', v));
      return ev.yesNo(ok, yn, 'if');
    } finally {
      ev.matches = saved;
      ev.condValue = savedValue;
    }
  },
};

/**
 * The Before of an error in or after process_yesno()'s strings, once `decide`
 * has run (the condition, the lookup). process_yesno() expands the side it
 * takes as it reads it and the other skipping: an error inside the side
 * taken comes after what that side read before it; inside the other it is
 * reported alone, after the yes side if that was taken first; after both,
 * the side taken has run, and the message may depend on which it is. Takes
 * the error's branch and yes/no marks.
 */
export function afterDecision(e: ParseError, decide: (ev: Evaluator) => boolean): Before {
  const { branch, whenNo, before: inner, yn } = e;
  e.branch = undefined;
  e.yn = undefined;
  return (ev, message) => {
    const yes = decide(ev);
    if (branch === 'yes') return yes && inner ? inner(ev, message) : message;
    if (yes && yn?.yes) ev.str(yn.yes);
    if (branch === 'no') return !yes && inner ? inner(ev, message) : message;
    if (!yes && yn?.no) ev.str(yn.no);
    return yes || whenNo === undefined ? message : whenNo;
  };
}
