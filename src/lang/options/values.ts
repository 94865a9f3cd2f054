// Option values: read and check a setting of each option type as readconf.c's
// readconf_handle_option() does (same errors, same words), and print a value
// as `exim -bP` does (print_ol). Pure: user and group look-ups come through a
// UserDb, expansion of uid/gid lists through a callback.
import { interpretEscape } from '../util/escape.js';
import { stringPrinting } from '../util/printing.js';
import { printTime, readTime } from '../util/time.js';

export { printTime, readTime };
import type { OptionEntry, OptionType } from './types.js';
import { strtoll } from '../util/integer.js';
import { listItems } from '../util/list.js';
import { isSpace } from '../util/ctype.js';

const INT_MAX = 2147483647n;
const INT_MIN = -2147483648n;
const ARITH_MAX = 0x7fffffffffffffffn;
const ARITH_MIN = -0x8000000000000000n;
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isAlpha = (c: string | undefined) => c !== undefined && /^[A-Za-z]$/.test(c);
const isAlnum = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9]$/.test(c);
/** C int arithmetic: wrap to 32 bits */
const i32 = (n: number) => n | 0;

/** Users and groups, as getpwnam/getpwuid/getgrnam/getgrgid would give them. */
export interface UserDb {
  userByName(name: string): { uid: number; gid: number } | undefined;
  userById(uid: number): string | undefined;
  groupByName(name: string): number | undefined;
  groupById(gid: number): string | undefined;
}

/** A UserDb from the texts of /etc/passwd and /etc/group (first entry wins, as getpw* do). */
export function userDbFromFiles(passwd: string, group: string): UserDb {
  const users = new Map<string, { uid: number; gid: number }>();
  const uids = new Map<number, string>();
  const groups = new Map<string, number>();
  const gids = new Map<number, string>();
  for (const l of passwd.split('\n')) {
    const f = l.split(':');
    if (f.length < 4 || !f[0]) continue;
    const uid = Number(f[2]), gid = Number(f[3]);
    if (!users.has(f[0])) users.set(f[0], { uid, gid });
    if (!uids.has(uid)) uids.set(uid, f[0]);
  }
  for (const l of group.split('\n')) {
    const f = l.split(':');
    if (f.length < 3 || !f[0]) continue;
    const gid = Number(f[2]);
    if (!groups.has(f[0])) groups.set(f[0], gid);
    if (!gids.has(gid)) gids.set(gid, f[0]);
  }
  return {
    userByName: (n) => users.get(n), userById: (u) => uids.get(u),
    groupByName: (n) => groups.get(n), groupById: (g) => gids.get(g),
  };
}

/** A typed option value. `value` depends on the type:
 * bool/bit/bool_verify/bool_set/expand_bool: boolean; int/mkint/octint: number;
 * Kint: bigint (in K); fixed: number (x1000); time: seconds; timelist: seconds[];
 * uid/gid: number; uidlist/gidlist: number[]; stringptr/rewrite: string;
 * func (smtp_receive_timeout): seconds or, when it starts with '$', a string.
 * `expand` holds the string of an expand_uid/expand_gid/expand_bool that contains '$'. */
export interface OptionValue {
  type: OptionType;
  value: boolean | number | bigint | string | number[];
  expand?: string;
  /** the login group of a uid given as a user name (Exim sets the matching *_group from it) */
  gid?: number;
}

export type CheckResult = { value: OptionValue } | { error: string };

export interface CheckOptions {
  /** the option name as written (with any no_/not_ prefix), for messages */
  name?: string;
  /** a no_/not_ prefix was given */
  negated?: boolean;
  users?: UserDb;
  /** expansion of uidlist/gidlist strings (Exim expands them while reading); returns the result or an error message */
  expand?: (s: string) => { value: string } | { error: string };
  /** for repeatable options (router condition, headers_add, ...): the value so far */
  previous?: OptionValue;
  /** timelist capacity (delay_warning: 12 ints, so 10 times) */
  timelistMax?: number;
}

