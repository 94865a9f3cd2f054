// PCRE2 patterns, as Exim compiles them (8-bit, no UTF, default newline LF,
// C-locale tables), translated into JavaScript RegExps over byte strings.
//
// JS regexes differ from PCRE2 in many small ways (`.` and \r, \s and 0xA0,
// `$` before a final newline, case folding of Latin-1 letters, inline option
// settings), so the pattern is parsed into a small tree and re-emitted with
// every such construct spelled out. Character sets become explicit byte
// classes; case-insensitivity is applied by hand (ASCII only, as PCRE2 does
// without UCP); atomic groups and possessive quantifiers use the lookahead +
// back-reference idiom. Compile errors carry PCRE2 10.42's message and offset.
// (*UCP) is followed for 8-bit patterns (Unicode properties of 0..255); with
// (*UTF) it is refused with an error, the one verb combination not translated.

import { isUtf8 } from 'node:buffer';
import { ExpandError } from '../expand-api.js';
import { utfToBytePattern } from './pcre-utf.js';
import { isSpaceCode } from './ctype.js';

export class PcreError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

/** Exim's wording for a pattern that does not compile. */
export function regexErrorMessage(pattern: string, e: PcreError): string {
  return `regular expression error in "${pattern}": ${e.message} at offset ${e.offset}`;
}

export interface Pcre {
  pattern: string;
  /** compiled with the caseless option (PCRE2_CASELESS) */
  caseless: boolean;
  /** the emitted JavaScript source */
  source: string;
  flags: string;
  /** global (searching) form */
  re: RegExp;
  /** number of PCRE capture groups */
  captures: number;
  /** the same, under its older name */
  groups: number;
  /** PCRE group number -> JS group number */
  groupMap: number[];
  names: Map<string, number>;
  /** pattern starts with \G: matches must start at the start offset */
  startAnchored: boolean;
  /** (*UTF): the subject must be UTF-8, and a match may start only where a character does */
  utf: boolean;
}

/** A match: [0] the whole match, [n] group n ('' when unset). `index`/`end` are offsets. */
export interface PcreMatch {
  groups: (string | undefined)[];
  index: number;
  end: number;
  /** PCRE2's return: highest set group + 1 */
  count: number;
}

// ---------------------------------------------------------------- char sets

type CSet = Uint8Array; // 256 flags

const newSet = () => new Uint8Array(256);
const setRange = (s: CSet, lo: number, hi: number) => { for (let c = lo; c <= hi; c++) s[c] = 1; return s; };
const setOf = (chars: string) => { const s = newSet(); for (const ch of chars) s[ch.charCodeAt(0)] = 1; return s; };
const invert = (s: CSet) => { const r = newSet(); for (let c = 0; c < 256; c++) r[c] = s[c] ? 0 : 1; return r; };
const union = (a: CSet, b: CSet) => { for (let c = 0; c < 256; c++) if (b[c]) a[c] = 1; return a; };
const fromPred = (f: (c: number) => boolean) => { const s = newSet(); for (let c = 0; c < 256; c++) if (f(c)) s[c] = 1; return s; };

const isDigitC = (c: number) => c >= 48 && c <= 57;
const isUpperC = (c: number) => c >= 65 && c <= 90;
const isLowerC = (c: number) => c >= 97 && c <= 122;
const isAlphaC = (c: number) => isUpperC(c) || isLowerC(c);

const DIGIT = fromPred(isDigitC);
const WORD = fromPred((c) => isAlphaC(c) || isDigitC(c) || c === 95);
const SPACE = fromPred(isSpaceCode);
const HSPACE = setOf('\t \xa0');
const VSPACE = setOf('\n\v\f\r\x85');

const POSIX: Record<string, CSet> = {
  alpha: fromPred(isAlphaC),
  digit: DIGIT,
  alnum: fromPred((c) => isAlphaC(c) || isDigitC(c)),
  space: SPACE,
  blank: setOf(' \t'),
  cntrl: fromPred((c) => c < 32 || c === 127),
  graph: fromPred((c) => c > 32 && c < 127),
  print: fromPred((c) => c >= 32 && c < 127),
  punct: fromPred((c) => c > 32 && c < 127 && !isAlphaC(c) && !isDigitC(c)),
  upper: fromPred(isUpperC),
  lower: fromPred(isLowerC),
  xdigit: fromPred((c) => isDigitC(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)),
  word: WORD,
  ascii: fromPred((c) => c < 128),
};

function skipDigits(p: string, i: number): number {
  while (isDigitC(p.charCodeAt(i))) i++;
  return i;
}

/**
 * check_posix_syntax(): `i` is at the ':', '.' or '=' after a '['; the index
 * of the same character before a ']' that closes it, or -1 when a ']', or a
 * '[' followed by that character, comes first.
 */
function posixSyntaxEnd(p: string, i: number): number {
  const term = p[i];
  if ((term !== ':' && term !== '.' && term !== '=') || p.length - i < 2) return -1;
  for (let k = i + 1; p.length - k >= 2; k++) {
    if (p[k] === '\\' && (p[k + 1] === ']' || p[k + 1] === '\\')) k++;
    else if ((p[k] === '[' && p[k + 1] === term) || p[k] === ']') return -1;
    else if (p[k] === term && p[k + 1] === ']') return k;
  }
  return -1;
}

/** add the other ASCII case of every letter (PCRE2 caseless, no UCP) */
function foldSet(s: CSet): CSet {
  const r = s.slice();
  for (let c = 65; c <= 90; c++) if (s[c] || s[c + 32]) { r[c] = 1; r[c + 32] = 1; }
  return r;
}

/** \p{..}: Unicode properties of the code points 0..255 */
function propertySet(name: string): CSet | undefined {
  let neg = false;
  if (name.startsWith('^')) { neg = true; name = name.slice(1); }
  const key = name.replace(/[ _-]/g, '').toLowerCase();
  let s: CSet | undefined;
  const test = (src: string) => {
    try {
      const re = new RegExp(`^${src}$`, 'u');
      return fromPred((c) => re.test(String.fromCharCode(c)));
    } catch { return undefined; }
  };
  const cats = ['C', 'Cc', 'Cf', 'Cn', 'Co', 'Cs', 'L', 'Ll', 'Lm', 'Lo', 'Lt', 'Lu', 'M', 'Mc', 'Me', 'Mn',
    'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Pe', 'Pf', 'Pi', 'Po', 'Ps', 'S', 'Sc', 'Sk', 'Sm', 'So', 'Z', 'Zl', 'Zp', 'Zs'];
  const cat = cats.find((c) => c.toLowerCase() === key);
  if (cat) s = test(`\\p{${cat}}`);
  else if (key === 'any') s = setRange(newSet(), 0, 255);
  else if (key === 'l&' || key === 'lc') s = test('[\\p{Lu}\\p{Ll}\\p{Lt}]');
  else if (key === 'xan') s = test('[\\p{L}\\p{N}]');
  else if (key === 'xwd') s = test('[\\p{L}\\p{N}_]');
  else if (key === 'xsp' || key === 'xps') s = union(test('\\p{Z}')!, SPACE);
  else if (key === 'xuc') s = fromPred((c) => c === 0x24 || c === 0x40 || c === 0x60 || c >= 0xa0);
  else if (/^[a-z]+$/.test(key)) {
    // script names: Latin, Greek, Common, ...
    const script = name.replace(/[ -]/g, '_');
    s = test(`\\p{Script=${script[0]!.toUpperCase()}${script.slice(1).toLowerCase()}}`);
  }
  if (!s) return undefined;
  return neg ? invert(s) : s;
}

