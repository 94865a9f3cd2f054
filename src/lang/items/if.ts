import { ParseError, type ItemEntry } from '../expand-api.js';
import { afterDecision } from './common.js';

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