/** string_dequote(): a quoted string with escapes, or a word up to white space. The value stops at a NUL as in C. */
export function dequote(s: string, start = 0): { value: string; end: number } {
  let i = start;
  let out = '';
  if (s[i] !== '"') {
    while (i < s.length && !isSpace(s[i])) out += s[i++];
  } else {
    i++;
    while (i < s.length && s[i] !== '"') {
      if (s[i] === '\\') { const e = interpretEscape(s, i); out += e.ch; i = e.next - 1; } else out += s[i];
      i++;
    }
    if (i < s.length) i++;
  }
  const nul = out.indexOf('\0');
  return { value: nul >= 0 ? out.slice(0, nul) : out, end: i };
}

function extraChars(rest: string, t1: string, t2: string, t3: string): string {
  return `extra characters follow ${t1}${t2}${t3}${rest[0] === '#' ? ' (# is comment only at line start)' : ''}`;
}

/** read_string(): the value of a string option, quoted or not */
export function readString(s: string, name: string): { value: string } | { error: string } {
  if (s[0] !== '"') return { value: s.split('\0')[0]! };
  const d = dequote(s, 0);
  if (d.end === 1 || s[d.end - 1] !== '"') return { error: `missing quote at end of string value for ${name}` };
  if (d.end < s.length) return { error: extraChars(s.slice(d.end), 'string value for ', name, '') };
  return { value: d.value };
}

/** sscanf("%d%n"): leading white space, sign, digits; value truncated to int */
function scanInt(s: string, i: number): { value: number; end: number } | undefined {
  const r = strtoll(s, i, 10);
  if (r.end === i) return undefined;
  return { value: Number(BigInt.asIntN(32, r.value)), end: r.end };
}

/** route_finduser()/route_findgroup(): a number (optionally negative) or a name */
const numericId = (s: string) => /^[0-9-][0-9]*$/.test(s);
function atoi(s: string): number {
  const r = strtoll(s, 0, 10);
  return Number(BigInt.asIntN(32, r.value)) >>> 0;
}
function findUser(s: string, db: UserDb | undefined): { uid: number; gid?: number } | undefined {
  if (numericId(s)) return { uid: atoi(s) };
  return db?.userByName(s) ? { uid: db.userByName(s)!.uid, gid: db.userByName(s)!.gid } : undefined;
}
function findGroup(s: string, db: UserDb | undefined): number | undefined {
  if (numericId(s)) return atoi(s);
  return db?.groupByName(s);
}

const REWRITE_FLAGS = 'qwhsftcbrEFTQRS';
/** readconf_one_rewrite(): a rule's syntax and flags; `at` is where the problem is in the rule */
export function checkRewriteRule(rule: string, global: boolean): { error: string; at: number } | { flags: string; key: string; replacement: string; replacementAt: number } {
  let d = dequote(rule, 0);
  const key = d.value;
  let i = d.end;
  while (isSpace(rule[i])) i++;
  if (i >= rule.length) return { error: 'missing rewrite replacement string', at: i };
  const replacementAt = i;
  d = dequote(rule, i);
  i = d.end;
  let flags = '';
  for (; i < rule.length; i++) {
    const c = rule[i]!;
    if (c === ' ' || c === '\t') continue;
    if (!REWRITE_FLAGS.includes(c)) return { error: `unknown rewrite flag character '${c}' (could be missing quotes round replacement item)`, at: i };
    if (c === 'S' && key[0] !== '^' && !key.startsWith('\\N^')) return { error: 'rewrite rule has the S flag but is not a regular expression', at: i };
    flags += c;
  }
  if (!global && /[EFTS]/.test(flags)) return { error: 'rewrite rule specifies a non-header rewrite - not allowed at transport time -', at: rule.length };
  return { flags, key, replacement: d.value, replacementAt };
}

