// Conditions kept in a database between sessions: ratelimit (acl_ratelimit():
// an exponentially smoothed rate per key, optionally counting unique events
// with a Bloom filter) and seen (acl_seen()). The stores are services.
import { nodeCrypto } from '../../util/builtins.js';
import type { AclConditionEntry, AclEnv, AclRc } from '../types.js';
import { ACL_WHERES, ACL_WHERE_NAMES, type AclWhere } from '../where.js';
import type { RatelimitRecord } from '../../services/ratelimit.js';
import { ListReader } from '../../util/list.js';
import { readTime } from '../../util/time.js';
import { condition } from './common.js';
import { after } from './lists.js';

type Mode = '?' | '!' | 'per_addr' | 'per_byte' | 'per_cmd' | 'per_conn' | 'per_mail' | 'per_rcpt' | 'per_allrcpts';

/** the rates already computed in this session, by how long they stay valid (ratelimiters_cmd/_mail/_conn) */
export interface RatelimitCaches {
  cmd: Map<string, number>;
  mail: Map<string, number>;
  conn: Map<string, number>;
}

const idx = (w: AclWhere) => ACL_WHERES.indexOf(w);

/** C's strtod() prefix: the number and what follows it */
function strtod(s: string): { value: number; rest: string } {
  const m = /^[ \t\n\v\f\r]*([+-]?(?:inf(?:inity)?|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))/i.exec(s);
  if (!m) return { value: 0, rest: s };
  const t = m[1]!.toLowerCase().replace(/^([+-]?)inf(inity)?$/, '$1Infinity').replace(/^[+-]?nan$/, 'NaN');
  return { value: Number(t), rest: s.slice(m[0].length) };
}

const rateError = (env: AclEnv, text: string): AclRc => {
  env.logMessage = `error in arguments to "ratelimit" condition: ${text}`;
  return 'ERROR';
};

function caches(env: AclEnv): RatelimitCaches {
  return (env.ctx.ratelimiters ??= { cmd: new Map(), mail: new Map(), conn: new Map() });
}

/** "%.1f" */
const f1 = (n: number) => n.toFixed(1);

