// String and numeric comparisons: eq, eqi, lt, ... and =, ==, <, <=, >, >=.
import type { ConditionEntry, Evaluator, CondNode } from '../expand-api.js';
import { readTwo } from './args.js';
import { expandedStringInteger } from '../util/integer.js';
import { strcmpic } from '../items/common.js';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function stringCond(name: string, caseless: boolean, test: (c: number) => boolean, doc: string): ConditionEntry {
  return {
    name,
    doc,
    asRead: true,
    parse: (p, n) => ({ args: readTwo(p, n) }),
    test(node, ev) {
      const a = ev.str(node.args[0]);
      const b = ev.str(node.args[1]);
      return test(caseless ? strcmpic(a, b) : cmp(a, b));
    },
  };
}

function numericCond(name: string, test: (a: bigint, b: bigint) => boolean, doc: string): ConditionEntry {
  // each number is read as soon as its argument is expanded, so a bad first
  // number is reported before the second argument is looked at
  const toNumber = (s: string) => (s === '' ? 0n : expandedStringInteger(s, false));
  const num = (node: CondNode, ev: Evaluator, i: number) => toNumber(ev.str(node.args[i]));
  return {
    name,
    doc,
    asRead: true,
    parse: (p, n) => ({ args: readTwo(p, n, true, toNumber) }),
    test: (node, ev) => test(num(node, ev, 0), num(node, ev, 1)),
  };
}

export const stringCompare: ConditionEntry[] = [
  stringCond('eq', false, (c) => c === 0, 'eq {s1}{s2}: strings are equal'),
  stringCond('eqi', true, (c) => c === 0, 'eqi {s1}{s2}: strings are equal, ignoring ASCII case'),
  stringCond('lt', false, (c) => c < 0, 'lt {s1}{s2}: s1 sorts before s2'),
  stringCond('lti', true, (c) => c < 0, 'lti {s1}{s2}: s1 sorts before s2, ignoring case'),
  stringCond('le', false, (c) => c <= 0, 'le {s1}{s2}: s1 sorts before or equals s2'),
  stringCond('lei', true, (c) => c <= 0, 'lei {s1}{s2}: as le, ignoring case'),
  stringCond('gt', false, (c) => c > 0, 'gt {s1}{s2}: s1 sorts after s2'),
  stringCond('gti', true, (c) => c > 0, 'gti {s1}{s2}: as gt, ignoring case'),
  stringCond('ge', false, (c) => c >= 0, 'ge {s1}{s2}: s1 sorts after or equals s2'),
  stringCond('gei', true, (c) => c >= 0, 'gei {s1}{s2}: as ge, ignoring case'),
  numericCond('=', (a, b) => a === b, '= {n1}{n2}: numbers are equal'),
  numericCond('==', (a, b) => a === b, '== {n1}{n2}: numbers are equal'),
  numericCond('<', (a, b) => a < b, '< {n1}{n2}: n1 is less than n2'),
  numericCond('<=', (a, b) => a <= b, '<= {n1}{n2}: n1 is at most n2'),
  numericCond('>', (a, b) => a > b, '> {n1}{n2}: n1 is greater than n2'),
  numericCond('>=', (a, b) => a >= b, '>= {n1}{n2}: n1 is at least n2'),
];