/** strtol-based reading of int/mkint/octint/Kint settings */
function readInteger(entry: OptionEntry, s: string, name: string): CheckResult {
  const octal = entry.type === 'octint';
  const inttype = octal ? 'octal ' : '';
  const r = strtoll(s, 0, octal ? 8 : 0);
  if (r.end === 0) return { error: `${inttype}integer expected for ${name}` };
  let v = r.value;
  let overflow = r.overflow;
  let end = r.end;
  const tooLarge = { error: `absolute value of integer "${s}" is too large (overflow)` };
  if (entry.type === 'Kint') {
    if (!overflow && end < s.length) {
      const level = 'ZzEePpTtGgMmKk'.indexOf(s[end]!);
      if (level >= 0) {
        end++;
        for (let n = 6 - (level >> 1); n > 0; n--) {
          if (v > ARITH_MAX / 1024n || v < ARITH_MIN / 1024n) { overflow = true; break; }
          v *= 1024n;
        }
      } else v = (v + 512n) / 1024n;
    }
    if (overflow) return tooLarge;
  } else {
    if (!overflow && end < s.length) {
      const level = 'TtGgMmKk'.indexOf(s[end]!);
      if (level >= 0) {
        end++;
        for (let n = 4 - (level >> 1); n > 0; n--) {
          if (v > INT_MAX / 1024n || v < INT_MIN / 1024n) { overflow = true; break; }
          v *= 1024n;
        }
      }
    }
    if (overflow || v > INT_MAX || v < INT_MIN) return tooLarge;
  }
  while (isSpace(s[end])) end++;
  if (end < s.length) return { error: extraChars(s.slice(end), inttype, 'integer value for ', name) };
  return { value: { type: entry.type, value: entry.type === 'Kint' ? v : Number(v) } };
}

function readFixed(entry: OptionEntry, s: string, name: string): CheckResult {
  const n = scanInt(s, 0);
  if (!n) return { error: `fixed-point number expected for ${name}` };
  let value = n.value;
  if (value < 0) return { error: `integer "${s}" is too large (overflow)` };
  value = i32(Math.imul(value, 1000));
  if (value < 0) return { error: `integer "${s}" is too large (overflow)` };
  let i = n.end;
  if (s[i] === '.') {
    let d = 100;
    while (isDigit(s[++i])) { value = i32(value + (s.charCodeAt(i) - 48) * d); d = Math.trunc(d / 10); }
  }
  while (isSpace(s[i])) i++;
  if (i < s.length) return { error: extraChars(s.slice(i), 'fixed-point value for ', name, '') };
  return { value: { type: entry.type, value } };
}

function readTimelist(entry: OptionEntry, s: string, name: string, max: number): CheckResult {
  const list: number[] = [];
  let i = 0;
  if (s.length) for (let count = 1; count <= max; count++) {
    let terminator = '';
    const next = s.indexOf(':', i);
    if (next >= 0) {
      let ss = next;
      while (ss > i && isSpace(s[ss - 1])) ss--;
      terminator = s[ss]!;
    }
    const v = readTime(s, terminator, false, i);
    if (v < 0) return { error: `invalid time value for ${name}` };
    if (count > 1 && v <= list[count - 2]!) return { error: `time value out of order for ${name}` };
    list.push(v);
    if (next < 0) { i = -1; break; }
    i = next + 1;
    while (isSpace(s[i])) i++;
    if (count === max) return { error: `too many time values for ${name}` };
  }
  if (list.length && list[0] === 0) list.length = 0;
  return { value: { type: entry.type, value: list } };
}

/**
 * Check the value of one setting. `raw` is the text after "=" and its white
 * space (undefined when the option is given bare, as booleans may be).
 */
