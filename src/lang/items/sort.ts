// ${sort{<list>}{<comparator>}{<extractor>}}: a stable insertion sort of the
// list by the key the extractor gives for each $item.
import { ExpandError, ParseError, errorAfterSkipped, evaluatedFirst, skipped, skippedFirst, type Expr, type ItemEntry } from '../expand-api.js';
import { ListReader } from '../util/list.js';
import { expandedStringInteger } from '../util/integer.js';
import { findCondition } from '../conditions/index.js';
import { appendListele, local } from './iterate.js';
import { isAlpha, isDigit, literal, strcmp, strcmpic } from './common.js';

const COMPARATORS = new Set(['<', '<=', '>', '>=', 'lt', 'lti', 'le', 'lei', 'gt', 'gti', 'ge', 'gei']);

/** identify_operator() on the comparator text: its name, or Exim's complaint */
function comparator(text: string): string {
  let name = '';
  let i = 0;
  const c = text[0];
  if (c === '=' || c === '>' || c === '<') {
    name = c;
    i = 1;
    if (text[1] === '=') { name += '='; i = 2; }
  } else {
    while (i < text.length && (isAlpha(text[i]) || isDigit(text[i]) || text[i] === '_')) i++;
    name = text.slice(0, Math.min(i, 255));
  }
  if (!name) throw new Error(`condition name expected, but found "${text.slice(i, i + 16)}"`);
  // an unknown name fails with an empty message
  if (!findCondition(name) && name !== '==') throw new Error('');
  if (!COMPARATORS.has(name)) throw new Error('comparator not handled for sort');
  return name;
}

/** sortsbefore(): does a come before b? A bad number makes it false without an error */
function sortsBefore(cmp: string, a: string, b: string): boolean {
  if (!isAlpha(cmp[0])) {
    let l: bigint, r: bigint;
    try {
      l = expandedStringInteger(a, false);
      r = expandedStringInteger(b, false);
    } catch (e) {
      if (e instanceof ExpandError) return false;
      throw e;
    }
    switch (cmp) {
      case '>': return l > r;
      case '>=': return l >= r;
      case '<': return l < r;
      default: return l <= r;
    }
  }
  const ci = cmp.endsWith('i');
  const d = ci ? strcmpic(a, b) : strcmp(a, b);
  switch (cmp.slice(0, 2)) {
    case 'lt': return d < 0;
    case 'le': return d <= 0;
    case 'gt': return d > 0;
    default: return d >= 0;
  }
}

export const sortItem: ItemEntry = {
  name: 'sort',
  doc: '${sort{<list>}{<comparator>}{<extractor>}}: the list sorted by the comparator (<, lt, gei, ...) on the extracted keys',
  asRead: true,
  parse(p) {
    if (p.skipWs() !== '{') p.curly("missing '{' for list arg of sort");
    const list = p.arg();
    try {
      if (p.skipWs() !== '{') p.curly("missing '{' for comparator arg of sort");
      // the comparator is read without expansion, so it is known now
      const cmpText = literal(p.arg(false)) ?? '';
      let cmp = '';
      try {
        cmp = comparator(cmpText);
      } catch (e) {
        p.fail((e as Error).message);
      }
      if (p.skipWs() !== '{') p.curly("missing '{' for extractor arg of sort");
      p.take('{');
      const start = p.offset;
      const xtract: Expr = p.skippable(() => p.parseBraced());
      const raw = p.src.slice(start, p.offset);
      p.take('}');
      if (!p.take('}')) throw errorAfterSkipped('missing } at end of "sort"', xtract);
      return { args: [list], data: { cmp, xtract, raw } };
    } catch (e) {
      // the list is expanded; the comparator is read as it is, the extractor
      // skipping, which may fail before the error is reached
      if (e instanceof ParseError) e.before = evaluatedFirst([list], skippedFirst(e.skipFail));
      throw e;
    }
  },
  run(node, ev) {
    const { cmp, xtract, raw } = node.data as { cmp: string; xtract: Expr; raw: string };
    const src = new ListReader(ev.str(node.args[0]));
    const tainted = ev.tainted;
    // the extractor is read skipping before the list is walked
    skipped(xtract);
    let dst: string | undefined;
    let dstKeys = '';
    for (let item = src.next(); item !== undefined; item = src.next()) {
      const sepCode = src.sep;
      const sep = src.sepChar;
      let field: string;
      try {
        field = local(ev, 'item', item, tainted, () => ev.str(xtract));
      } catch (e) {
        if (e instanceof ExpandError) throw new ExpandError(`field-extract in sort: "${raw}"`);
        throw e;
      }
      if (field === '') throw new ExpandError(`field-extract in sort: "${raw}"`);
      // insertion: copy the sorted list until the new item sorts before one
      let list = '';
      let keys = '';
      let pending: string | undefined = item;
      if (dst !== undefined) {
        const d = new ListReader(dst, sepCode);
        const k = new ListReader(dstKeys, sepCode);
        for (let x = d.next(); x !== undefined; x = d.next()) {
          const key = k.next();
          if (key === undefined) throw new ExpandError('Internal error in sort (list mismatch)');
          if (pending !== undefined && sortsBefore(cmp, field, key)) {
            list = appendListele(list, sep, pending);
            keys = appendListele(keys, sep, field);
            pending = undefined;
          }
          list = appendListele(list, sep, x);
          keys = appendListele(keys, sep, key);
        }
      }
      if (pending !== undefined) {
        list = appendListele(list, sep, pending);
        keys = appendListele(keys, sep, field);
      }
      dst = list;
      dstKeys = keys;
    }
    return dst ?? '';
  },
};