/**
 * (*UCP) without UTF: the code points 0..255 classified by their Unicode
 * properties (PCRE2 10.42): \d is \p{Nd}, \w is L, N or '_', \s is Z or
 * \h or \v, POSIX classes likewise, and caseless matching folds the
 * Latin-1 letters whose other case is a Latin-1 letter too. Built when
 * first needed: its Unicode property tests cost a few milliseconds of every
 * start otherwise.
 */
let ucpTables: ReturnType<typeof buildUcp> | undefined;
const ucp = () => (ucpTables ??= buildUcp());
function buildUcp() {
  const p = (name: string) => propertySet(name)!;
  const word = propertySet('xwd')!;
  const space = union(union(p('Z'), HSPACE), VSPACE);
  const graph = union(union(union(union(union(p('L'), p('M')), p('N')), p('P')), p('S')), p('Cf'));
  const posix: Record<string, CSet> = {
    ...POSIX,
    alpha: p('L'), lower: p('Ll'), upper: p('Lu'), alnum: p('Xan'), digit: p('Nd'),
    space, word, blank: HSPACE, cntrl: p('Cc'), graph, print: union(graph.slice(), p('Zs')),
    punct: union(p('P'), p('S')),
  };
  return { digit: p('Nd'), word, space, posix };
}

/** caseless under (*UCP): ASCII and the Latin-1 letter pairs (À..Þ with à..þ, not × and ÷) */
function foldSetUcp(s: CSet): CSet {
  const r = foldSet(s);
  for (let c = 0xc0; c <= 0xde; c++) {
    if (c === 0xd7) continue;
    if (s[c] || s[c + 32]) { r[c] = 1; r[c + 32] = 1; }
  }
  return r;
}

const hex2 = (c: number) => c.toString(16).padStart(2, '0');

/** \b (or \B) with (*UCP)'s \w: JavaScript's own \b knows ASCII words only */
function wordBoundary(at: boolean): string {
  const w = emitSet(ucp().word);
  return at ? `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))` : `(?:(?<=${w})(?=${w})|(?<!${w})(?!${w}))`;
}

function emitSet(s: CSet): string {
  let n = 0;
  let only = -1;
  for (let c = 0; c < 256; c++) if (s[c]) { n++; only = c; }
  if (n === 256) return '[\\s\\S]';
  if (n === 0) return '[]';
  if (n === 1) return charLit(only);
  if (n > 128) return '[^' + ranges(invert(s)) + ']';
  return '[' + ranges(s) + ']';
}

function ranges(s: CSet): string {
  let out = '';
  for (let c = 0; c < 256; c++) {
    if (!s[c]) continue;
    let e = c;
    while (e + 1 < 256 && s[e + 1]) e++;
    out += `\\x${hex2(c)}`;
    if (e > c) out += (e > c + 1 ? '-' : '') + `\\x${hex2(e)}`;
    c = e;
  }
  return out;
}

function charLit(c: number): string {
  if (isAlphaC(c) || isDigitC(c) || c === 95) return String.fromCharCode(c);
  return `\\x${hex2(c)}`;
}

// ---------------------------------------------------------------- tree

type Node =
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; alts: Node[] }
  | { t: 'set'; set: CSet }
  | { t: 'raw'; js: string; width: [number, number]; repeatable: boolean }
  | { t: 'group'; kind: 'cap' | 'nc' | 'atomic' | 'la' | 'nla' | 'lb' | 'nlb'; cap?: number; body: Node; at: number }
  | { t: 'rep'; body: Node; min: number; max: number; mode: 'g' | 'l' | 'p' }
  | { t: 'ref'; num?: number; name?: string; rel?: number; caseless: boolean; at: number };

interface Flags { i: boolean; s: boolean; m: boolean; x: boolean; xx: boolean; n: boolean; U: boolean; J: boolean }

const MAX_QUANT = 65535;

class Translator {
  i = 0;
  caps = 0;
  /** (?n) subroutine calls: checked against the groups once all are read, then refused */
  calls: { n: number; end: number; at: number }[] = [];
  /** where the first conditional group starts: read as PCRE2 reads one, then refused */
  conditionalAt: number | undefined;
  /** what PCRE2 checks when it compiles, once the whole pattern has parsed, in order */
  compileChecks: (() => void)[] = [];
  /** where the leading (*LF)-style start options end: PCRE2 reads (*LIMIT_...=n) only up to there */
  optsEnd = 0;
  names = new Map<string, number>();
  refs: Extract<Node, { t: 'ref' }>[] = [];
  caselessRef = false;
  startAnchored = false;
  groupEnds: number[] = [];

  /** (*UCP) was given (8-bit patterns only; with (*UTF) it is refused) */
  ucp = false;

  constructor(readonly p: string, readonly caseless = false, readonly utf = false) {}

  private fold(s: CSet): CSet {
    return this.ucp ? foldSetUcp(s) : foldSet(s);
  }

  err(msg: string, at: number): never {
    throw new PcreError(msg, at);
  }

  peek(k = 0): string { return this.p[this.i + k] ?? ''; }

  parse(): Node {
    const f: Flags = { i: this.caseless, s: false, m: false, x: false, xx: false, n: false, U: false, J: false };
    // leading (*VERB) settings such as (*LF), (*NO_START_OPT)
    let unsupported: { message: string; at: number } | undefined;
    while (this.p.startsWith('(*', this.i)) {
      const m = /^\(\*([A-Z_]+(?:=\d+)?)\)/.exec(this.p.slice(this.i));
      if (!m || !/^(LF|CR|CRLF|ANYCRLF|ANY|NUL|BSR_ANYCRLF|BSR_UNICODE|NO_AUTO_POSSESS|NO_DOTSTAR_ANCHOR|NO_JIT|NO_START_OPT|NOTEMPTY|NOTEMPTY_ATSTART|UCP|UTF|LIMIT_(MATCH|HEAP|DEPTH|RECURSION)=\d+)$/.test(m[1]!)) break;
      if (m[1] === 'UCP' && !this.utf) this.ucp = true;
      else if (m[1] !== 'LF' && !m[1]!.startsWith('NO_') && !m[1]!.startsWith('LIMIT_')) {
        // reported once the rest has parsed: Exim would report a syntax error there first
        unsupported ??= { message: `(*${m[1]}) is not supported by exim-ts`, at: this.i };
      }
      this.i += m[0].length;
    }
    this.optsEnd = this.i;
    const node = this.alternation(f, 0);
    if (this.i < this.p.length) this.err('unmatched closing parenthesis', this.i);
    for (const check of this.compileChecks) check();
    for (const c of this.calls) if (c.n > this.caps) this.err('reference to non-existent subpattern', c.end);
    if (this.calls.length) this.err('recursion and subroutine calls are not supported by exim-ts', this.calls[0]!.at);
    if (this.conditionalAt !== undefined) this.err('conditional groups are not supported by exim-ts', this.conditionalAt);
    if (unsupported) this.err(unsupported.message, unsupported.at);
    for (const r of this.refs) this.resolve(r);
    return node;
  }

  resolve(r: Extract<Node, { t: 'ref' }>): void {
    if (r.name !== undefined) {
      const n = this.names.get(r.name);
      if (n === undefined) this.err('reference to non-existent subpattern', r.at);
      r.num = n;
    }
    if (r.num === undefined || r.num < 1 || r.num > this.caps) this.err('reference to non-existent subpattern', r.at);
  }

  /** alternatives up to ')' or the end; `depth` 0 at top level */
  alternation(f: Flags, depth: number): Node {
    const alts: Node[] = [];
    for (;;) {
      alts.push(this.sequence(f, depth));
      if (this.peek() === '|') { this.i++; continue; }
      break;
    }
    return alts.length === 1 ? alts[0]! : { t: 'alt', alts };
  }