export function checkOptionValue(entry: OptionEntry, raw: string | undefined, opts: CheckOptions = {}): CheckResult {
  const name = opts.name ?? 'option';
  const type = entry.type;
  const isBool = type === 'bool' || type === 'bit' || type === 'bool_verify' || type === 'bool_set' || type === 'expand_bool';
  if (!isBool) {
    if (opts.negated) return { error: 'negation prefix applied to a non-boolean option' };
    if (raw === undefined) return { error: `unexpected end of line (data missing) after ${name}` };
  } else if (opts.negated && raw !== undefined) {
    return { error: extraChars('=', 'boolean option ', name, '') };
  }
  const s = raw ?? '';
  switch (type) {
    case 'stringptr': case 'rewrite': case 'uid': case 'gid': case 'expand_uid': case 'expand_gid':
    case 'uidlist': case 'gidlist': {
      const r = readString(s, name);
      if ('error' in r) return r;
      const str = r.value;
      switch (type) {
        case 'stringptr': {
          if (!entry.repeatable) return { value: { type, value: str } };
          const prev = typeof opts.previous?.value === 'string' ? opts.previous.value : undefined;
          if (name === 'condition') {
            // several conditions are and-ed, as text
            return { value: { type, value: prev === undefined ? str : `\${if and{{bool_lax{${prev}}}{bool_lax{${str}}}}}` } };
          }
          const sep = name.startsWith('headers_add') ? '\n' : name.startsWith('set') ? ';' : ':';
          const joined = joinList(prev, str, sep);
          return { value: { type, value: joined ?? '' } };
        }
        case 'rewrite': {
          for (const rule of listItems(str, 0, true)) {
            const c = checkRewriteRule(rule, false);
            if ('error' in c) return { error: c.error };
          }
          return { value: { type, value: str } };
        }
        case 'expand_uid': case 'expand_gid': case 'uid': case 'gid':
          if ((type === 'expand_uid' || type === 'expand_gid') && str.includes('$')) return { value: { type, value: -1, expand: str } };
          if (type === 'uid' || type === 'expand_uid') {
            const u = findUser(str, opts.users);
            if (!u) return { error: `user ${str} was not found` };
            return { value: { type, value: u.uid, ...(u.gid !== undefined ? { gid: u.gid } : {}) } };
          } else {
            const g = findGroup(str, opts.users);
            if (g === undefined) return { error: `group ${str} was not found` };
            return { value: { type, value: g } };
          }
        case 'uidlist': case 'gidlist': {
          let list = str;
          if (str.includes('$') || str.includes('\\')) {
            if (!opts.expand) return { value: { type, value: [], expand: str } };
            const e = opts.expand(str);
            if ('error' in e) return { error: `failed to expand ${name}: ${e.error}` };
            list = e.value;
          }
          const ids: number[] = [];
          for (const item of listItems(list, 0, true)) {
            if (type === 'uidlist') {
              const u = findUser(item, opts.users);
              if (!u) return { error: `user ${item} was not found` };
              ids.push(u.uid);
            } else {
              const g = findGroup(item, opts.users);
              if (g === undefined) return { error: `group ${item} was not found` };
              ids.push(g);
            }
          }
          return { value: { type, value: ids } };
        }
      }
      break;
    }
    case 'expand_bool': case 'bool': case 'bit': case 'bool_verify': case 'bool_set': {
      if (type === 'expand_bool' && s.includes('$')) {
        const r = readString(s, name);
        if ('error' in r) return r;
        return { value: { type, value: false, expand: r.value } };
      }
      let v = !opts.negated;
      if (s.length) {
        // readconf_readname(): a letter then letters, digits, underscores
        let i = 0;
        while (isSpace(s[i])) i++;
        let word = '';
        if (isAlpha(s[i])) while (isAlnum(s[i]) || s[i] === '_') word += s[i++];
        while (isSpace(s[i])) i++;
        const w = word.toLowerCase();
        if (w === 'true' || w === 'yes') v = true;
        else if (w === 'false' || w === 'no') v = false;
        else return { error: `"${word}" is not a valid value for the "${name}" option` };
        if (i < s.length) return { error: extraChars(s.slice(i), `"${word}" `, 'for boolean option ', name) };
      }
      return { value: { type, value: v } };
    }
    case 'int': case 'mkint': case 'octint': case 'Kint':
      return readInteger(entry, s, name);
    case 'fixed':
      return readFixed(entry, s, name);
    case 'time': {
      const v = readTime(s);
      if (v < 0) return { error: `invalid time value for ${name}` };
      return { value: { type, value: v } };
    }
    case 'timelist':
      return readTimelist(entry, s, name, opts.timelistMax ?? 10);
    case 'func': {
      // smtp_receive_timeout: an expansion if it starts with '$', else a time
      if (s[0] === '$') return { value: { type, value: s } };
      const v = readTime(s);
      if (v < 0) return { error: `invalid time value for ${name}` };
      return { value: { type, value: v } };
    }
    case 'void':
      return { value: { type, value: '' } };
  }
  return { error: `unknown option type for ${name}` };
}

