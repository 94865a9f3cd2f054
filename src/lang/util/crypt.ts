// crypt(3) as glibc/libxcrypt computes it for the schemes Exim's crypteq meets:
// traditional DES (via unix-crypt-td-js), MD5-crypt ($1$), SHA-256-crypt ($5$)
// and SHA-512-crypt ($6$). Strings are byte strings (latin1).
import { nodeCrypto } from './builtins.js';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// loaded on first use: finding it under node_modules costs every run milliseconds
let des: ((pw: string, salt: string) => string) | undefined;
const desCrypt = (pw: string, salt: string): string => (des ??= require('unix-crypt-td-js'))(pw, salt);

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const b = (s: string) => Buffer.from(s, 'latin1');
const hash = (alg: string, ...parts: Buffer[]) => {
  const h = nodeCrypto().createHash(alg);
  for (const p of parts) h.update(p);
  return h.digest();
};

function to64(v: number, n: number): string {
  let s = '';
  while (n-- > 0) { s += ITOA64[v & 0x3f]; v >>>= 6; }
  return s;
}

/** MD5-crypt ($1$) */
function md5Crypt(pw: Buffer, setting: string): string {
  const salt = setting.slice(3).split('$')[0]!.slice(0, 8);
  const sb = b(salt);
  const alt = hash('md5', pw, sb, pw);
  const parts: Buffer[] = [pw, b('$1$'), sb];
  for (let i = pw.length; i > 0; i -= 16) parts.push(alt.subarray(0, Math.min(16, i)));
  for (let i = pw.length; i; i >>= 1) parts.push(i & 1 ? Buffer.from([0]) : pw.subarray(0, 1));
  let fin = hash('md5', ...parts);
  for (let i = 0; i < 1000; i++) {
    const p: Buffer[] = [];
    p.push(i & 1 ? pw : fin);
    if (i % 3) p.push(sb);
    if (i % 7) p.push(pw);
    p.push(i & 1 ? fin : pw);
    fin = hash('md5', ...p);
  }
  let out = '';
  for (const [x, y, z] of [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5]] as const) {
    out += to64((fin[x]! << 16) | (fin[y]! << 8) | fin[z]!, 4);
  }
  out += to64(fin[11]!, 2);
  return `$1$${salt}$${out}`;
}

const ORDER256 = [[0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29]];
const ORDER512 = [[0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48], [28, 49, 7], [50, 8, 29],
  [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38],
  [18, 39, 60], [40, 61, 19], [62, 20, 41]];

/** SHA-crypt ($5$ / $6$), Drepper's specification */
function shaCrypt(pw: Buffer, setting: string, id: '5' | '6'): string | null {
  const alg = id === '5' ? 'sha256' : 'sha512';
  const hl = id === '5' ? 32 : 64;
  let rest = setting.slice(3);
  let rounds = 5000;
  let custom = false;
  const m = /^rounds=([0-9]+)\$/.exec(rest);
  if (m) {
    const n = Number(m[1]);
    rounds = Math.min(999999999, Math.max(1000, n));
    custom = true;
    rest = rest.slice(m[0].length);
  } else if (rest.startsWith('rounds=')) return null;
  const salt = rest.split('$')[0]!.slice(0, 16);
  const sb = b(salt);
  const B = hash(alg, pw, sb, pw);
  const ap: Buffer[] = [pw, sb];
  let cnt: number;
  for (cnt = pw.length; cnt > hl; cnt -= hl) ap.push(B);
  ap.push(B.subarray(0, cnt));
  for (cnt = pw.length; cnt > 0; cnt >>= 1) ap.push(cnt & 1 ? B : pw);
  let A = hash(alg, ...ap);
  const DP = hash(alg, ...Array<Buffer>(pw.length).fill(pw));
  const P = Buffer.alloc(pw.length);
  for (let i = 0; i < pw.length; i++) P[i] = DP[i % hl]!;
  const DS = hash(alg, ...Array<Buffer>(16 + A[0]!).fill(sb));
  const S = Buffer.alloc(sb.length);
  for (let i = 0; i < sb.length; i++) S[i] = DS[i % hl]!;
  for (let r = 0; r < rounds; r++) {
    const p: Buffer[] = [];
    p.push(r & 1 ? P : A);
    if (r % 3) p.push(S);
    if (r % 7) p.push(P);
    p.push(r & 1 ? A : P);
    A = hash(alg, ...p);
  }
  let out = '';
  for (const [x, y, z] of id === '5' ? ORDER256 : ORDER512) out += to64((A[x!]! << 16) | (A[y!]! << 8) | A[z!]!, 4);
  out += id === '5' ? to64((A[31]! << 8) | A[30]!, 3) : to64(A[63]!, 2);
  return `$${id}$${custom ? `rounds=${rounds}$` : ''}${salt}$${out}`;
}

const SALT_CHAR = /^[./0-9A-Za-z]$/;

/**
 * crypt(key, setting): the hash, or null where crypt() fails with EINVAL
 * (a setting it does not understand). Throws for schemes not implemented here.
 */
export function unixCrypt(key: string, setting: string): string | null {
  const nul = key.indexOf('\0');
  const pw = b(nul >= 0 ? key.slice(0, nul) : key);
  if (setting.startsWith('$1$')) return md5Crypt(pw, setting);
  if (setting.startsWith('$5$')) return shaCrypt(pw, setting, '5');
  if (setting.startsWith('$6$')) return shaCrypt(pw, setting, '6');
  if (setting.startsWith('$')) throw new Error(`crypt scheme "${setting.split('$').slice(0, 2).join('$')}$" is not supported by exim-ts`);
  if (setting.length < 2 || !SALT_CHAR.test(setting[0]!) || !SALT_CHAR.test(setting[1]!)) return null;
  // traditional DES: only the first 8 characters count, 7 bits each
  return desCrypt(pw.toString('latin1'), setting.slice(0, 2));
}

/** Exim's crypt16(): crypt() of the first 8 characters, and of the rest salted by the first result */
export function crypt16(key: string, setting: string): string | null {
  const first = unixCrypt(key, setting);
  if (first === null) return null;
  let res = first.slice(0, 13);
  if (key.length > 8) {
    const second = unixCrypt(key.slice(8), res.slice(2, 4));
    if (second === null) return null;
    res += second.slice(2, 13);
  }
  return res;
}
