// Expansion strings to ASTs, scanning exactly as Exim's expand_string_internal()
// does, so that every static error is found at the same place with the same text.
//
// Exim scans and evaluates in one pass; we scan once into an AST and evaluate
// it many times. A static error (bad syntax, unknown name: anything Exim also
// reports while "skipping") ends the parse: the nodes before it are kept and an
// ErrorNode marks the place, so evaluation fails there, after whatever came
// first had its chance to fail at run time, as in Exim.
import {
  type CondNode, type Expr, type ExpandParser, type Node, type YesNo,
  ParseError,
} from '../../lang/expand-api.js';
import { findItem } from '../../lang/items/index.js';
import { findOperator } from '../../lang/operators/index.js';
import { findCondition } from '../../lang/conditions/index.js';
import { isKnownVariable, unknownVariableHint } from '../../lang/variables.js';
import { interpretEscape } from '../../lang/util/escape.js';

const isAlpha = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';
const isAlnum = (c: string) => isAlpha(c) || isDigit(c);
/** C isspace() */
export const isSpace = (c: string) => c === ' ' || (c >= '\t' && c <= '\r');
/** mac_isgraph(): printing and not space */
const isGraph = (c: string) => c > ' ' && c < '\x7f';

export class Parser implements ExpandParser {
  pos = 0;
  /** Exim's malformed_header: a $h_ name swallowed a '}' */
  malformedHeader = false;

  constructor(readonly src: string) {}

  peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  skipWs(): string {
    const s = this.src;
    while (this.pos < s.length && isSpace(s[this.pos]!)) this.pos++;
    return this.peek();
  }

  readName(extras: string): string {
    const s = this.src;
    const start = this.pos;
    while (this.pos < s.length) {
      const c = s[this.pos]!;
      if (!(isAlnum(c) || extras.includes(c))) break;
      this.pos++;
    }
    return s.slice(start, Math.min(this.pos, start + 255));
  }

  fail(message: string): never {
    throw new ParseError(message);
  }

  curly(message = ''): never {
    throw new ParseError(message, true);
  }

  /** Parse a whole top-level string. Never throws: a static error becomes an ErrorNode. */
  parseTop(honourDollar = true): Expr {
    const out: Expr = [];
    try {
      this.seq(false, honourDollar, out);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      out.push(this.errorNode(e));
    }
    return out;
  }

  errorNode(e: ParseError): Node {
    let message = e.message;
    if (e.curly) {
      if (this.malformedHeader) message = 'missing or misplaced { or } - could be header name not terminated by colon';
      else if (!message) message = 'missing or misplaced { or }';
    }
    return { k: 'error', message, curly: e.curly, pos: this.pos, before: e.before };
  }

  parseBraced(honourDollar = true): Expr {
    const out: Expr = [];
    this.seq(true, honourDollar, out);
    return out;
  }

  /** expand_string_internal(): text up to the end, or up to an unmatched '}' if ketEnds */
  private seq(ketEnds: boolean, honourDollar: boolean, out: Expr): void {
    const s = this.src;
    let text = '';
    const flush = () => {
      if (text) { out.push({ k: 'text', s: text }); text = ''; }
    };
    try {
      while (this.pos < s.length) {
        const c = s[this.pos]!;
        if (c === '\\') {
          if (this.pos + 1 >= s.length) this.fail('\\ at end of string');
          if (s[this.pos + 1] === 'N') {
            const end = s.indexOf('\\N', this.pos + 2);
            if (end < 0) { text += s.slice(this.pos + 2); this.pos = s.length; }
            else { text += s.slice(this.pos + 2, end); this.pos = end + 2; }
          } else {
            text += this.escape();
          }
          continue;
        }
        if (ketEnds && c === '}') break;
        if (c !== '$' || !honourDollar) {
          let i = this.pos + 1;
          while (i < s.length) {
            const d = s[i]!;
            if (d === '$' || d === '}' || d === '\\') break;
            i++;
          }
          text += s.slice(this.pos, i);
          this.pos = i;
          continue;
        }
        flush();
        this.dollar(out);
      }
      if (ketEnds && this.pos >= s.length) {
        this.fail(this.malformedHeader
          ? 'missing } at end of string - could be header name not terminated by colon'
          : 'missing } at end of string');
      }
    } finally {
      flush();
    }
  }

  /** string_interpret_escape(): pos is at the backslash */
  private escape(): string {
    const e = interpretEscape(this.src, this.pos);
    this.pos = e.next;
    return e.ch;
  }

  /** after '$' */
  private dollar(out: Expr): void {
    const s = this.src;
    const start = this.pos++;
    const c = this.peek();
    if (isAlpha(c)) {
      let name = this.readName('_');
      const m = /^(h|rh|bh|lh|header|rheader|bheader|lheader)_/.exec(name);
      if (m) {
        // header names may contain any printing character but ':'
        name = name.slice(m[1]!.length + 1);
        while (this.pos < s.length && isGraph(s[this.pos]!) && s[this.pos] !== ':') name += s[this.pos++];
        if (this.peek() === ':') this.pos++;
        if (name.includes('}')) this.malformedHeader = true;
        const mode = (m[1]!.length === 2 || m[1]!.length === 7 ? m[1]![0] : '') as '' | 'r' | 'b' | 'l';
        out.push({ k: 'header', name: name + ':', mode, start, end: this.pos });
        return;
      }
      if (!isKnownVariable(name)) this.fail(`unknown variable name "${name}"${unknownVariableHint(name)}`);
      out.push({ k: 'var', name, braced: false, start, end: this.pos });
      return;
    }
    if (isDigit(c)) {
      out.push({ k: 'nvar', n: this.cnumber() });
      return;
    }
    if (c !== '{') this.fail('$ not followed by letter, digit, or {');
    this.pos++;
    if (isDigit(this.peek())) {
      const n = this.cnumber();
      if (this.src[this.pos++] !== '}') this.fail('} expected after number');
      out.push({ k: 'nvar', n });
      return;
    }
    if (!isAlpha(this.peek())) this.fail('letter or digit expected after ${');
    const name = this.readName('_-');
    const item = findItem(name);
    if (item) {
      const parsed = item.parse(this, name);
      out.push({ k: 'item', name, entry: item, ...parsed, start, end: this.pos });
      return;
    }
    if (this.peek() === ':') {
      this.operator(name, out, start);
      return;
    }
    if (this.peek() === '}') {
      this.pos++;
      if (!isKnownVariable(name)) this.fail(`unknown variable in "\${${name}}"${unknownVariableHint(name)}`);
      out.push({ k: 'var', name, braced: true, start, end: this.pos });
      return;
    }
    this.fail(`"\${${name}" is not a known operator (or a } is missing in a variable reference)`);
  }