  skipExtended(f: Flags): void {
    if (!f.x) return;
    for (;;) {
      const c = this.peek();
      if (c !== '' && isSpaceCode(c.charCodeAt(0))) { this.i++; continue; }
      if (c === '#') {
        while (this.i < this.p.length && this.p[this.i] !== '\n') this.i++;
        continue;
      }
      if (c === '\\' && this.peek(1) === 'E') { this.i += 2; continue; }
      break;
    }
  }

  sequence(f: Flags, depth: number): Node {
    const items: Node[] = [];
    // whether the last item can take a quantifier
    let last: Node | null = null;
    for (;;) {
      this.skipExtended(f);
      const start = this.i;
      const c = this.peek();
      if (c === '' || c === '|') break;
      if (c === ')') {
        if (depth === 0) this.err('unmatched closing parenthesis', this.i);
        break;
      }
      if (c === '*' || c === '+' || c === '?' || (c === '{' && this.quantAt(this.i))) {
        if (!last) this.err('quantifier does not follow a repeatable item', this.i);
        const q = this.quantifier(f);
        items[items.length - 1] = { t: 'rep', body: last, ...q };
        last = null;
        continue;
      }
      const n = this.atom(f, depth);
      if (n === null) { last = null; continue; } // option setting, comment, \E
      if (n === 'noquant') { items.push(this.lastNoQuant!); last = null; continue; }
      items.push(n);
      // assertions such as ^ $ \b cannot be repeated (lookaround groups can)
      last = n.t === 'raw' && !n.repeatable ? null : n;
      void start;
    }
    return items.length === 1 ? items[0]! : { t: 'seq', items };
  }

  lastNoQuant: Node | null = null;

  /** is there a valid {n}, {n,} or {n,m} quantifier at `at`? */
  quantAt(at: number): boolean {
    return /^\{\d+(,\d*)?\}/.test(this.p.slice(at, at + 30)) || /^\{\d+(,\d*)?\}/.test(this.p.slice(at));
  }

