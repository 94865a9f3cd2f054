// inbound_srs {<local part>}{<secret>}: an SRS0 local part that decodes and
// (with a secret) carries a valid timestamp and checksum; sets $srs_recipient.
import type { ConditionEntry } from '../expand-api.js';
import { readCondSubs } from './subs.js';
import { compilePcre, pcreExec } from '../util/pcre.js';
import { nodeCrypto } from '../util/builtins.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const lower = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

export const inboundSrsCondition: ConditionEntry = {
  name: 'inbound_srs',
  doc: 'inbound_srs {<local part>}{<secret>}: the local part is a valid SRS0 address for the secret; sets $srs_recipient',
  parse: (p, n) => ({ args: readCondSubs(p, 2, 2, false, n, 'too few arguments or bracketing error for inbound_srs') }),
  test(node, ev) {
    const lp = ev.str(node.args[0]);
    const secret = ev.str(node.args[1]);
    const m = pcreExec(compilePcre('^(?i)SRS0=([^=]+)=([A-Z2-7]+)=([^=]*)=(.*)$'), lp);
    if (!m) return false;
    const [, hash, stamp, domain, local] = m.groups as string[];
    const quoting = lp[0] === '"' || /[^A-Za-z0-9.!#$%&'*+\-/=?^_`{|}~]/.test(lp);
    const q = quoting ? '"' : '';
    const recipient = `${q}${lower(local!)}${q}@${lower(domain!)}`;
    ev.ctx.set?.('srs_recipient', recipient, ev.tainted);
    if (secret === '') return true;
    // the timestamp: days since the epoch, base32, modulo 1024; at most 10 days old
    let d = 0;
    for (const c of stamp!) d = d * 32 + BASE32.indexOf(lower(c));
    const today = Math.floor((ev.ctx.now?.() ?? new Date()).getTime() / 1000 / 86400);
    if (((today - d) & 0x3ff) > 10) return false;
    if (hash!.length !== 4) return false;
    const mac = nodeCrypto().createHmac('md5', Buffer.from(secret, 'latin1')).update(Buffer.from(recipient, 'latin1')).digest('hex').slice(0, 4);
    return mac === hash;
  },
};