  private operator(name: string, out: Expr, start: number): void {
    const found = findOperator(name);
    if (!found) {
      // Exim still reads the argument before it complains
      this.pos++;
      this.parseBraced();
      this.pos++;
      this.fail(`unknown expansion operator "${name}"`);
    }
    const { entry, suffix } = found;
    let certVar: string | undefined;
    if (entry.certArg && this.peek(1) === '$') {
      // ${md5:$tls_in_peercert} reads a variable name, not a string
      const save = this.pos;
      this.pos += 2;
      const raw = this.parseBraced(false);
      if (this.peek() !== '}') this.curly(`missing '}' closing cert arg of ${name}`);
      const vname = raw.map((n) => (n.k === 'text' ? n.s : '')).join('');
      if (/^tls_(in|out)_(our|peer)cert$/.test(vname)) { certVar = vname; this.pos++; }
      else this.pos = save;
    }
    let arg: Expr = [];
    if (!certVar) {
      this.pos++;
      arg = this.parseBraced();
      this.pos++;
    }
    // Exim checks an operator's parameters only when it runs it, never while skipping
    const suffixError = entry.checkSuffix?.(suffix, name);
    out.push({ k: 'op', name, suffix, entry, arg, certVar, suffixError, start, end: this.pos });
  }

  private cnumber(): number {
    let n = 0;
    while (isDigit(this.peek())) n = (n * 10 + (this.src.charCodeAt(this.pos++) - 48)) | 0;
    return n;
  }

  readSubs(max: number, min: number, checkEnd: boolean, name: string): Expr[] {
    const subs: Expr[] = [];
    this.skipWs();
    for (let i = 0; i < max; i++) {
      if (this.peek() !== '{') {
        if (i < min) this.curly(`Not enough arguments for '${name}' (min is ${min})`);
        break;
      }
      this.pos++;
      subs.push(this.parseBraced());
      if (this.src[this.pos++] !== '}') this.curly();
      this.skipWs();
    }
    if (checkEnd) {
      const c = this.src[this.pos++];
      if (c !== '}') {
        if (c === '{') this.fail(`Too many arguments for '${name}' (max is ${max})`);
        this.curly(`missing '}' after '${name}'`);
      }
    }
    return subs;
  }

  readYesNo(itemName: string): YesNo {
    const yn: YesNo = { fail: false };
    const curly = (where: string, at: number): never =>
      this.curly(`curly-bracket problem in conditional yes/no parsing: ${where}\n remaining string is '${this.src.slice(at)}'`);
    if (this.skipWs() === '}') { this.pos++; return yn; }
    if (this.src[this.pos++] !== '{') curly("'yes' part did not start with '{'", this.pos - 1);
    yn.yes = this.parseBraced();
    if (this.src[this.pos++] !== '}') curly("'yes' part did not end with '}'", this.pos - 1);
    if (this.skipWs() === '{') {
      this.pos++;
      yn.no = this.parseBraced();
      if (this.src[this.pos++] !== '}') curly("'no' part did not start with '{'", this.pos - 1);
    } else if (this.peek() !== '}') {
      const word = this.readName('_');
      if (word !== 'fail') this.fail(`syntax error in "${itemName}" item - "fail" expected`);
      yn.fail = true;
    }
    this.skipWs();
    if (this.src[this.pos++] !== '}') {
      // which text Exim gives depends on whether the "no" side is wanted
      const at = this.pos - 1;
      const text = (where: string) => `curly-bracket problem in conditional yes/no parsing: ${where}\n remaining string is '${this.src.slice(at)}'`;
      const e = new ParseError(text("did not close with '}'"), true);
      if (yn.fail) e.whenNo = text("did not close with '}' after forcedfail");
      throw e;
    }
    return yn;
  }

  parseCondition(): CondNode {
    let neg = false;
    const start = this.pos;
    for (;;) {
      if (this.skipWs() === '!') { neg = !neg; this.pos++; } else break;
    }
    let name: string;
    const c = this.peek();
    if (c === '=' || c === '>' || c === '<') {
      this.pos++;
      name = c;
      if (this.peek() === '=') { name += '='; this.pos++; }
    } else {
      name = this.readName('_');
    }
    if (!name) this.fail(`condition name expected, but found "${this.src.slice(this.pos, this.pos + 16)}"`);
    const entry = findCondition(name);
    if (!entry) this.fail(`unknown condition "${name}"`);
    const parsed = entry.parse(this, name);
    return { name, neg, entry, ...parsed, start, end: this.pos };
  }
}

/** Parse an expansion string (byte string) into an AST; never throws for bad input. */
export function parseExpansion(src: string, honourDollar = true): Expr {
  return new Parser(src).parseTop(honourDollar);
}
