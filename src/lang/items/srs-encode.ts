// ${srs_encode{<secret>}{<return path>}{<original domain>}}: the return path
// in SRS0 form (Sender Rewriting Scheme), as Exim's native SRS support makes it.
import { nodeCrypto } from '../util/builtins.js';
import { ExpandError, type ItemEntry } from '../expand-api.js';
import { extractAddress } from '../util/address.js';
import { cstr } from './common.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const lower = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

export const srsEncodeItem: ItemEntry = {
  name: 'srs_encode',
  doc: '${srs_encode{<secret>}{<return path>}{<original domain>}}: the SRS0 address for forwarding (empty for an empty return path)',
  asRead: true,
  parse(p, name) {
    return { args: p.readSubs(3, 3, true, name) };
  },
  run(node, ev) {
    const [secret, rp, domain] = node.args.map((a) => cstr(ev.str(a))) as [string, string, string];
    if (rp === '') return '';
    // four hex digits of the HMAC-MD5 of the lowercased return path
    const cksum = nodeCrypto().createHmac('md5', Buffer.from(secret, 'latin1')).update(Buffer.from(lower(rp), 'latin1')).digest('hex').slice(0, 4);
    const now: Date = typeof ev.ctx.now === 'function' ? ev.ctx.now() : new Date();
    let day = Math.floor(Math.floor(now.getTime() / 1000) / 86400) & 0x3ff;
    let stamp = '';
    for (; day; day >>= 5) stamp = BASE32[day & 0x1f] + stamp;
    const a = extractAddress(rp);
    if ('error' in a) throw new ExpandError(a.error);
    let g = `SRS0=${cksum}=${stamp}=`;
    if (a.domain > 0) g += a.address.slice(a.domain);
    g += '=';
    let local = a.domain > 0 ? a.address.slice(0, a.domain - 1) : a.address;
    // a quoted local part loses its quotes, and the whole result is quoted instead
    const quoted = local.includes('"');
    if (quoted) local = local.replace(/"/g, '');
    g += local;
    return (quoted ? `"${g}"` : g) + `@${domain}`;
  },
};