/** string_nextinlist() items appended with a fixed separator (string_append_listele doubles it inside items) */
function joinList(prev: string | undefined, add: string, sep: string): string | undefined {
  let out = prev;
  for (const item of listItems(add, -sep.charCodeAt(0))) {
    if (out === undefined) out = '';
    else if (out.length) out += sep;
    out += item.split(sep).join(sep + sep);
  }
  return out;
}

/** One `[hide] [no_|not_]name [= value]` line read as readconf_handle_option() reads it. */
export interface OptionLine {
  /** the name as written, prefix included */
  written: string;
  /** the option's name without no_/not_ */
  name: string;
  negated: boolean;
  hide: boolean;
  /** text after "=" and white space, or undefined if no "=" */
  value: string | undefined;
  /** what follows the name and its white space */
  after: string;
}

/** Split an option line; returns undefined when no letter starts it ("option setting expected"). */
export function splitOptionLine(text: string): OptionLine | { error: string } {
  let i = 0;
  while (isSpace(text[i])) i++;
  if (!isAlpha(text[i])) return { error: `option setting expected: ${text.slice(i)}` };
  let hide = false;
  let name = '';
  for (let n = 0; n < 2; n++) {
    name = '';
    while (isAlnum(text[i]) || text[i] === '_') { if (name.length < 63) name += text[i]; i++; }
    while (isSpace(text[i])) i++;
    if (name !== 'hide') break;
    hide = true;
  }
  let bare = name;
  let negated = false;
  if (name.startsWith('no_')) { negated = true; bare = name.slice(3); }
  if (name.startsWith('not_')) { negated = true; bare = name.slice(4); }
  const rest = text.slice(i);
  if (rest[0] === '=') {
    let j = 1;
    while (isSpace(rest[j])) j++;
    return { written: name, name: bare, negated, hide, value: rest.slice(j), after: rest };
  }
  return { written: name, name: bare, negated, hide, value: undefined, after: rest };
}

export interface HandleResult {
  line: OptionLine;
  entry: OptionEntry;
  value: OptionValue;
}

/**
 * readconf_handle_option() for one line: name, hide, no_/not_, unknown option
 * (`unknownText` is Exim's format, e.g. 'main option "%s" unknown'), set
 * twice (`seen` holds the names already set), "=" rules, then the value.
 */
export function handleOptionLine(
  text: string, find: (name: string) => OptionEntry | undefined, seen: Set<string>, unknownText: string,
  opts: Omit<CheckOptions, 'name' | 'negated'> & { previousOf?: (name: string) => OptionValue | undefined } = {},
): HandleResult | { error: string; unknown?: string } {
  const l = splitOptionLine(text);
  if ('error' in l) return l;
  const entry = find(l.name);
  if (!entry) return { error: unknownText.replace('%s', l.written), unknown: l.written };
  if (seen.has(l.name) && !entry.repeatable) return { error: `"${l.written}" option set for the second time` };
  seen.add(l.name);
  const isBool = ['bool', 'bit', 'bool_verify', 'bool_set', 'expand_bool'].includes(entry.type);
  if (!isBool) {
    if (l.negated) return { error: 'negation prefix applied to a non-boolean option' };
    if (!l.after.length) return { error: `unexpected end of line (data missing) after ${l.written}` };
    if (l.value === undefined) return { error: `missing "=" after ${l.written}` };
  } else if (l.after.length && (l.negated || l.value === undefined)) {
    return { error: extraChars(l.after, 'boolean option ', l.written, '') };
  }
  const r = checkOptionValue(entry, l.value, {
    ...opts, name: l.written, negated: l.negated, previous: opts.previousOf?.(l.name),
  });
  if ('error' in r) return r;
  return { line: l, entry, value: r.value };
}

/** Levenshtein distance, for "did you mean" hints */
function distance(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length]!;
}

/** The closest known name to a misspelt one, if any is close enough. */
export function suggestOption(name: string, names: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const max = Math.max(2, Math.floor(name.length / 4));
  for (const n of names) {
    const dd = distance(name, n);
    if (dd < bestD || (dd === bestD && best !== undefined && n < best)) { bestD = dd; best = n; }
  }
  return best !== undefined && bestD <= max ? best : undefined;
}

