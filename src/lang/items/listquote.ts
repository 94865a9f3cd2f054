// ${listquote{<sep>}{<string>}}: double each separator so the string is one list item.
import type { ItemEntry } from '../expand-api.js';
import { cstr } from './common.js';

export const listquoteItem: ItemEntry = {
  name: 'listquote',
  doc: '${listquote{<separator>}{<string>}}: the string as one list item (separators doubled; empty gives a space)',
  asRead: true,
  parse(p, name) {
    return { args: p.readSubs(2, 2, true, name) };
  },
  run(node, ev) {
    const sep = cstr(ev.str(node.args[0]))[0];
    const s = cstr(ev.str(node.args[1]));
    if (s === '') return ' ';
    if (sep === undefined) return s;
    return s.split(sep).join(sep + sep);
  },
};
