// BATV: ${prvs{<address>}{<key>}{<keynum>}} signs a return path;
// ${prvscheck{<address>}{<key>}{<string>}} checks one, setting
// $prvscheck_address, $prvscheck_keynum and $prvscheck_result.
import { nodeCrypto } from '../util/builtins.js';
import { ExpandError, type ItemEntry } from '../expand-api.js';
import { cstr, isDigit } from './common.js';

/** prvs_daystamp(): the last three digits of the day number, offset by some days */
function daystamp(now: Date, offset: number): string {
  const days = String(Math.floor((Math.floor(now.getTime() / 1000) + offset * 86400) / 86400));
  return days.length >= 3 ? days.slice(-3) : '100';
}

/** prvs_hmac_sha1(): the first three bytes of the HMAC, in hex; undefined for a key over 64 bytes */
function prvsHash(address: string, key: string, keyNum: string | undefined, stamp: string): string | undefined {
  if (key.length > 64) return undefined;
  const source = (keyNum ?? '0').slice(0, 1) + stamp.slice(0, 3) + address;
  return nodeCrypto().createHmac('sha1', Buffer.from(key, 'latin1')).update(Buffer.from(source, 'latin1')).digest('hex').slice(0, 6);
}

const now = (ctx: any): Date => (typeof ctx.now === 'function' ? ctx.now() : new Date());

export const prvsItem: ItemEntry = {
  name: 'prvs',
  asRead: true,
  doc: '${prvs{<address>}{<secret>}{<keynum>}}: the address in BATV "prvs" form, valid for 7 days',
  parse(p, name) {
    return { args: p.readSubs(3, 2, true, name) };
  },
  run(node, ev) {
    const address = cstr(ev.str(node.args[0]));
    const key = cstr(ev.str(node.args[1]));
    const keyNum = node.args[2] ? cstr(ev.str(node.args[2])) : undefined;
    const at = address.lastIndexOf('@');
    if (at <= 0 || at === address.length - 1) throw new ExpandError('prvs first argument must be a qualified email address');
    if (keyNum !== undefined && !(isDigit(keyNum[0]) && keyNum.length === 1)) {
      throw new ExpandError('prvs third argument must be a single digit');
    }
    const stamp = daystamp(now(ev.ctx), 7);
    const h = prvsHash(address, key, keyNum, stamp);
    if (h === undefined) throw new ExpandError('prvs hmac-sha1 conversion failed');
    return `prvs=${keyNum ?? '0'}${stamp}${h}=${address.slice(0, at)}@${address.slice(at + 1)}`;
  },
};

const PRVS_RE = /^prvs=([0-9])([0-9]{3})([A-F0-9]{6})=(.+)@(.+)$/is;

export const prvscheckItem: ItemEntry = {
  name: 'prvscheck',
  doc: '${prvscheck{<address>}{<secret>}{<string>}}: for a valid prvs address, the string (default: the plain address); sets $prvscheck_*',
  parse(p, name) {
    // Exim reads the address first, then the rest (at least one more, at most two)
    const first = p.readSubs(1, 1, false, name);
    const rest = p.readSubs(2, 1, true, name);
    return { args: [...first, ...rest] };
  },
  run(node, ev) {
    const ctx = ev.ctx;
    const vars = ['prvscheck_result', 'prvscheck_address', 'prvscheck_keynum'];
    for (const v of vars) ctx.unset?.(v);
    const address = cstr(ev.str(node.args[0]));
    const m = PRVS_RE.exec(address);
    if (!m) {
      // not a prvs address: the other arguments are still expanded, the result is empty
      ev.str(node.args[1]);
      if (node.args[2]) ev.str(node.args[2]);
      return '';
    }
    // the match sets the numeric variables, and they stay set
    ev.matches = m.slice(0, 6).map((x) => x ?? '');
    const [, keyNum, stamp, hash, local, domain] = m as unknown as string[];
    const plain = `${local}@${domain}`;
    ctx.set?.('prvscheck_address', plain, ev.tainted);
    ctx.set?.('prvscheck_keynum', keyNum!, ev.tainted);
    const key = cstr(ev.str(node.args[1]));
    const own = prvsHash(plain, key, keyNum, stamp!);
    if (own === undefined) throw new ExpandError('hmac-sha1 conversion failed');
    if (own === hash) {
      let inow = Number(daystamp(now(ctx), 0));
      const iexpire = Number(stamp);
      // the three-digit day number wrapped round
      if (iexpire < 7 && inow >= 993) inow = 0;
      if (iexpire >= inow) ctx.set?.('prvscheck_result', '1');
    }
    const s = node.args[2] ? cstr(ev.str(node.args[2])) : '';
    ctx.unset?.('prvscheck_address');
    ctx.unset?.('prvscheck_keynum');
    return s === '' ? plain : s;
  },
};