function ratelimit(arg: string, env: AclEnv): AclRc | Promise<AclRc> {
  const ctx = env.ctx;
  const where = env.where;
  const list = new ListReader(arg, '/'.charCodeAt(0));
  const limitText = list.next();
  if (limitText === undefined) return rateError(env, 'sender rate limit not set');
  ctx.set('sender_rate_limit', limitText);
  let { value: limit, rest } = strtod(limitText);
  const mult = { k: 1024, m: 1024 * 1024, g: 1024 * 1024 * 1024 }[rest[0]?.toLowerCase() ?? ''];
  if (mult) { limit *= mult; rest = rest.slice(1); }
  if (limit < 0 || rest !== '') return rateError(env, `"${limitText}" is not a positive number`);
  const periodText = list.next();
  if (periodText === undefined) ctx.unset('sender_rate_period');
  else ctx.set('sender_rate_period', periodText);
  const period = periodText === undefined ? -1 : readTime(periodText);
  if (period <= 0) return rateError(env, `"${periodText ?? 'NULL'}" is not a time value`);

  let count = 1;
  let leaky = false, strict = false, readonly = false, noupdate = false, badacl = false;
  let mode = '?' as Mode;
  let key: string | undefined;
  let unique: string | undefined;
  const set = (m: Mode) => { mode = mode === '?' ? m : '!'; };
  const w = idx(where);
  for (let ss = list.next(); ss !== undefined; ss = list.next()) {
    const l = ss.toLowerCase();
    if (l === 'leaky') leaky = true;
    else if (l === 'strict') strict = true;
    else if (l === 'noupdate') noupdate = true;
    else if (l === 'readonly') readonly = true;
    else if (l === 'per_cmd') set('per_cmd');
    else if (l === 'per_conn') {
      set('per_conn');
      if (where === 'NOTSMTP' || where === 'NOTSMTP_START') badacl = true;
    } else if (l === 'per_mail') {
      set('per_mail');
      if (w > idx('NOTSMTP')) badacl = true;
    } else if (l === 'per_rcpt') {
      // in the RCPT ACL one by one; once the message is in, all of them at once
      if (where === 'RCPT') set('per_rcpt');
      else if (w >= idx('PREDATA') && w <= idx('NOTSMTP')) { set('per_allrcpts'); count = Number(ctx.getVar('recipients_count') ?? '0'); }
      else if (where === 'MAIL' || w > idx('NOTSMTP')) { set('per_rcpt'); badacl = true; }
    } else if (l === 'per_byte') {
      set('per_mail');
      if (w > idx('NOTSMTP')) badacl = true;
      else { const size = Number(ctx.getVar('message_size') ?? '-1'); count = size < 0 ? 0 : size; }
    } else if (l === 'per_addr') {
      set('per_rcpt');
      if (where !== 'RCPT') { badacl = true; unique = '*'; } else unique = `${ctx.getVar('local_part') ?? ''}@${ctx.getVar('domain') ?? ''}`;
    } else if (l.startsWith('count=')) {
      const c = strtod(ss.slice(6));
      count = c.value;
      if (count < 0 || c.rest !== '') return rateError(env, `"${ss}" is not a positive number`);
    } else if (l.startsWith('unique=')) unique = ss.slice(7);
    else key = key === undefined ? ss : `${key}/${ss}`;
  }
  const modeName = mode === 'per_allrcpts' ? 'per_rcpt' : mode;
  if (mode === '!') return rateError(env, 'conflicting per_* options');
  if (Number(leaky) + Number(strict) + Number(readonly) > 1) return rateError(env, 'conflicting update modes');
  if (badacl && (leaky || strict) && !noupdate) {
    return rateError(env, `"${modeName}" must not have /leaky or /strict option, or cannot be used in ${ACL_WHERE_NAMES[where]} ACL`);
  }
  if (noupdate) { readonly = true; leaky = strict = false; }
  if (badacl) readonly = true;
  if (readonly) count = 0;
  if (!strict && !readonly) leaky = true;
  if (mode === '?') mode = 'per_mail';

  const fullKey = `${periodText}/${mode === 'per_allrcpts' ? 'per_rcpt' : mode}/${unique === undefined ? '' : 'unique/'}${key ?? ctx.values.get('sender_host_address') ?? ''}`;
  const c = caches(env);
  const tree = readonly ? c.cmd : mode === 'per_conn' ? c.conn
    : mode === 'per_mail' || mode === 'per_byte' || mode === 'per_allrcpts' ? c.mail : c.cmd;
  const cached = tree.get(fullKey);
  if (cached !== undefined) {
    ctx.set('sender_rate', f1(cached));
    return cached < limit ? 'FAIL' : 'OK';
  }
  const store = env.services.ratelimit;
  if (!store) {
    ctx.unset('sender_rate');
    env.logMessage = 'ratelimit database not available';
    return 'DEFER';
  }
  return after(store.get(fullKey), (old) => {
    const nowMs = store.now();
    const sec = Math.floor(nowMs / 1000);
    const usec = Math.floor((nowMs - sec * 1000) * 1000);
    let dbd: RatelimitRecord | undefined = old;
    let rec: RatelimitRecord | undefined = old;
    // a Bloom filter older than the period is started again; the rate is kept
    if (rec && unique !== undefined && (rec.bloom === undefined || sec > (rec.bloomEpoch ?? 0) + period)) rec = undefined;
    if (!rec) {
      rec = { timeStamp: 0, timeUsec: 0, rate: 0 };
      if (unique !== undefined) {
        const size = 40 + Math.max(0, Math.trunc(limit) * 2 - 40);
        rec.bloomEpoch = sec;
        rec.bloom = new Uint8Array(size);
      }
      if (dbd) { rec.timeStamp = dbd.timeStamp; rec.timeUsec = dbd.timeUsec; rec.rate = dbd.rate; }
    }
    if (unique !== undefined && !readonly && rec.bloom) {
      const md5 = nodeCrypto().createHash('md5').update(Buffer.from(unique, 'latin1')).digest();
      let hash = md5.readUInt32LE(0);
      const hinc = md5.readUInt32LE(4);
      let seen = true;
      for (let n = 0; n < 8; n++, hash = (hash + hinc) >>> 0) {
        const bit = 1 << (hash % 8);
        const byte = Math.floor(hash / 8) % rec.bloom.length;
        if ((rec.bloom[byte]! & bit) === 0) { rec.bloom[byte]! |= bit; seen = false; }
      }
      if (seen) count = 0;
    }
    if (!dbd) {
      rec.timeStamp = sec; rec.timeUsec = usec; rec.rate = count;
    } else {
      const thisTime = sec + usec / 1e6;
      const prevTime = rec.timeStamp + rec.timeUsec / 1e6;
      const interval = thisTime - prevTime <= 0 ? 1e-9 : thisTime - prevTime;
      const iOverP = interval / period;
      const a = Math.exp(-iOverP);
      rec.timeStamp = sec; rec.timeUsec = usec;
      // (1 - a) / iOverP, computed without the cancellation of 1 - exp(-x) for tiny x (which can exceed 1)
      rec.rate = (-Math.expm1(-iOverP) / iOverP) * count + a * rec.rate;
      if (rec.rate < count) rec.rate = count;
    }
    const rc: AclRc = rec.rate < limit ? 'FAIL' : 'OK';
    const done = () => {
      tree.set(fullKey, rec!.rate);
      ctx.set('sender_rate', f1(rec!.rate));
      return rc;
    };
    if ((rc === 'FAIL' && leaky) || strict) return after(store.put(fullKey, rec), done);
    return done();
  });
}

