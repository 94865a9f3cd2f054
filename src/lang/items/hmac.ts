// ${hmac{md5|sha1}{<secret>}{<text>}}: RFC 2104 HMAC as lowercase hex.
import { nodeCrypto } from '../util/builtins.js';
import { ExpandError, type ItemEntry } from '../expand-api.js';
import { cstr } from './common.js';

export const hmacItem: ItemEntry = {
  name: 'hmac',
  doc: '${hmac{<algorithm>}{<secret>}{<text>}}: the HMAC (md5 or sha1) of the text, in hex',
  asRead: true,
  parse(p, name) {
    return { args: p.readSubs(3, 3, true, name) };
  },
  run(node, ev) {
    const [alg, key, text] = node.args.map((a) => cstr(ev.str(a))) as [string, string, string];
    if (alg !== 'md5' && alg !== 'sha1') throw new ExpandError(`hmac algorithm "${alg}" is not recognised`);
    return nodeCrypto().createHmac(alg, Buffer.from(key, 'latin1')).update(Buffer.from(text, 'latin1')).digest('hex');
  },
};