  quantifier(f: Flags): { min: number; max: number; mode: 'g' | 'l' | 'p' } {
    const c = this.p[this.i++]!;
    let min = 0;
    let max = Infinity;
    if (c === '+') min = 1;
    else if (c === '?') max = 1;
    else if (c === '{') {
      const m = /^(\d+)(,(\d*))?\}/.exec(this.p.slice(this.i))!;
      const a = m[1]!;
      min = Number(a);
      if (min > MAX_QUANT) this.err('number too big in {} quantifier', this.i + a.length);
      if (m[2] === undefined) max = min;
      else if (m[3] === '') max = Infinity;
      else {
        max = Number(m[3]);
        const endB = this.i + a.length + 1 + m[3]!.length;
        if (max > MAX_QUANT) this.err('number too big in {} quantifier', endB);
        if (max < min) this.err('numbers out of order in {} quantifier', endB);
      }
      this.i += m[0].length;
    }
    let mode: 'g' | 'l' | 'p' = f.U ? 'l' : 'g';
    if (this.peek() === '+') { mode = 'p'; this.i++; } else if (this.peek() === '?') { mode = f.U ? 'g' : 'l'; this.i++; }
    return { min, max, mode };
  }

  lit(f: Flags, c: number): Node {
    const s = newSet();
    s[c] = 1;
    return { t: 'set', set: f.i ? this.fold(s) : s };
  }

  assertion(js: string): Node {
    return { t: 'raw', js, width: [0, 0], repeatable: false };
  }

  /** one item; null for things that match nothing (option settings, comments) */
  atom(f: Flags, depth: number): Node | null | 'noquant' {
    const p = this.p;
    const c = p[this.i]!;
    switch (c) {
      case '^':
        this.i++;
        return this.assertion(f.m ? '(?:(?<![\\s\\S])|(?<=\\n)(?=[\\s\\S]))' : '(?<![\\s\\S])');
      case '$':
        this.i++;
        return this.assertion(f.m ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))');
      case '.':
        this.i++;
        return { t: 'set', set: f.s ? setRange(newSet(), 0, 255) : invert(setOf('\n')) };
      case '[':
        return this.charClass(f);
      case '(':
        return this.group(f, depth);
      case '\\':
        return this.escape(f);
      default:
        this.i++;
        return this.lit(f, c.charCodeAt(0));
    }
  }

  escape(f: Flags): Node | null {
    const p = this.p;
    const at = this.i;
    this.i++;
    if (this.i >= p.length) this.err('\\ at end of pattern', this.i);
    const c = p[this.i]!;
    switch (c) {
      case 'Q': {
        this.i++;
        const end = p.indexOf('\\E', this.i);
        const text = end < 0 ? p.slice(this.i) : p.slice(this.i, end);
        this.i = end < 0 ? p.length : end + 2;
        if (text === '') return null;
        const items = [...text].map((ch) => this.lit(f, ch.charCodeAt(0)));
        return items.length === 1 ? items[0]! : { t: 'seq', items };
      }
      case 'E': this.i++; return null;
      case 'A': this.i++; return this.assertion('(?<![\\s\\S])');
      case 'z': this.i++; return this.assertion('(?![\\s\\S])');
      case 'Z': this.i++; return this.assertion('(?=\\n?(?![\\s\\S]))');
      case 'b': this.i++; return this.assertion(this.ucp ? wordBoundary(true) : '\\b');
      case 'B': this.i++; return this.assertion(this.ucp ? wordBoundary(false) : '\\B');
      case 'G':
        this.i++;
        if (at !== 0) this.err('\\G other than at the start is not supported by exim-ts', at);
        this.startAnchored = true;
        return this.assertion('');
      case 'K': this.i++; this.err('\\K is not supported by exim-ts', this.i);
      // falls through (err never returns)
      case 'R': this.i++; return { t: 'raw', js: '(?:\\r\\n|[\\n\\v\\f\\r\\x85])', width: [1, 2], repeatable: true };
      case 'X': this.i++; return { t: 'raw', js: '(?:\\r\\n|[\\s\\S])', width: [1, 2], repeatable: true };
      case 'N':
        if (p[this.i + 1] === '{') {
          this.i += 2;
          if (p[this.i] === 'U' && p[this.i + 1] === '+') this.err('\\N{U+dddd} is supported only in Unicode (UTF) mode', this.i + 2);
          this.err('PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u', this.i);
        }
        this.i++;
        return { t: 'set', set: invert(setOf('\n')) };
      case 'g': return this.gRef(f, at);
      case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9': {
        // a back reference if < 10, starting with 8 or 9, or not more than the groups so far; else octal
        const digits = /^[0-9]+/.exec(p.slice(this.i))![0];
        const n = Number(digits);
        if (n < 10 || c === '8' || c === '9' || n <= this.caps) {
          this.i += digits.length;
          const r = { t: 'ref' as const, num: n, caseless: f.i, at: at + 1 };
          if (f.i) this.caselessRef = true;
          this.refs.push(r);
          return r;
        }
        const s = this.escapeChar(f, false);
        return { t: 'set', set: f.i ? this.fold(s) : s };
      }
      case 'k': return this.kRef(f);
      default: {
        // \p and \P: caseless matching does not change what a property matches
        const prop = this.p[this.i] === 'p' || this.p[this.i] === 'P';
        const s = this.escapeChar(f, false);
        return { t: 'set', set: f.i && !prop ? this.fold(s) : s };
      }
    }
  }

  /** \g forms: \gN, \g{N}, \g{-N}, \g{name}, \g<..> (subroutine: unsupported) */
  gRef(f: Flags, at: number): Node {
    const p = this.p;
    this.i++;
    const ref = (num: number | undefined, name: string | undefined, errAt: number): Node => {
      const r = { t: 'ref' as const, num, name, caseless: f.i, at: errAt };
      if (f.i) this.caselessRef = true;
      this.refs.push(r);
      return r;
    };
    const rest = p.slice(this.i);
    let m: RegExpExecArray | null;
    if ((m = /^\{([+-]?)(\d+)\}/.exec(rest))) {
      this.i += m[0].length;
      return ref(this.number(m[1]!, m[2]!, this.i), undefined, m[1] === '-' ? at + 2 : this.i);
    }
    if ((m = /^([+-]?)(\d+)/.exec(rest))) {
      this.i += m[0].length;
      return ref(this.number(m[1]!, m[2]!, this.i), undefined, this.i);
    }
    if ((m = /^\{([A-Za-z_]\w*)\}/.exec(rest))) {
      this.i += m[0].length;
      return ref(undefined, m[1]!, at + 3);
    }
    if (rest[0] === '<' || rest[0] === "'") this.err('subroutine calls (\\g<..>) are not supported by exim-ts', this.i);
    this.err('\\g is not followed by a braced, angle-bracketed, or quoted name/number or by a plain number', this.i);
  }

  number(sign: string, digits: string, errAt: number): number {
    const n = Number(digits);
    if (sign === '-') {
      if (n === 0) this.err('a relative value of zero is not allowed', errAt);
      return this.caps - n + 1;
    }
    if (sign === '+') this.err('forward relative references are not supported by exim-ts', errAt);
    return n;
  }

  kRef(f: Flags): Node {
    const p = this.p;
    this.i++;
    const open = p[this.i];
    const close = open === '<' ? '>' : open === "'" ? "'" : open === '{' ? '}' : '';
    if (!close) this.err('\\k is not followed by a braced, angle-bracketed, or quoted name', this.i);
    this.i++;
    const nameAt = this.i;
    const name = this.groupName(close);
    const r = { t: 'ref' as const, name, caseless: f.i, at: nameAt };
    if (f.i) this.caselessRef = true;
    this.refs.push(r);
    return r;
  }

  /**
   * (?(condition)yes|no), pos at the condition's '(', read as PCRE2 reads
   * it so that its errors come as Exim's do: the condition's syntax (a group
   * number, a name, R, R&name, DEFINE, VERSION or an assertion) at once;
   * whether what it names exists and how many branches it has once the
   * whole pattern is read (compileChecks). JavaScript has no conditional
   * groups; the ones it can say another way are translated: an assertion A
   * (without groups of its own) as (?:A yes|not-A no); R, Rn and R&name
   * (is a recursion running? never here) as the no branch; DEFINE as
   * nothing; VERSION by PCRE2 10.42's version. A test of whether a group
   * has matched is refused once the pattern has parsed.
   */
  conditional(f: Flags, depth: number, at: number, body: (kind: 'nc') => Node): Node {
    const p = this.p;
    const condAt = this.i;
    this.i++;
    if (this.i >= p.length) this.err('missing closing parenthesis', p.length);
    const closing = () => {
      if (p[this.i] !== ')') this.err('missing closing parenthesis for condition', this.i);
      this.i++;
    };
    let define = -1;
    /** where PCRE2 reports too many branches: the name of a named condition, nothing (0) for an assertion or VERSION */
    let branchesAt = at;
    /** how the condition is decided: by an assertion, as a constant, or not here */
    let decide: { assert: Extract<Node, { t: 'group' }> } | { constant: boolean } | undefined;
    const c = p[this.i]!;
    if (c === '?' || c === '*') {
      if (!/^(\?(=|!|<=|<!|C)|\*[a-z])/.test(p.slice(this.i, this.i + 3))) this.err('assertion expected after (?( or (?(?C)', condAt);
      this.i--;
      branchesAt = 0;
      const a = this.group(f, depth + 1);
      if (a?.t === 'group' && ['la', 'nla', 'lb', 'nlb'].includes(a.kind)) decide = { assert: a };
    } else if (isDigitC(p.charCodeAt(this.i)) || ((c === '+' || c === '-') && isDigitC(p.charCodeAt(this.i + 1)))) {
      const sign = c === '+' || c === '-' ? p[this.i++] : '';
      // PCRE2 stops at the digit that takes the number past its maximum
      let n = 0;
      let k = this.i;
      for (; isDigitC(p.charCodeAt(k)); k++) {
        n = n * 10 + p.charCodeAt(k) - 48;
        if (n > 65535) this.err('subpattern number is too big', k + 1);
      }
      this.i = k;
      if (sign && n === 0) this.err('a relative value of zero is not allowed', k);
      const group = sign === '-' ? this.caps - n + 1 : sign === '+' ? this.caps + n : n;
      if (group <= 0) this.err('reference to non-existent subpattern', k);
      closing();
      this.compileChecks.push(() => { if (group > this.caps) this.err('reference to non-existent subpattern', k - 2); });
    } else if (p.startsWith('VERSION', this.i) && p[this.i + 7] !== ')' && p.length - this.i >= 10) {
      // (?(VERSION[>]=n[.m]): the minor version has two digits (.4 is .40)
      let j = this.i + 7;
      const atLeast = p[j] === '>';
      if (atLeast) j++;
      const bad = () => this.err('syntax error or number too big in (?(VERSION condition', j);
      if (p[j] !== '=') bad();
      if (!isDigitC(p.charCodeAt(++j))) bad();
      const major = Number(p.slice(j, (j = skipDigits(p, j))));
      let minor = 0;
      if (p[j] === '.') {
        if (!isDigitC(p.charCodeAt(++j))) bad();
        const digits = p.slice(j, (j = skipDigits(p, j)));
        minor = Number(digits) * (digits.length === 1 ? 10 : 1);
        // (after a minor version, PCRE2 wants the ')' itself)
        if (p[j] !== ')') bad();
      }
      this.i = j;
      closing();
      branchesAt = 0;
      const ours = 10 * 100 + 42;
      decide = { constant: atLeast ? ours >= major * 100 + minor : ours === major * 100 + minor };
    } else {
      const close = c === '<' ? '>' : c === "'" ? "'" : ')';
      const rAmp = close === ')' && c === 'R' && p[this.i + 1] === '&';
      if (close !== ')') this.i++;
      else if (rAmp) this.i += 2;
      const nameAt = this.i;
      branchesAt = nameAt;
      const name = this.groupName(close);
      if (close !== ')') closing();
      const rn = close === ')' && !rAmp ? /^R(\d*)$/.exec(name) : null;
      if (close === ')' && !rAmp && name === 'DEFINE') {
        define = nameAt;
        decide = { constant: false };
      } else {
        this.compileChecks.push(() => {
          if (rn ? rn[1] !== '' && Number(rn[1]) > this.caps : !this.names.has(name)) this.err('reference to non-existent subpattern', nameAt);
        });
        if (rn || rAmp) decide = { constant: false };
      }
    }
    const node = body('nc') as Extract<Node, { t: 'group' }>;
    const alts = node.body.t === 'alt' ? node.body.alts : [node.body];
    this.compileChecks.push(() => {
      if (define >= 0 && alts.length > 1) this.err('DEFINE subpattern contains more than one branch', define);
      if (alts.length > 2) this.err('conditional subpattern contains more than two branches', branchesAt);
    });
    if (decide === undefined) {
      this.conditionalAt ??= at;
      return node;
    }
    const empty: Node = { t: 'seq', items: [] };
    const [yes, no = empty] = alts;
    if ('constant' in decide) {
      const kept = define >= 0 ? empty : decide.constant ? yes! : no;
      const dropped = define >= 0 ? node.body : decide.constant ? no : yes!;
      // the groups of the part never taken stay, never set: the groups after keep their numbers
      const body: Node = hasCapture(dropped) ? { t: 'alt', alts: [kept, { t: 'seq', items: [NEVER, dropped] }] } : kept;
      return { t: 'group', kind: 'nc', body, at };
    }
    const a = decide.assert;
    // the assertion made negative captures nothing: its groups are the first copy's
    const not: Node = { ...a, kind: NEGATED[a.kind as keyof typeof NEGATED], body: uncaptured(a.body) };
    return { t: 'group', kind: 'nc', body: { t: 'alt', alts: [{ t: 'seq', items: [a, yes!] }, { t: 'seq', items: [not, no] }] }, at };
  }

  /** read a group name up to `close` (consumed) */
  groupName(close: string): string {
    const p = this.p;
    const start = this.i;
    if (this.i >= p.length || !/[A-Za-z0-9_]/.test(p[this.i]!)) {
      if (p[this.i] === close || this.i >= p.length) this.err('subpattern name expected', this.i);
      this.err('subpattern name expected', this.i);
    }
    if (isDigitC(p.charCodeAt(this.i))) this.err('subpattern name must start with a non-digit', this.i);
    while (this.i < p.length && /[A-Za-z0-9_]/.test(p[this.i]!)) this.i++;
    const name = p.slice(start, this.i);
    if (name.length > 32) this.err('subpattern name is too long (maximum 32 code units)', this.i);
    if (p[this.i] !== close) this.err('syntax error in subpattern name (missing terminator?)', this.i);
    this.i++;
    return name;
  }

  /**
   * A backslash escape that stands for characters (outside or inside a class);
   * pos is at the char after the backslash. `inClass`: \b is backspace, digits are octal.
   */
  escapeChar(f: Flags, inClass: boolean): CSet {
    const p = this.p;
    const c = p[this.i]!;
    const one = (code: number) => { const s = newSet(); s[code] = 1; return s; };
    switch (c) {
      case 'd': this.i++; return (this.ucp ? ucp().digit : DIGIT).slice();
      case 'D': this.i++; return invert(this.ucp ? ucp().digit : DIGIT);
      case 'w': this.i++; return (this.ucp ? ucp().word : WORD).slice();
      case 'W': this.i++; return invert(this.ucp ? ucp().word : WORD);
      case 's': this.i++; return (this.ucp ? ucp().space : SPACE).slice();
      case 'S': this.i++; return invert(this.ucp ? ucp().space : SPACE);
      case 'h': this.i++; return HSPACE.slice();
      case 'H': this.i++; return invert(HSPACE);
      case 'v': this.i++; return VSPACE.slice();
      case 'V': this.i++; return invert(VSPACE);
      case 'C': this.i++; return setRange(newSet(), 0, 255);
      case 'a': this.i++; return one(7);
      case 'e': this.i++; return one(27);
      case 'f': this.i++; return one(12);
      case 'n': this.i++; return one(10);
      case 'r': this.i++; return one(13);
      case 't': this.i++; return one(9);
      case 'b':
        if (inClass) { this.i++; return one(8); }
        break;
      case 'c': {
        this.i++;
        if (this.i >= p.length) this.err('\\c at end of pattern', this.i);
        const x = p.charCodeAt(this.i);
        if (x < 32 || x > 126) this.err('\\c must be followed by a printable ASCII character', this.i);
        this.i++;
        return one((isLowerC(x) ? x - 32 : x) ^ 0x40);
      }
      case 'x': {
        this.i++;
        if (p[this.i] === '{') {
          const m = /^[0-9a-fA-F]*/.exec(p.slice(this.i + 1))![0];
          const end = this.i + 1 + m.length;
          if (p[end] !== '}') {
            if (m === '' ) this.err('non-hex character in \\x{} (closing brace missing?)', end);
            this.err('non-hex character in \\x{} (closing brace missing?)', end);
          }
          if (m === '') this.err('digits missing in \\x{} or \\o{} or \\N{U+}', end);
          const v = parseInt(m, 16);
          if (v > 255 || m.replace(/^0+/, '').length > 8) this.err('character code point value in \\x{} or \\o{} is too large', end);
          this.i = end + 1;
          return one(v);
        }
        const m = /^[0-9a-fA-F]{0,2}/.exec(p.slice(this.i))![0];
        this.i += m.length;
        return one(m ? parseInt(m, 16) : 0);
      }
      case 'o': {
        if (p[this.i + 1] !== '{') this.err('missing opening brace after \\o', this.i);
        const m = /^[0-7]*/.exec(p.slice(this.i + 2))![0];
        const end = this.i + 2 + m.length;
        if (p[end] !== '}') this.err('non-octal character in \\o{} (closing brace missing?)', end);
        if (m === '') this.err('digits missing in \\x{} or \\o{} or \\N{U+}', end);
        const v = parseInt(m, 8);
        if (v > 255) this.err('character code point value in \\x{} or \\o{} is too large', end);
        this.i = end + 1;
        return one(v);
      }
      case 'p': case 'P': {
        this.i++;
        let name: string;
        if (p[this.i] === '{') {
          const end = p.indexOf('}', this.i);
          if (end < 0) this.err('malformed \\P or \\p sequence', p.length);
          name = p.slice(this.i + 1, end);
          this.i = end + 1;
        } else {
          // one following character, which must be an ASCII letter
          if (this.i >= p.length) this.err('malformed \\P or \\p sequence', this.i);
          name = p[this.i++]!;
          if (!/[A-Za-z]/.test(name)) this.err('malformed \\P or \\p sequence', this.i);
        }
        const s = propertySet(name);
        if (!s) this.err('unknown property after \\P or \\p', this.i);
        return c === 'P' ? invert(s) : s;
      }
      case 'F': case 'L': case 'l': case 'U': case 'u':
        this.i++;
        this.err('PCRE2 does not support \\F, \\L, \\l, \\N{name}, \\U, or \\u', this.i);
    }
    if (c >= '0' && c <= '9') {
      if (c === '0' || inClass || c < '8') {
        // octal: \0 plus up to 2 digits, else up to 3 digits
        const m = /^[0-7]{1,3}/.exec(p.slice(this.i));
        if (!m) { this.i++; return one(c.charCodeAt(0)); } // \8 \9 in a class
        const digits = c === '0' ? m[0].slice(0, 3) : m[0];
        this.i += digits.length;
        const v = parseInt(digits, 8);
        if (v > 255) this.err('octal value is greater than \\377 in 8-bit non-UTF-8 mode', this.i);
        return one(v);
      }
      this.i++;
      return one(c.charCodeAt(0));
    }
    if (isAlphaC(c.charCodeAt(0))) {
      if (inClass && 'BRXgkGAzZK'.includes(c)) this.err('escape sequence is invalid in character class', this.i + 1);
      if (inClass && c === 'N') this.err('\\N is not supported in a class', this.i + 1);
      this.err('unrecognized character follows \\', this.i);
    }
    this.i++;
    return one(c.charCodeAt(0));
  }

  charClass(f: Flags): Node {
    const p = this.p;
    const classAt = this.i;
    this.i++;
    if (posixSyntaxEnd(p, this.i) >= 0) {
      if (p[this.i] === ':') this.err('POSIX named classes are supported only within a class', classAt);
      this.err('POSIX collating elements are not supported', classAt);
    }
    let neg = false;
    if (p[this.i] === '^') { neg = true; this.i++; }
    const set = newSet();
    // what caseless matching leaves as it is: \p, \P and (under (*UCP)) POSIX classes
    const props = newSet();
    let first = true;
    // the previous single character, for ranges
    let prev = -1;
    for (;;) {
      if (this.i >= p.length) this.err('missing terminating ] for character class', p.length);
      let c = p[this.i]!;
      if (f.xx && (c === ' ' || c === '\t')) { this.i++; continue; }
      if (c === ']' && !first) { this.i++; break; }
      first = false;
      if (c === '\\' && p[this.i + 1] === 'Q') {
        this.i += 2;
        while (this.i < p.length && !(p[this.i] === '\\' && p[this.i + 1] === 'E')) {
          prev = p.charCodeAt(this.i++);
          set[prev] = 1;
        }
        if (this.i < p.length) this.i += 2;
        continue;
      }
      if (c === '\\' && p[this.i + 1] === 'E') { this.i += 2; continue; }
      // a range?
      if (c === '-' && prev >= 0 && this.i + 1 < p.length && p[this.i + 1] !== ']') {
        const dashAt = this.i;
        this.i++;
        let hi: number;
        const d = p[this.i]!;
        if (d === '[' && /^\[:\^?[A-Za-z]+:\]/.test(p.slice(this.i))) this.err('invalid range in character class', this.i + 0 * dashAt + (/^\[:\^?[A-Za-z]+:\]/.exec(p.slice(this.i))![0].length));
        if (d === '\\') {
          if (p[this.i + 1] === 'Q') {
            this.i += 2;
            if (p[this.i] === '\\' && p[this.i + 1] === 'E') { this.i += 2; set[45] = 1; continue; }
            hi = p.charCodeAt(this.i++);
            if (p[this.i] === '\\' && p[this.i + 1] === 'E') this.i += 2;
            else { this.i -= 0; p.indexOf('\\E', this.i); }
          } else {
            this.i++;
            const s = this.escapeChar(f, true);
            let cnt = 0; let only = 0;
            for (let k = 0; k < 256; k++) if (s[k]) { cnt++; only = k; }
            const escLetter = p[this.i - 1]!;
            if (cnt !== 1 || 'dDwWsShHvVpPC'.includes(escLetter)) this.err('invalid range in character class', this.i);
            hi = only;
          }
        } else {
          hi = p.charCodeAt(this.i++);
        }
        if (hi < prev) this.err('range out of order in character class', this.i - 1);
        setRange(set, prev, hi);
        prev = -1;
        continue;
      }
      if (c === '-' && prev === -2) {
        // a class escape like \d followed by '-': PCRE2 rejects a range from it
        if (this.i + 1 < p.length && p[this.i + 1] !== ']') this.err('invalid range in character class', this.i);
      }
      const term = c === '[' ? posixSyntaxEnd(p, this.i + 1) : -1;
      if (term >= 0) {
        if (p[this.i + 1] !== ':') this.err('POSIX collating elements are not supported', this.i);
        const negate = p[this.i + 2] === '^';
        const nameAt = this.i + 2 + (negate ? 1 : 0);
        const cls = (this.ucp ? ucp().posix : POSIX)[p.slice(nameAt, term)];
        if (!cls) this.err('unknown POSIX class name', nameAt);
        // under (*UCP) a POSIX class is a Unicode property, which caseless matching leaves alone
        union(this.ucp ? props : set, negate ? invert(cls) : cls);
        this.i = term + 2;
        prev = -2;
        continue;
      }
      if (c === '\\') {
        this.i++;
        if (this.i >= p.length) this.err('\\ at end of pattern', this.i);
        const letter = p[this.i]!;
        const s = this.escapeChar(f, true);
        union(letter === 'p' || letter === 'P' ? props : set, s);
        if ('dDwWsShHvVpPC'.includes(letter)) prev = -2;
        else { let only = 0; for (let k = 0; k < 256; k++) if (s[k]) only = k; prev = only; }
        continue;
      }
      c = p[this.i++]!;
      prev = c.charCodeAt(0);
      set[prev] = 1;
    }
    let s = union(f.i ? this.fold(set) : set, props);
    if (neg) s = invert(s);
    return { t: 'set', set: s };
  }

  /** '(' ... ')' in all its forms */
  group(f: Flags, depth: number): Node | null {
    const p = this.p;
    const at = this.i;
    this.i++;
    const body = (kind: Extract<Node, { t: 'group' }>['kind'], cap?: number, flags: Flags = { ...f }): Node => {
      const b = this.alternation(flags, depth + 1);
      if (this.peek() !== ')') this.err('missing closing parenthesis', p.length);
      this.i++;
      return { t: 'group', kind, cap, body: b, at };
    };
    if (p[this.i] === '*') {
      const rest = p.slice(this.i);
      // (*alpha_assertion:...): a name in lower case, a known one and a colon
      const lower = /^\*([a-z][A-Za-z0-9_]*)/.exec(rest);
      if (lower) {
        const name = lower[1]!;
        const after = this.i + 1 + name.length;
        if (p[after] === ':' && ALPHA_ASSERTIONS[name]) {
          this.i = after + 1;
          return body(ALPHA_ASSERTIONS[name]!);
        }
        this.err('(*alpha_assertion) not recognized', after);
      }
      // (*VERB) and (*VERB:arg)
      const m = /^\*([A-Za-z0-9_]*)(:[^)]*)?\)/.exec(rest);
      if (!m) {
        const name = /^\*([A-Za-z0-9_]*)([:=]?)/.exec(rest)!;
        // PCRE2 complains at the end when a known verb's argument (or a start
        // option's number) runs on, else where the name ends
        const known = /^(MARK|PRUNE|SKIP|THEN|ACCEPT|COMMIT|FAIL|F|)$/.test(name[1]!);
        const afterName = this.i + 1 + name[1]!.length;
        if (name[2] === '=' && at === this.optsEnd && /^LIMIT_(MATCH|HEAP|DEPTH|RECURSION)$/.test(name[1]!)) {
          // a start option's number (start options are read only before anything else; later
          // one is a verb name followed by '='): PCRE2 stops after '=' without digits, else one past where they end
          let d = afterName + 1;
          while (d < p.length && p[d]! >= '0' && p[d]! <= '9') d++;
          this.err('(*VERB) not recognized or malformed', d === afterName + 1 ? d : d + 1);
        }
        if (name[1] || name[2]) this.err('(*VERB) not recognized or malformed', name[2] === ':' && known ? p.length : afterName);
        // "(*" with no name: a quantifier after "(" at the end; before anything else, a bad verb
        if (this.i + 1 < p.length) this.err('(*VERB) not recognized or malformed', this.i + 1);
        this.err('quantifier does not follow a repeatable item', this.i);
      }
      const name = m[1]!;
      if (name === '' && m[2] === undefined) this.err('quantifier does not follow a repeatable item', this.i);
      if (name === 'FAIL' || name === 'F') { this.i += m[0].length; return { t: 'raw', js: '(?!)', width: [0, 0], repeatable: false }; }
      if (name === 'ACCEPT' || name === 'COMMIT' || name === 'PRUNE' || name === 'SKIP' || name === 'THEN' || name === 'MARK' || name === '') {
        this.err(`(*${name}) is not supported by exim-ts`, at);
      }
      // an unknown verb: PCRE2 looks the name up once it has read it, and complains there
      this.err('(*VERB) not recognized or malformed', this.i + 1 + name.length);
    }
    if (p[this.i] !== '?') {
      if (f.n) return body('nc');
      return body('cap', ++this.caps);
    }
    this.i++;
    const c = p[this.i];
    switch (c) {
      case ':': this.i++; return body('nc');
      case '>': this.i++; return body('atomic');
      case '=': this.i++; return body('la');
      case '!': this.i++; return body('nla');
      case '#': {
        const end = p.indexOf(')', this.i);
        if (end < 0) this.err('missing ) after (?# comment', p.length);
        this.i = end + 1;
        return null;
      }
      case '|': this.err('(?| branch reset groups are not supported by exim-ts', this.i);
      // falls through
      case '<': {
        if (p[this.i + 1] === '=') { this.i += 2; return this.lookbehind(body('lb')); }
        if (p[this.i + 1] === '!') { this.i += 2; return this.lookbehind(body('nlb')); }
        this.i++;
        return this.named(f, '>', body);
      }
      case "'": this.i++; return this.named(f, "'", body);
      case 'P': {
        this.i++;
        const d = p[this.i];
        if (d === '<') { this.i++; return this.named(f, '>', body); }
        if (d === '=') {
          this.i++;
          const nameAt = this.i;
          const name = this.groupName(')');
          const r = { t: 'ref' as const, name, caseless: f.i, at: nameAt };
          if (f.i) this.caselessRef = true;
          this.refs.push(r);
          return r;
        }
        if (d === '>') {
          this.i++;
          const nameAt = this.i;
          const name = this.groupName(')');
          if (!this.names.has(name) && !this.nameLater(name)) this.err('reference to non-existent subpattern', nameAt);
          this.err('subroutine calls are not supported by exim-ts', at);
        }
        if (this.i >= p.length) this.err('missing closing parenthesis', p.length);
        this.err('unrecognized character after (?P', this.i);
      }
      // falls through
      case '(': return this.conditional(f, depth, at, body);
      case 'C': this.err('callouts are not supported by exim-ts', at);
      // falls through
      case 'R': case '&': case '+':
        this.err('recursion and subroutine calls are not supported by exim-ts', at);
    }
    if ((c !== undefined && c >= '0' && c <= '9') || (c === '-' && isDigitC(p.charCodeAt(this.i + 1)))) {
      // (?n) and (?-n): PCRE2 reads the number (a relative one must name a group
      // already opened) and wants ')' right after it
      let k = c === '-' ? this.i + 1 : this.i;
      const n = Number(p.slice(k, (k = skipDigits(p, k))));
      if (c === '-' && this.caps - n + 1 <= 0) this.err('reference to non-existent subpattern', k);
      if (p[k] !== ')') this.err('missing closing parenthesis', k);
      // whether group n exists is known once the whole pattern is read
      this.calls.push({ n: c === '-' ? 0 : n, end: k, at });
      this.i = k + 1;
      return { t: 'raw', js: '', width: [0, 0], repeatable: false };
    }
    // option settings: (?imnsxJU-imnsx) or (?^...) with optional ':'
    const nf: Flags = { ...f };
    let unset = false;
    // one '-' may turn options off, and none after '^'
    let hyphenOk = true;
    if (p[this.i] === '^') {
      Object.assign(nf, { i: false, s: false, m: false, x: false, xx: false, n: false, U: false, J: false });
      hyphenOk = false;
      this.i++;
    }
    for (;;) {
      if (this.i >= p.length) this.err('missing closing parenthesis', p.length);
      const o = p[this.i]!;
      if (o === ')' || o === ':') break;
      if (o === '-') {
        if (!hyphenOk) this.err('invalid hyphen in option setting', this.i);
        unset = true;
        hyphenOk = false;
        this.i++;
        continue;
      }
      const v = !unset;
      switch (o) {
        case 'i': nf.i = v; break;
        case 's': nf.s = v; break;
        case 'm': nf.m = v; break;
        case 'n': nf.n = v; break;
        case 'U': nf.U = v; break;
        case 'J': nf.J = v; break;
        case 'x':
          if (p[this.i + 1] === 'x') { nf.xx = v; this.i++; }
          nf.x = v;
          if (!v) nf.xx = false;
          break;
        default:
          this.err('unrecognized character after (? or (?-', this.i);
      }
      this.i++;
    }
    if (p[this.i] === ')') {
      // applies to the rest of the enclosing group
      this.i++;
      Object.assign(f, nf);
      return null;
    }
    this.i++;
    return body('nc', undefined, nf);
  }

  nameLater(name: string): boolean {
    return new RegExp(`\\(\\?(P?<|')${name}[>']`).test(this.p);
  }

  named(f: Flags, close: string, body: (k: 'cap', cap: number) => Node): Node {
    const name = this.groupName(close);
    const num = ++this.caps;
    if (this.names.has(name) && !f.J) this.err('two named subpatterns have the same name (PCRE2_DUPNAMES not set)', this.i);
    if (!this.names.has(name)) this.names.set(name, num);
    return body('cap', num);
  }

  lookbehind(n: Node): Node {
    const g = n as Extract<Node, { t: 'group' }>;
    const alts = g.body.t === 'alt' ? g.body.alts : [g.body];
    for (const a of alts) {
      const [lo, hi] = this.width(a);
      if (lo !== hi) this.err('lookbehind assertion is not fixed length', g.at);
    }
    return n;
  }

  /** [min, max] length of what a node matches (max Infinity when unbounded) */
  width(n: Node): [number, number] {
    switch (n.t) {
      case 'set': return [1, 1];
      case 'raw': return n.width;
      case 'seq': return n.items.reduce<[number, number]>((a, x) => { const w = this.width(x); return [a[0] + w[0], a[1] + w[1]]; }, [0, 0]);
      case 'alt': {
        const ws = n.alts.map((x) => this.width(x));
        const lo = Math.min(...ws.map((w) => w[0]));
        const hi = Math.max(...ws.map((w) => w[1]));
        // inside a lookbehind, nested alternatives must all have one length
        return lo === hi ? [lo, hi] : [0, Infinity];
      }
      case 'group':
        if (n.kind === 'la' || n.kind === 'nla' || n.kind === 'lb' || n.kind === 'nlb') return [0, 0];
        return this.width(n.body);
      case 'rep': {
        const w = this.width(n.body);
        return [w[0] * n.min, n.max === Infinity ? (w[1] === 0 ? 0 : Infinity) : w[1] * n.max];
      }
      case 'ref': return [0, Infinity];
    }
  }
}

