// Arithmetic and time: eval, eval10, randint, time_eval, time_interval.
import { nodeCrypto } from '../util/builtins.js';
import { ExpandError, type OperatorEntry } from '../expand-api.js';
import { evalExpression } from '../util/arith.js';
import { expandedStringInteger } from '../util/integer.js';
import { readTime, printTime } from '../util/time.js';

function evalOp(decimal: boolean): OperatorEntry['run'] {
  return (arg) => {
    const r = evalExpression(arg, decimal);
    if ('error' in r) {
      throw new ExpandError(`error in expression evaluation: ${r.error} (after processing "${r.consumed}")`);
    }
    return String(r.value);
  };
}

export const numberOperators: OperatorEntry[] = [
  { name: 'eval', keepsTaint: false, doc: '${eval:<expression>}: integer arithmetic (+ - * / % & | ^ ~ << >>, hex and octal numbers)', run: evalOp(false) },
  { name: 'eval10', keepsTaint: false, doc: '${eval10:<expression>}: as eval, numbers always decimal', run: evalOp(true) },
  {
    name: 'randint',
    doc: '${randint:<n>}: a random number from 0 to n-1',
    run(arg, _s, ev) {
      const max = expandedStringInteger(arg, true);
      return String(ev.io(() => (max <= 1n ? 0 : nodeCrypto().randomInt(Number(max > 0x7fffffffn ? 0x7fffffffn : max)))));
    },
    keepsTaint: false,
  },
  {
    name: 'time_eval', keepsTaint: false,
    doc: '${time_eval:<interval>}: seconds in an Exim time interval like 1d2h',
    run(arg, _s, _ev, node) {
      const n = readTime(arg);
      if (n < 0) throw new ExpandError(`string "${arg}" is not an Exim time interval in "${node.name}" operator`);
      return String(n);
    },
  },
  {
    name: 'time_interval', keepsTaint: false,
    doc: '${time_interval:<seconds>}: seconds as an Exim time interval like 1d2h',
    run(arg, _s, _ev, node) {
      const m = /^[0-9]*/.exec(arg)![0];
      if (m.length !== arg.length) throw new ExpandError(`string "${arg}" is not a positive number in "${node.name}" operator`);
      let n = 0;
      for (const c of m) n = (n * 10 + c.charCodeAt(0) - 48) | 0;
      return printTime(n);
    },
  },
];