export interface PrintOptions {
  users?: UserDb;
  /** -n: values only */
  noLabels?: boolean;
  /** caller may see options set with "hide" */
  admin?: boolean;
  hidden?: boolean;
  /** print_topbitchars */
  topBitChars?: boolean;
}

/**
 * One option as `exim -bP` prints it (print_ol), with the newline.
 * `value` undefined means the option is unset (strings print empty).
 */
export function printOption(name: string, entry: OptionEntry, value: OptionValue | undefined, opts: PrintOptions = {}): string {
  const label = opts.noLabels ? '' : `${name} = `;
  if (opts.hidden && !opts.admin) return opts.noLabels ? '<value not displayable>\n' : `${name} = <value not displayable>\n`;
  const v = value?.value;
  const str = (s: string, tab = true) => stringPrinting(s, tab, opts.topBitChars);
  switch (entry.type) {
    case 'stringptr': case 'rewrite':
      return `${label}${typeof v === 'string' ? str(v) : ''}\n`;
    case 'int':
      return `${label}${Number(v ?? 0)}\n`;
    case 'mkint': {
      let x = Number(v ?? 0);
      if (x !== 0 && (x & 1023) === 0) {
        let c = 'K';
        x >>= 10;
        if ((x & 1023) === 0) { c = 'M'; x >>= 10; }
        return `${label}${x}${c}\n`;
      }
      return `${label}${x}\n`;
    }
    case 'Kint': {
      const x = BigInt((v as bigint | number | undefined) ?? 0n);
      const mask = (bits: number) => (1n << BigInt(bits)) - 1n;
      // int_eximarith_t, printed with %lld and an arithmetic shift
      if (x === 0n) return `${label}0\n`;
      if ((x & mask(30)) === 0n) return `${label}${x >> 30n}T\n`;
      if ((x & mask(20)) === 0n) return `${label}${x >> 20n}G\n`;
      if ((x & mask(10)) === 0n) return `${label}${x >> 10n}M\n`;
      return `${label}${x}K\n`;
    }
    case 'octint': {
      const x = Number(v ?? 0) >>> 0;
      return `${label}${x === 0 ? '0' : '0' + x.toString(8)}\n`;
    }
    case 'fixed': {
      const x = typeof v === 'number' ? v : -1;
      if (x < 0) return `${name} =\n`;
      let f = x % 1000;
      let d = 100;
      let out = `${label}${Math.trunc(x / 1000)}.`;
      do { out += String(Math.trunc(f / d)); f %= d; d = Math.trunc(d / 10); } while (f !== 0);
      return out + '\n';
    }
    case 'expand_uid': case 'expand_gid': case 'uid': case 'gid': {
      if (value?.expand !== undefined) return `${label}${str(value.expand, false)}\n`;
      if (typeof v !== 'number' || v < 0) return `${label}\n`;
      const isUid = entry.type === 'uid' || entry.type === 'expand_uid';
      const n = (isUid ? opts.users?.userById(v) : opts.users?.groupById(v)) ?? String(v);
      return `${label}${n}\n`;
    }
    case 'uidlist': case 'gidlist': {
      let out = opts.noLabels ? '' : `${name} =`;
      if (Array.isArray(v)) {
        let sep = opts.noLabels ? '' : ' ';
        for (const id of v) {
          const n = (entry.type === 'uidlist' ? opts.users?.userById(id) : opts.users?.groupById(id)) ?? String(id);
          out += sep + n;
          sep = ':';
        }
      }
      return out + '\n';
    }
    case 'time':
      return `${label}${printTime(Number(v ?? 0))}\n`;
    case 'timelist':
      return `${label}${(Array.isArray(v) ? v : []).map(printTime).join(':')}\n`;
    case 'expand_bool': case 'bit': case 'bool': case 'bool_verify': case 'bool_set':
      if (value?.expand !== undefined) return `${label}${str(value.expand, false)}\n`;
      return `${v ? '' : 'no_'}${name}\n`;
    case 'func':
      return `${label}${typeof v === 'string' ? str(v) : printTime(Number(v ?? 0))}\n`;
    case 'void':
      return '';
  }
  return '';
}