// ---------------------------------------------------------------- emitter

class Emitter {
  jsGroups = 0;
  groupMap: number[] = [0];
  refs: { placeholder: string; num: number }[] = [];

  emit(n: Node): string {
    switch (n.t) {
      case 'set': return emitSet(n.set);
      case 'raw': return n.js;
      case 'seq': return n.items.map((x) => this.emit(x)).join('');
      case 'alt': return n.alts.map((x) => this.emit(x)).join('|');
      case 'ref': {
        const ph = `\u0000R${this.refs.length}\u0000`;
        this.refs.push({ placeholder: ph, num: n.num! });
        return ph;
      }
      case 'group': {
        switch (n.kind) {
          case 'cap': {
            const js = ++this.jsGroups;
            this.groupMap[n.cap!] = js;
            return `(${this.emit(n.body)})`;
          }
          case 'nc': return `(?:${this.emit(n.body)})`;
          case 'la': return `(?:(?=${this.emit(n.body)}))`;
          case 'nla': return `(?:(?!${this.emit(n.body)}))`;
          case 'lb': return `(?<=${this.emit(n.body)})`;
          case 'nlb': return `(?<!${this.emit(n.body)})`;
          case 'atomic': {
            const js = ++this.jsGroups;
            return `(?:(?=(${this.emit(n.body)}))\\${js})`;
          }
        }
        break;
      }
      case 'rep': {
        const q = n.min === 0 && n.max === Infinity ? '*' : n.min === 1 && n.max === Infinity ? '+'
          : n.min === 0 && n.max === 1 ? '?' : n.max === Infinity ? `{${n.min},}` : n.min === n.max ? `{${n.min}}` : `{${n.min},${n.max}}`;
        if (n.mode === 'p') {
          const js = ++this.jsGroups;
          return `(?:(?=((?:${this.emit(n.body)})${q}))\\${js})`;
        }
        return `(?:${this.emit(n.body)})${q}${n.mode === 'l' ? '?' : ''}`;
      }
    }
    return '';
  }
}