/** seen = [-]<time>[/key=...][/readonly|/write][/refresh=<time>] */
function seen(arg: string, env: AclEnv): AclRc | Promise<AclRc> {
  const list = new ListReader(arg, '/'.charCodeAt(0));
  let ele = list.next();
  const badparse = (): AclRc => { env.logMessage = `failed to parse '${arg}'`; return 'ERROR'; };
  if (ele === undefined) return badparse();
  const before = ele.startsWith('-');
  if (before) ele = ele.slice(1);
  const interval = readTime(ele);
  if (interval < 0) return badparse();
  let key: string = env.ctx.values.get('sender_host_address') ?? '';
  let mode: 'default' | 'readonly' | 'write' = 'default';
  let refresh = 10 * 24 * 60 * 60;
  for (ele = list.next(); ele !== undefined; ele = list.next()) {
    if (ele.startsWith('key=')) key = ele.slice(4);
    else if (ele === 'readonly') mode = 'readonly';
    else if (ele === 'write') mode = 'write';
    else if (ele.startsWith('refresh=')) {
      refresh = readTime(ele.slice(8));
      if (refresh < 0) return badparse();
    } else {
      env.logMessage = `unrecognised option '${ele}' in '${arg}'`;
      return 'ERROR';
    }
  }
  const store = env.services.seen;
  if (!store) {
    env.logMessage = "database for 'seen' not available";
    return 'DEFER';
  }
  return after(store.get(key), (rec) => {
    const now = Math.floor(store.now() / 1000);
    if (!rec) {
      if (mode !== 'readonly') return after(store.put(key, { timeStamp: now }), (): AclRc => 'FAIL');
      return 'FAIL';
    }
    const diff = now - rec.timeStamp;
    const rc: AclRc = (before ? diff >= interval : diff < interval) ? 'OK' : 'FAIL';
    if (mode === 'readonly') return rc;
    if (mode === 'write' || !before) return after(store.put(key, { timeStamp: now }), () => rc);
    if (diff >= refresh) return after(store.put(key, { timeStamp: now - interval }), () => rc);
    return rc;
  });
}

export const rates: AclConditionEntry[] = [
  condition({
    name: 'ratelimit', doc: 'ratelimit = <m> / <period> / <options> / <key>: the sender\'s smoothed rate is at or over m per period',
    run: ratelimit,
  }),
  condition({
    name: 'seen', doc: 'seen = [-]<time>[/<options>]: the key was seen within (or, with -, before) the time',
    run: seen,
  }),
];
