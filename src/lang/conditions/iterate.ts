// forall/forany and their JSON forms: test a condition with $item set to each list element.
import { ExpandError, type CondNode, type ConditionEntry, type Expr } from '../expand-api.js';
import { ListReader } from '../util/list.js';
import { runWithSuffix, withSuffix } from './subs.js';

const isSpace = (c: string | undefined) => c !== undefined && (c === ' ' || (c >= '\t' && c <= '\r'));

/** dewrap(): the text inside a [..] or ".." wrapper, or an error "missing 'c'" */
export function dewrap(s: string, wrap: string): string | undefined {
  let p = 0;
  const quotes = wrap[0] === wrap[1];
  while (isSpace(s[p])) p++;
  if (s[p] === wrap[0]) {
    const start = ++p;
    let depth = 0;
    for (; p < s.length; p++) {
      const c = s[p];
      if (c === '\\') p++;
      else if (!quotes && c === wrap[0]) depth++;
      else if (c === wrap[1]) {
        if (depth === 0) return s.slice(start, p);
        depth--;
      }
    }
  }
  return undefined;
}

/** json_nextinlist(): the elements of a JSON array's inside, split at top-level commas */
export function jsonElements(list: string): string[] {
  const out: string[] = [];
  let s = 0;
  for (;;) {
    while (isSpace(list[s])) s++;
    const item = s;
    let arr = 0;
    let obj = 0;
    // depths are unsigned in Exim: a stray closer makes the rest one element
    for (; s < list.length && (list[s] !== ',' || arr !== 0 || obj !== 0); s++) {
      switch (list[s]) {
        case '[': arr++; break;
        case ']': arr = arr === 0 ? -1 >>> 0 : arr - 1; break;
        case '{': obj++; break;
        case '}': obj = obj === 0 ? -1 >>> 0 : obj - 1; break;
      }
    }
    if (item === s) return out;
    out.push(list.slice(item, s));
    if (s < list.length) s++;
  }
}

function iterate(name: string, any: boolean, json: boolean, jsons: boolean, doc: string): ConditionEntry {
  const suffix = ` inside "${name}" condition`;
  return {
    name,
    doc,
    parse(p) {
      if (p.skipWs() !== '{') p.fail(`missing { after "${name}"`);
      p.pos++;
      const list: Expr = p.parseBraced();
      if (p.src[p.pos++] !== '}') p.fail(`missing } at end of "${name}" condition`);
      if (p.skipWs() !== '{') p.fail(`missing { after "${name}"`);
      p.pos++;
      const cond = withSuffix(suffix, () => p.parseCondition());
      p.skipWs();
      if (p.src[p.pos++] !== '}') p.fail(`missing } at end of condition inside "${name}"`);
      return { args: [list], data: cond };
    },
    test(node, ev) {
      const cond = node.data as CondNode;
      const list = ev.str(node.args[0]);
      const listTainted = ev.tainted;
      let items: string[];
      if (json) {
        const inner = dewrap(list, '[]');
        // Exim 4.96 dereferences a null list here and crashes; an error is kinder
        if (inner === undefined) throw new ExpandError(`missing ']'${suffix}`);
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
          if (d === undefined) throw new ExpandError(`missing '"' wrapping string result for extract jsons`);
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