// ---------------------------------------------------------------- API

/** compiled patterns, by pattern text; bounded so that generated patterns cannot grow it without limit */
export class PcreCache {
  private map = new Map<string, Pcre | PcreError>();
  constructor(readonly limit = 500) {}
  get(pattern: string, caseless = false): Pcre {
    const key = (caseless ? 'i' : '-') + pattern;
    let r = this.map.get(key);
    if (r === undefined) {
      try { r = compileUncached(pattern, caseless); } catch (e) { if (!(e instanceof PcreError)) throw e; r = e; }
      if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
      this.map.set(key, r);
    }
    if (r instanceof PcreError) throw r;
    return r;
  }
}

const defaultCache = new PcreCache();

/** Compile a PCRE2 pattern (byte string); throws PcreError. Cached. `caseless` is PCRE2_CASELESS. */
export function compilePcre(pattern: string, caseless = false, cache: PcreCache = defaultCache): Pcre {
  return cache.get(pattern, caseless);
}

/** PCRE2's (*alpha_assertion:...) names */
const NEVER: Node = { t: 'raw', js: '(?!)', width: [0, 0], repeatable: false };
const NEGATED = { la: 'nla', nla: 'la', lb: 'nlb', nlb: 'lb' } as const;

/** a copy of the node with its capturing groups made non-capturing */
function uncaptured(n: Node): Node {
  switch (n.t) {
    case 'seq': return { ...n, items: n.items.map(uncaptured) };
    case 'alt': return { ...n, alts: n.alts.map(uncaptured) };
    case 'group': return { ...n, kind: n.kind === 'cap' ? 'nc' : n.kind, cap: undefined, body: uncaptured(n.body) };
    case 'rep': return { ...n, body: uncaptured(n.body) };
    default: return n;
  }
}

