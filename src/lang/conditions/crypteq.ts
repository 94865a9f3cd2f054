// crypteq {<plain>}{<encrypted>}: {md5}, {sha1} (hex or base64), {crypt}, {crypt16} or plain crypt().
import { ExpandError, type ConditionEntry } from '../expand-api.js';
import { readTwo } from './args.js';
import { nodeCrypto } from '../util/builtins.js';
import { crypt16, unixCrypt } from '../util/crypt.js';

const lowerEq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function digestCompare(alg: 'md5' | 'sha1', plain: string, coded: string): boolean {
  const d = nodeCrypto().createHash(alg).update(Buffer.from(plain, 'latin1')).digest();
  const b64len = alg === 'md5' ? 24 : 28;
  if (coded.length === b64len) return d.toString('base64') === coded;
  if (coded.length === d.length * 2) return lowerEq(d.toString('hex'), coded);
  return false;
}

export const crypteqCondition: ConditionEntry = {
  name: 'crypteq',
  doc: 'crypteq {<plain>}{<encrypted>}: the plain text encrypts to the given value ({md5}, {sha1}, {crypt}, {crypt16} or crypt())',
  asRead: true,
  parse: (p, n) => ({ args: readTwo(p, n) }),
  test(node, ev) {
    const plain = ev.str(node.args[0]);
    let coded = ev.str(node.args[1]);
    const lc = coded.slice(0, 9).toLowerCase();
    if (lc.startsWith('{md5}')) return digestCompare('md5', plain, coded.slice(5));
    if (lc.startsWith('{sha1}')) return digestCompare('sha1', plain, coded.slice(6));
    let which = 0;
    if (lc.startsWith('{crypt}')) { coded = coded.slice(7); which = 1; }
    else if (lc.startsWith('{crypt16}')) { coded = coded.slice(9); which = 2; }
    else if (coded[0] === '{') throw new ExpandError(`unknown encryption mechanism in "${coded}"`);
    let r: string | null;
    try {
      r = which === 2 ? crypt16(plain, coded) : unixCrypt(plain, coded);
    } catch (e) {
      throw new ExpandError(`crypt error: ${(e as Error).message}\n`);
    }
    // fewer than two characters of salt never match (crypt("") would)
    if (r === null) return false;
    return coded.length < 2 ? false : r === coded;
  },
};
