// ${filter{<list>}{<condition>}}, ${map{<list>}{<string>}} and
// ${reduce{<list>}{<start>}{<string>}}: iterate over a list with $item
// (and $value, the running result of reduce).
import { ParseError, errorAfterSkipped, evaluatedFirst, skipped, skippedFirst, type CondNode, type Evaluator, type ExpandParser, type Expr, type ItemEntry } from '../expand-api.js';
import { ListReader } from '../util/list.js';
import { runWithSuffix, withSuffix } from '../conditions/subs.js';

type Kind = 'filter' | 'map' | 'reduce';

/** withLocal() with the value's taint (the evaluator takes it as a 4th argument) */
export function local<T>(ev: Evaluator, name: string, value: string | undefined, tainted: boolean, fn: () => T): T {
  return (ev.withLocal as (n: string, v: string | undefined, f: () => T, t: boolean) => T).call(ev, name, value, fn, tainted);
}

/** string_append_listele(): add an item, doubling the separator in it */
export function appendListele(list: string, sep: string, ele: string): string {
  if (list.length) list += sep;
  return list + ele.split(sep).join(sep + sep);
}

/** the condition or expression of filter/map/reduce and the closing braces, read skipping */
function readIterated(p: ExpandParser, name: Kind, list: Expr, start: Expr | undefined) {
  p.skipWs();
  if (!p.take('{')) p.curly(`missing '{' for last arg of ${name}`);
  let cond: CondNode | undefined;
  let expr: Expr | undefined;
  // (skippable outside withSuffix: the error it marks is the one thrown on)
  if (name === 'filter') cond = p.skippable(() => withSuffix(` inside "${name}" item`, () => p.parseCondition()));
  else expr = p.skippable(() => withSuffix(` inside "${name}" item`, () => p.parseBraced()));
  const body = cond ?? expr;
  p.skipWs();
  if (!p.take('}')) {
    throw errorAfterSkipped(`missing } at end of condition or expression inside "${name}"; could be an unquoted } in the content`, body);
  }
  p.skipWs();
  if (!p.take('}')) throw errorAfterSkipped(`missing } at end of "${name}"`, body);
  return { args: [list], data: { start, cond, expr } };
}

function iterateItem(name: Kind, doc: string): ItemEntry {
  const inside = ` inside "${name}" item`;
  return {
    name,
    doc,
    asRead: true,
    parse(p) {
      if (p.skipWs() !== '{') p.curly(`missing '{' for first arg of ${name}`);
      const list = p.arg();
      let start: Expr | undefined;
      try {
        if (name === 'reduce') {
          if (p.skipWs() !== '{') p.curly('missing \'{\' for second arg of reduce');
          start = p.arg();
        }
      } catch (e) {
        if (e instanceof ParseError) e.before = evaluatedFirst([list], e.before);
        throw e;
      }
      try {
        return readIterated(p, name, list, start);
      } catch (e) {
        // the list (and reduce's start) are expanded; the rest is read skipping,
        // which may fail before the error is reached
        if (e instanceof ParseError) e.before = evaluatedFirst([list, start], skippedFirst(e.skipFail, ` inside "${name}" item`));
        throw e;
      }
    },
    run(node, ev) {
      const { start, cond, expr } = node.data as { start?: Expr; cond?: CondNode; expr?: Expr };
      const list = ev.str(node.args[0]);
      const listTainted = ev.tainted;
      let value: string | undefined;
      let valueTainted = false;
      if (name === 'reduce') {
        value = ev.str(start);
        valueTainted = ev.tainted;
      }
      // the body is read skipping before the list is walked
      runWithSuffix(inside, () => skipped(name === 'filter' ? cond : expr));
      // the body's closures are made once per run, not once per item
      const test = () => runWithSuffix(' inside "filter" condition', () => ev.cond(cond!));
      const body = () => runWithSuffix(inside, () => ev.str(expr));
      const run = (item: string) => local(ev, 'item', item, listTainted, body);
      const r = new ListReader(list);
      let out = '';
      let any = false;
      for (let item = r.next(); item !== undefined; item = r.next()) {
        const sep = r.sepChar;
        let temp: string;
        if (name === 'filter') {
          if (!local(ev, 'item', item, listTainted, test)) continue;
          temp = item;
        } else if (name === 'reduce') {
          const each = item;
          value = local(ev, 'value', value, valueTainted, () => run(each));
          valueTainted = ev.tainted;
          continue;
        } else {
          temp = run(item);
        }
        // a space keeps an empty item, or one starting with the separator, from joining the previous one
        const nul = temp.indexOf('\0');
        if (nul >= 0) temp = temp.slice(0, nul);
        if (any && (temp === '' || temp[0] === sep)) out += ' ';
        out += (temp.includes(sep) ? temp.split(sep).join(sep + sep) : temp) + sep;
        any = true;
      }
      if (name === 'reduce') return value ?? '';
      return any ? out.slice(0, -1) : out;
    },
  };
}

export const iterateItems: ItemEntry[] = [
  iterateItem('filter', '${filter{<list>}{<condition>}}: the items for which the condition is true ($item is each item)'),
  iterateItem('map', '${map{<list>}{<string>}}: the list of the string expanded for each item ($item)'),
  iterateItem('reduce', '${reduce{<list>}{<start>}{<string>}}: fold the list: $value starts as <start> and becomes the string for each $item'),
];