/** the node holds a capturing group */
function hasCapture(n: Node): boolean {
  switch (n.t) {
    case 'seq': return n.items.some(hasCapture);
    case 'alt': return n.alts.some(hasCapture);
    case 'group': return n.kind === 'cap' || hasCapture(n.body);
    case 'rep': return hasCapture(n.body);
    default: return false;
  }
}

const ALPHA_ASSERTIONS: Record<string, 'la' | 'nla' | 'lb' | 'nlb' | 'atomic'> = {
  pla: 'la', positive_lookahead: 'la', nla: 'nla', negative_lookahead: 'nla',
  plb: 'lb', positive_lookbehind: 'lb', nlb: 'nlb', negative_lookbehind: 'nlb', atomic: 'atomic',
};

function compileUncached(pattern: string, caseless: boolean): Pcre {
  // Exim passes NUL-terminated strings
  const nul = pattern.indexOf('\0');
  let pat = nul >= 0 ? pattern.slice(0, nul) : pattern;
  // (*UTF): rewritten to a byte pattern with UTF-mode meaning (pcre-utf.ts), where it can be
  const utf = /^\(\*UTF8?\)/.exec(pat);
  let shift = 0;
  if (utf) {
    const rewritten = utfToBytePattern(pat.slice(utf[0].length), caseless);
    if (rewritten !== undefined) { pat = rewritten; shift = utf[0].length; }
  }
  const t = new Translator(pat, caseless, !!utf);
  let tree: Node;
  try {
    tree = t.parse();
  } catch (e) {
    // offsets count from the start of what the user wrote (exact up to the first rewritten character)
    if (e instanceof PcreError && shift) throw new PcreError(e.message, e.offset + shift);
    throw e;
  }
  const em = new Emitter();
  let source = em.emit(tree);
  for (const r of em.refs) source = source.replace(r.placeholder, `(?:\\${em.groupMap[r.num]})`);
  const flags = t.caselessRef ? 'gi' : 'g';
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (e) {
    throw new PcreError(`pattern not translatable (${(e as Error).message})`, 0);
  }
  return {
    pattern, caseless, source, flags, re, captures: t.caps, groups: t.caps, groupMap: em.groupMap, names: t.names,
    startAnchored: t.startAnchored, utf: !!utf,
  };
}

