// forall/forany and their JSON forms: test a condition with $item set to each list element.
import { dewrap, jsonElements } from '../util/json-list.js';
import { ExpandError, ParseError, errorAfterSkipped, evaluatedFirst, skipped, skippedFirst, type CondNode, type ConditionEntry, type Expr } from '../expand-api.js';
import { ListReader } from '../util/list.js';
import { runWithSuffix, withSuffix } from './subs.js';

function iterate(name: string, any: boolean, json: boolean, jsons: boolean, doc: string): ConditionEntry {
  const suffix = ` inside "${name}" condition`;
  return {
    name,
    doc,
    asRead: true,
    parse(p) {
      if (p.skipWs() !== '{') p.fail(`missing { after "${name}"`);
      const list: Expr = p.arg();
      try {
        if (p.skipWs() !== '{') p.fail(`missing { after "${name}"`);
        p.take('{');
        const cond = p.skippable(() => withSuffix(suffix, () => p.parseCondition()));
        p.skipWs();
        if (!p.take('}')) throw errorAfterSkipped(`missing } at end of condition inside "${name}"`, cond);
        return { args: [list], data: cond };
      } catch (e) {
        // the list is expanded; the condition is read skipping, which may fail first
        if (e instanceof ParseError) e.before = evaluatedFirst([list], skippedFirst(e.skipFail, suffix));
        throw e;
      }
    },
    test(node, ev) {
      const cond = node.data as CondNode;
      const list = ev.str(node.args[0]);
      const listTainted = ev.tainted;
      // the condition is read skipping before the list is walked
      runWithSuffix(suffix, () => skipped(cond));
      let items: string[];
      if (json) {
        const inner = dewrap(list, '[]');
        // Exim 4.96 dereferences a null list here and crashes; an error is kinder
        if (typeof inner !== 'string') throw new ExpandError(`missing ']'${suffix}`);
        items = jsonElements(inner);
      } else {
        items = [];
        const r = new ListReader(list);
        for (let x = r.next(); x !== undefined; x = r.next()) items.push(x);
      }
      // Exim starts from "false" whatever the kind: forall on an empty list is false
      let result = false;
      for (let item of items) {
        if (jsons) {
          const d = dewrap(item, '""');
          if (typeof d !== 'string') throw new ExpandError(`missing '"' wrapping string result for extract jsons`);
          item = d;
        }
        const r = runWithSuffix(suffix, () =>
          (ev.withLocal as (n: string, v: string, f: () => boolean, t?: boolean) => boolean)('item', item, () => ev.cond(cond), listTainted));
        result = r;
        if (r === any) break;
      }
      return result;
    },
  };
}

export const iterateConditions: ConditionEntry[] = [
  iterate('forall', false, false, false, 'forall {<list>}{<cond>}: the condition is true for every item ($item)'),
  iterate('forany', true, false, false, 'forany {<list>}{<cond>}: the condition is true for some item ($item)'),
  iterate('forall_json', false, true, false, 'forall_json {<json array>}{<cond>}: true for every element'),
  iterate('forany_json', true, true, false, 'forany_json {<json array>}{<cond>}: true for some element'),
  iterate('forall_jsons', false, true, true, 'forall_jsons {<json array of strings>}{<cond>}: true for every string (dequoted)'),
  iterate('forany_jsons', true, true, true, 'forany_jsons {<json array of strings>}{<cond>}: true for some string (dequoted)'),
];
