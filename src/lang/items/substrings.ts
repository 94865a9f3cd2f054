// ${hash{n}{m}{s}}, ${nhash{n}{m}{s}}, ${length{n}{s}} and ${substr{n}{m}{s}}:
// the item forms of the operators, with expanded numbers.
import { ExpandError, skippedText, type ItemEntry } from '../expand-api.js';
import { hash, nhash, substr } from '../util/substrings.js';
import { strtoll } from '../util/integer.js';
import { cstr } from './common.js';

/** Ustrtol() as an int: the whole string must be a number */
function number(s: string, positive: boolean, name: string): number {
  const r = strtoll(s, 0, 10);
  // (int) cast of a long
  const v = Number(BigInt.asIntN(32, r.value));
  if (r.end !== s.length || (positive && v < 0)) {
    throw new ExpandError(`"${s}" is not a${positive ? ' positive' : ''} number (in "${name}" expansion)`);
  }
  return v;
}

/** the item on its (expanded) arguments */
function compute(name: 'hash' | 'nhash' | 'length' | 'substr', args: string[]): string {
  const sub: (string | undefined)[] = args.slice();
  // two arguments: the string moves last; ${length{n}{s}} is ${substr{0}{n}{s}}
  if (sub.length === 2) {
    sub[2] = sub[1];
    sub[1] = undefined;
    if (name === 'length') { sub[1] = sub[0]; sub[0] = undefined; }
  }
  const val = [0, -1];
  for (let i = 0; i < 2; i++) if (sub[i] !== undefined) val[i] = number(sub[i]!, i !== 0, name);
  const s = sub[2]!;
  if (name === 'hash') return hash(s, val[0]!, val[1]!);
  if (name === 'nhash') return nhash(s, val[0]!, val[1]!);
  return substr(s, val[0]!, val[1]!);
}

function substringItem(name: 'hash' | 'nhash' | 'length' | 'substr', doc: string): ItemEntry {
  const max = name === 'length' ? 2 : 3;
  return {
    name,
    doc,
    asRead: true,
    parse(p, n) {
      const args = p.readSubs(max, 2, true, n);
      // Exim computes the item even while skipping, on the arguments' skipped text
      try {
        compute(name, args.map((a) => cstr(skippedText(a))));
      } catch (e) {
        if (!(e instanceof ExpandError)) throw e;
        p.skipFailure(e.message);
      }
      return { args };
    },
    run(node, ev) {
      return compute(name, node.args.map((a) => cstr(ev.str(a))));
    },
  };
}

export const substringItems: ItemEntry[] = [
  substringItem('hash', '${hash{<n>}{<m>}{<string>}}: a textual hash of n characters from the first m letters/digits'),
  substringItem('nhash', '${nhash{<n>}{<m>}{<string>}}: a numeric hash below n, or "div/mod" with m'),
  substringItem('length', '${length{<n>}{<string>}}: the first n bytes'),
  substringItem('substr', '${substr{<start>}{<length>}{<string>}}: a substring; a negative start counts from the end'),
];
