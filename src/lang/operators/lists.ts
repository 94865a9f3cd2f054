// Lists: listcount, listnamed (listnamed_d/_h/_a/_l).
import { ExpandError, type Evaluator, type OperatorEntry } from '../expand-api.js';
import { ListReader } from '../util/list.js';

const KIND_WORD: Record<string, string> = { a: 'address ', d: 'domain ', h: 'host ', l: 'localpart ' };
const KIND_OF: Record<string, string> = { a: 'address', d: 'domain', h: 'host', l: 'localpart' };

interface NamedListLike { kind: string; value: string }

/** expand_listnamed(): a named list as a colon list, nested +lists expanded */
function listNamed(ev: Evaluator, name: string, type: string | undefined): string {
  if (name.startsWith('+')) name = name.slice(1);
  if (type !== undefined && !KIND_OF[type]) throw new ExpandError('bad suffix on "list" operator');
  const lists: Map<string, NamedListLike> = ev.ctx.config.namedLists;
  const found = lists.get(name);
  const t = found && (type === undefined || found.kind === KIND_OF[type]) ? found : undefined;
  if (!t) throw new ExpandError(`"${name}" is not a ${type === undefined ? '' : KIND_WORD[type]}named list`);
  const r = new ListReader(t.value);
  const parts: string[] = [];
  for (let item = r.next(true); item !== undefined; item = r.next(true)) {
    const sep = r.sepChar;
    if (item.startsWith('+')) parts.push(listNamed(ev, item, type));
    else if (sep !== ':') {
      // re-quote an item of a non-colon list for a colon list
      let out = '';
      for (let i = 0; i < item.length; i++) {
        const c = item[i]!;
        if (c === ':') out += '::';
        else if (c === sep) { out += sep; if (item[i + 1] === sep) i++; }
        else out += c;
      }
      parts.push(out);
    } else parts.push(item);
  }
  return parts.join(' : ');
}

export const listOperators: OperatorEntry[] = [
  {
    name: 'listcount',
    doc: '${listcount:<list>}: the number of items',
    run(arg) {
      const r = new ListReader(arg);
      let n = 0;
      while (r.next(true) !== undefined) n++;
      return String(n);
    },
    keepsTaint: false,
  },
  {
    name: 'listnamed', keepsTaint: false,
    doc: '${listnamed:<name>}: the named list as a colon list; listnamed_d/_h/_a/_l restrict the kind',
    // only the first character after the '_' counts
    run: (arg, suffix, ev) => listNamed(ev, arg, suffix ? suffix.slice(1, 2) : undefined),
  },
];
