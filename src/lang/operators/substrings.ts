// length_N, substr_N_M, hash_N_M, nhash_N_M (and l_, s_, h_, nh_), strlen.
import type { OperatorEntry } from '../expand-api.js';
import { hash, nhash, parseOpParams, substr } from '../util/substrings.js';

function paramOp(name: string, doc: string, isLength: boolean, fn: (s: string, a: number, b: number) => string): OperatorEntry {
  return {
    name,
    doc,
    // nhash formats a number; the others give pieces of the (maybe tainted) subject
    keepsTaint: fn !== nhash,
    checkSuffix: (suffix, full) => {
      const r = parseOpParams(full, suffix, isLength);
      return typeof r === 'string' ? r : undefined;
    },
    run(arg, suffix, _ev, node) {
      const r = parseOpParams(node.name, suffix, isLength) as [number, number];
      return fn(arg, r[0], r[1]);
    },
  };
}

const lengthDoc = '${length_<n>:<string>}: the first n bytes';
const substrDoc = '${substr_<start>_<len>:<string>}: len bytes from start (negative: from the end)';
const hashDoc = '${hash_<n>_<m>:<string>}: a textual hash of n characters from the first m of a-zA-Z0-9';
const nhashDoc = '${nhash_<n>[_<m>]:<string>}: a numeric hash below n, or "a/b" for n and m';

export const substringOperators: OperatorEntry[] = [
  paramOp('length', lengthDoc, true, substr),
  paramOp('l', lengthDoc, true, substr),
  paramOp('substr', substrDoc, false, substr),
  paramOp('s', substrDoc, false, substr),
  paramOp('hash', hashDoc, false, hash),
  paramOp('h', hashDoc, false, hash),
  paramOp('nhash', nhashDoc, false, nhash),
  paramOp('nh', nhashDoc, false, nhash),
  { name: 'strlen', doc: '${strlen:<string>}: the length in bytes', run: (arg) => String(arg.length), keepsTaint: false },
];