function toMatch(p: Pcre, m: RegExpExecArray): PcreMatch {
  const groups: (string | undefined)[] = [m[0]];
  let count = 1;
  for (let n = 1; n <= p.captures; n++) {
    const v = m[p.groupMap[n]!];
    groups.push(v);
    if (v !== undefined) count = n + 1;
  }
  return { groups, index: m.index, end: m.index + m[0].length, count };
}

/**
 * pcre2_match(): search `subject` from `start`. `notEmptyAnchored` is
 * PCRE2_NOTEMPTY|PCRE2_ANCHORED: the match must start at `start` and be non-empty.
 */
export function pcreExec(p: Pcre, subject: string, start = 0, notEmptyAnchored = false, withNuls = false): PcreMatch | null {
  // a C string ends at its NUL; `withNuls`: a subject given with its length (mime_regex's file data)
  const nul = withNuls ? -1 : subject.indexOf('\0');
  if (nul >= 0) subject = subject.slice(0, nul);
  if (start > subject.length) return null;
  // PCRE2 in UTF mode fails (an error, which Exim takes as no match) on a
  // subject that is not UTF-8 or a start offset inside a character
  if (p.utf && (!validUtf8(subject) || (subject.charCodeAt(start) & 0xc0) === 0x80)) return null;
  let re: RegExp;
  if (notEmptyAnchored) {
    re = new RegExp(`(?:${p.source})(?<=^[\\s\\S]{${start + 1},})`, p.flags.replace('g', '') + 'y');
  } else if (p.startAnchored) {
    re = new RegExp(p.source, p.flags.replace('g', '') + 'y');
  } else {
    re = p.re;
  }
  re.lastIndex = start;
  const m = re.exec(subject);
  return m ? toMatch(p, m) : null;
}

// the last subject checked: ${sg} asks again for each match in the same subject
let checkedSubject = '';
let checkedValid = true;
function validUtf8(s: string): boolean {
  if (s !== checkedSubject) {
    checkedSubject = s;
    checkedValid = isUtf8(Buffer.from(s, 'latin1'));
  }
  return checkedValid;
}

/** Compile for an expansion: a bad pattern fails the expansion with Exim's text. */
export function compileOrFail(pattern: string, caseless = false): Pcre {
  try {
    return compilePcre(pattern, caseless);
  } catch (e) {
    if (e instanceof PcreError) throw new ExpandError(regexErrorMessage(pattern, e));
    throw e;
  }
}

/** Compile and test; for callers that only need yes/no (regex lists). */
export function pcreTest(pattern: string, subject: string, caseless = false, cache?: PcreCache): boolean {
  return pcreExec(compilePcre(pattern, caseless, cache), subject) !== null;
}

/** A match at or after `from` as an exec()-style array numbered as in PCRE ($0..$n), or null. */
export function execAt(c: Pcre, s: string, from = 0): RegExpExecArray | null {
  const m = pcreExec(c, s, from);
  if (!m) return null;
  const a = m.groups.slice() as unknown as RegExpExecArray;
  a.index = m.index;
  a.input = s;
  return a;
}

/** The older name of the compiled form. */
export type CompiledRegex = Pcre;
