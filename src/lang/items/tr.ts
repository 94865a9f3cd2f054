// ${tr{<subject>}{<characters>}{<replacements>}}: transliterate characters.
import type { ItemEntry } from '../expand-api.js';
import { cstr } from './common.js';

export const trItem: ItemEntry = {
  name: 'tr',
  doc: '${tr{<subject>}{<characters>}{<replacements>}}: replace each character by the one in the same place (the last one if short)',
  asRead: true,
  parse(p, name) {
    return { args: p.readSubs(3, 3, true, name) };
  },
  run(node, ev) {
    const subject = cstr(ev.str(node.args[0]));
    const from = cstr(ev.str(node.args[1]));
    const to = cstr(ev.str(node.args[2]));
    const o2m = to.length - 1;
    if (o2m < 0) return subject;
    let out = '';
    for (const c of subject) {
      // strrchr(): the last occurrence counts
      const o = from.lastIndexOf(c);
      out += o < 0 ? c : to[o < o2m ? o : o2m];
    }
    return out;
  },
};
