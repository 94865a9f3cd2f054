// bool and bool_lax: a string as a truth value, as ACL "condition" and routers read it.
import { ExpandError, type ConditionEntry } from '../expand-api.js';
import { readCondSubs } from './subs.js';

/** the truth value, or undefined for a value bool{} does not accept */
export function boolValue(raw: string, lax: boolean): boolean | undefined {
  const t = raw.replace(/^[ \t\n\v\f\r]+/, '').replace(/[ \t\n\v\f\r]+$/, '');
  if (t === '') return false;
  if (/^-?[0-9]*$/.test(t) && (t[0] === '-' ? t.length >= 1 : true)) {
    // atoi(): "-" alone is 0
    let v = Number.parseInt(t, 10) !== 0 && !Number.isNaN(Number.parseInt(t, 10));
    if (lax && t.length > 1) v = true;
    return v;
  }
  const l = t.toLowerCase();
  if (l === 'true' || l === 'yes') return true;
  if (l === 'false' || l === 'no') return false;
  return lax ? true : undefined;
}

const trimmed = (s: string) => s.replace(/^[ \t\n\v\f\r]+/, '').replace(/[ \t\n\v\f\r]+$/, '');

function boolCond(name: string, lax: boolean, doc: string): ConditionEntry {
  return {
    name,
    doc,
    parse(p, n) {
      if (p.skipWs() !== '{') p.fail(`missing { after "${n}"`);
      const args = readCondSubs(p, 1, 1, false, n, `too few arguments or bracketing error for ${n}`);
      // Exim checks the value even while skipping, so a constant is checked here
      const a = args[0]!;
      if (!lax && a.every((x) => x.k === 'text')) {
        const text = a.map((x) => (x.k === 'text' ? x.s : '')).join('');
        if (boolValue(text, false) === undefined) p.fail(`unrecognised boolean value "${trimmed(text)}"`);
      }
      return { args };
    },
    test(node, ev) {
      const s = ev.str(node.args[0]);
      const v = boolValue(s, lax);
      if (v === undefined) throw new ExpandError(`unrecognised boolean value "${trimmed(s)}"`);
      return v;
    },
  };
}

export const boolConditions: ConditionEntry[] = [
  boolCond('bool', false, 'bool {<string>}: true/yes/non-zero number is true, false/no/0/empty is false, anything else an error'),
  boolCond('bool_lax', true, 'bool_lax {<string>}: false/no/0/empty is false, anything else true (as router conditions)'),
];
