// and{{c1}{c2}...} and or{{c1}{c2}...}: combine sub-conditions, stopping at the first that decides.
import { ExpandError, ParseError, skipped, type CondNode, type ConditionEntry } from '../expand-api.js';
import { runWithSuffix, withSuffix } from './subs.js';

function combine(name: 'and' | 'or', doc: string): ConditionEntry {
  const suffix = ` inside "${name}{...}" condition`;
  return {
    name,
    doc,
    asRead: true,
    parse(p) {
      if (p.skipWs() !== '{') p.fail(`missing { after "${name}"`);
      p.take('{');
      const subs: CondNode[] = [];
      try {
        for (;;) {
          if (p.skipWs() === '}') break;
          if (!p.take('{')) p.fail(`each subcondition inside an "${name}{...}" condition must be in its own {}`);
          subs.push(p.skippable(() => withSuffix(suffix, () => p.parseCondition())));
          p.skipWs();
          if (!p.take('}')) p.fail(`missing } at end of condition inside "${name}" group`);
        }
      } catch (e) {
        // the sub-conditions before the error run first, until one decides:
        // Exim reads the rest skipping
        if (e instanceof ParseError) {
          const done = subs.slice();
          const inner = e.before;
          // a sub-condition the error is in, when it is read skipping, may fail first
          const { skipFail } = e;
          e.before = (ev, message) => {
            for (let i = 0; i < done.length; i++) {
              const r = runWithSuffix(suffix, () => ev.cond(done[i]!));
              if (name === 'and' ? !r : r) {
                for (let j = i + 1; j < done.length; j++) runWithSuffix(suffix, () => skipped(done[j]));
                if (skipFail !== undefined) throw new ExpandError(skipFail + suffix);
                return message;
              }
            }
            return inner ? inner(ev, message) : message;
          };
        }
        throw e;
      }
      p.take('}');
      return { args: [], data: subs };
    },
    test(node, ev) {
      const subs = node.data as CondNode[];
      for (let i = 0; i < subs.length; i++) {
        const r = runWithSuffix(suffix, () => ev.cond(subs[i]!));
        if (name === 'and' ? !r : r) {
          // the rest are read skipping
          for (let j = i + 1; j < subs.length; j++) runWithSuffix(suffix, () => skipped(subs[j]));
          return r;
        }
      }
      return name === 'and';
    },
  };
}

export const logicConditions: ConditionEntry[] = [
  combine('and', 'and {{<cond1>}{<cond2>}...}: all sub-conditions are true (evaluated until one is false)'),
  combine('or', 'or {{<cond1>}{<cond2>}...}: some sub-condition is true (evaluated until one is true)'),
];
