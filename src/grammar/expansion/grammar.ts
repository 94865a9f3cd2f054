// The expansion grammar (chevrotain): tokens to a typed AST with source
// offsets, reading exactly as Exim's expand_string_internal() scans, so that
// every static error is found at the same place with the same text.
//
// The rules here are the language's core: strings, escapes, $references,
// ${braced} forms, operators, read_subs() argument lists, process_yesno()
// branches and condition heads. Each item and condition of the tables
// (src/lang) reads its own arguments through the ExpandParser interface,
// whose methods are these rules; that keeps one table per element with its
// syntax, evaluator and doc line together.
//
// A static error (bad syntax, unknown name: anything Exim also reports while
// "skipping") is thrown as a ParseError; parser.ts keeps the nodes read
// before it and puts an ErrorNode at its place.
import { EmbeddedActionsParser, EOF, type IToken, type TokenType } from 'chevrotain';
import {
  type CondNode, type Expr, type ExpandParser, type Node, type YesNo,
  ParseError, evaluatedFirst,
} from '../../lang/expand-api.js';
import { findItem } from '../../lang/items/index.js';
import { findOperator } from '../../lang/operators/index.js';
import { findCondition } from '../../lang/conditions/index.js';
import { HEADER_PREFIX, knownVariable, unknownVariableHint } from '../../lang/variables.js';
import { interpretEscape } from '../../lang/util/escape.js';
import {
  AnyToken, Colon, Digits, Dollar, Esc, EscN, LCurly, Name, Plain, Punct, RCurly, WS,
  HEADER_NAME_END, allTokens, isGraphText,
} from './tokens.js';

const isAlpha = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

/** the single-character tokens an item may ask for by character */
const PUNCT_TYPES: Record<string, TokenType> = { '{': LCurly, '}': RCurly, ':': Colon, $: Dollar };

export class ExpansionGrammar extends EmbeddedActionsParser implements ExpandParser {
  src = '';
  /** Exim's malformed_header: a $h_ name swallowed a '}' */
  malformedHeader = false;

  constructor() {
    super([AnyToken, Plain, ...allTokens], { recoveryEnabled: false, skipValidations: true, maxLookahead: 1 });
    this.performSelfAnalysis();
  }

  /**
   * chevrotain's hook after a top-level rule: its default also records a
   * "not all input parsed" error, which is no news here (a parse stops at
   * Exim's first error on purpose, and reports it itself); only the EOF
   * sentinels it added before the parse are taken off.
   */
  onAfterParse(): void {
    const v = this.input;
    while (v.length > 0 && v[v.length - 1]!.tokenType === EOF) v.pop();
  }

  /**
   * the skip failures (ExpandParser.skipFailure) of this parse, in order:
   * a string's or condition's first is the first made after it began
   */
  private readonly skipFails: string[] = [];

  /** Reset for a new source string and its tokens. */
  begin(src: string, tokens: IToken[]): void {
    this.src = src;
    this.malformedHeader = false;
    if (this.skipFails.length !== 0) this.skipFails.length = 0;
    this.input = tokens;
  }

  // ---- rules -------------------------------------------------------------

  /** the start rule: a whole expansion string, its nodes going to `out` */
  private readonly expansionRule = this.RULE('expansion', (honourDollar: boolean, out: Expr) => {
    this.string(false, honourDollar, out);
  });

  /**
   * A string up to the end, or up to an unmatched '}' (not consumed) when
   * ketEnds. Nodes go to `out` as they are read, so that the caller keeps
   * them when an error ends the parse. A plain method, not a rule: it is
   * the most called production, a walk over the tokens with nothing for
   * chevrotain to decide, so it reads the token vector directly and moves
   * the parser's cursor only where a rule takes over (at a '$') and at the
   * end; consuming text tokens one by one would cost a third of the parse.
   */
  private string(ketEnds: boolean, honourDollar: boolean, out: Expr = []): Expr {
    try {
      return this.stringBody(ketEnds, honourDollar, out);
    } catch (e) {
      // a nested string: what it read before the error is expanded first
      // (the top-level string keeps its nodes in `out` itself)
      if (ketEnds && e instanceof ParseError && out.length > 0) e.before = evaluatedFirst([out.slice()], e.before);
      throw e;
    }
  }

  private stringBody(ketEnds: boolean, honourDollar: boolean, out: Expr): Expr {
    const cursor = this as unknown as LexerState;
    const toks = this.input;
    let text = '';
    let textStart = this.offset;
    // toks[i] is the next token; the cursor (last consumed) is kept at i - 1 where anything may read it
    let i = cursor.exportLexerState() + 1;
    for (; i < toks.length; i++) {
      const t = toks[i]!;
      const type = t.tokenType;
      if (type === EOF || (ketEnds && type === RCurly)) break;
      // every token is text but for escapes and (when honoured) '$'
      if (type === EscN) text += literalRegion(t.image);
      else if (type === Esc) {
        if (t.image.length === 1) { cursor.importLexerState(i); this.fail('\\ at end of string'); }
        text += interpretEscape(t.image, 0).ch;
      } else if (type === Dollar && honourDollar) {
        if (text) { out.push({ k: 'text', s: text, start: textStart, end: t.startOffset }); text = ''; }
        this.refStart = t.startOffset;
        cursor.importLexerState(i);
        out.push(this.SUBRULE(this.referenceRule));
        i = cursor.exportLexerState();
        textStart = this.offset;
      } else text += t.image;
    }
    cursor.importLexerState(i - 1);
    this.ACTION(() => {
      if (text) out.push({ k: 'text', s: text, start: textStart, end: this.offset });
      if (ketEnds && this.LA(1).tokenType === EOF) {
        this.fail(this.malformedHeader
          ? 'missing } at end of string - could be header name not terminated by colon'
          : 'missing } at end of string');
      }
    });
    return out;
  }

  /** where the reference being read starts: read by the alternatives below, which are built once */
  private refStart = 0;

  /** after a '$' at refStart: name, h_name:, 1, {1}, {name}, {op:arg}, {item...} */
  private readonly referenceRule = this.RULE('reference', (): Node => this.OR(this.referenceAlts));

  private readonly referenceAlts = [
    { ALT: () => this.variable(this.refStart, this.CONSUME(Name)) },
    {
      ALT: (): Node => {
        const start = this.refStart;
        const n = cnumber(this.CONSUME(Digits).image);
        return { k: 'nvar', n, start, end: this.offset };
      },
    },
    {
      ALT: () => {
        this.CONSUME(LCurly);
        return this.OR2(this.bracedAlts);
      },
    },
    { ALT: () => this.ACTION(() => this.fail('$ not followed by letter, digit, or {')) },
  ];

  /** after "${"; refStart is read before anything nested can change it */
  private readonly bracedAlts = [
    {
      ALT: (): Node => {
        const start = this.refStart;
        const n = cnumber(this.CONSUME2(Digits).image);
        this.ACTION(() => { if (this.LA(1).tokenType !== RCurly) this.fail('} expected after number'); });
        this.CONSUME(RCurly);
        return { k: 'nvar', n, start, end: this.offset };
      },
    },
    {
      ALT: () => {
        const start = this.refStart;
        const first = this.CONSUME2(Name);
        return this.ACTION(() => this.named(start, first));
      },
    },
    { ALT: () => this.ACTION((): Node => this.fail('letter or digit expected after ${')) },
  ];

  /** ${op:arg} from the colon on */
  private readonly operatorRule = this.RULE('operator', (name: string, start: number): Node => {
    const found = this.ACTION(() => findOperator(name));
    let certVar: string | undefined;
    this.ACTION(() => {
      if (!found) {
        // Exim still reads the argument before it complains
        this.CONSUME(Colon);
        const arg = this.parseBraced();
        this.CONSUME(RCurly);
        const e = new ParseError(`unknown expansion operator "${name}"`);
        e.before = evaluatedFirst([arg]);
        throw e;
      }
      if (found!.entry.certArg && this.LA(2).tokenType === Dollar) certVar = this.certVariable(name);
    });
    let arg: Expr = [];
    if (certVar === undefined) {
      this.CONSUME2(Colon);
      arg = this.string(true, true);
      this.CONSUME2(RCurly);
    }
    return this.ACTION(() => {
      const { entry, suffix } = found!;
      // Exim checks an operator's parameters only when it runs it, never while skipping
      const suffixError = entry.checkSuffix?.(suffix, name);
      return { k: 'op', name, suffix, entry, arg, certVar, suffixError, start, end: this.offset } as Node;
    });
  });

  /** Exim's read_subs(): up to `max` {args}, at least `min`; checkEnd consumes the closing '}' */
  private readonly subsRule = this.RULE('subs', (max: number, min: number, checkEnd: boolean, name: string): Expr[] => {
    const subs: Expr[] = [];
    try {
      this.skipWs();
      // a plain loop: a MANY would build its closures on every call
      while (subs.length < max && this.LA(1).tokenType === LCurly) {
        subs.push(this.arg());
        this.skipWs();
      }
      this.readSubsEnd(subs, max, min, checkEnd, name);
    } catch (e) {
      // each argument read is expanded before the next is looked at
      if (e instanceof ParseError && subs.length > 0) e.before = evaluatedFirst(subs.slice(), e.before);
      throw e;
    }
    if (checkEnd) this.CONSUME(RCurly);
    return subs;
  });

  private readSubsEnd(subs: Expr[], max: number, min: number, checkEnd: boolean, name: string): void {
    this.ACTION(() => {
      if (subs.length < min) this.curly(`Not enough arguments for '${name}' (min is ${min})`);
      if (checkEnd) {
        const t = this.LA(1).tokenType;
        if (t !== RCurly) {
          if (t === LCurly) this.fail(`Too many arguments for '${name}' (max is ${max})`);
          this.curly(`missing '}' after '${name}'`);
        }
      }
    });
  }

  /** Exim's process_yesno() reading part: {yes}{no}, {yes}fail, {yes} or nothing; consumes the closing '}' */
  private readonly yesNoRule = this.RULE('yesNo', (itemName: string): YesNo => {
    const yn: YesNo = { fail: false };
    try {
      return this.yesNoBody(itemName, yn);
    } catch (e) {
      // what was read, for the item to expand the side it takes before the error
      if (e instanceof ParseError) e.yn = yn;
      throw e;
    }
  });

  private yesNoBody(itemName: string, yn: YesNo): YesNo {
    const curly = (where: string, at: number): never =>
      this.curly(`curly-bracket problem in conditional yes/no parsing: ${where}\n remaining string is '${this.src.slice(at)}'`);
    // a plain test, not OPTION: anything but '}' starts the yes part (and may be wrong)
    if (this.skipWs() !== '}') {
      this.ACTION(() => { if (this.LA(1).tokenType !== LCurly) curly("'yes' part did not start with '{'", this.offset); });
      yn.yes = this.branchArg('yes');
      this.skipWs();
      this.OR([
        { ALT: () => { yn.no = this.branchArg('no'); } },
        { ALT: () => { const w = this.CONSUME(Name).image; this.ACTION(() => { if (w !== 'fail') this.failWord(itemName); yn.fail = true; }); } },
        { ALT: () => this.ACTION(() => { if (this.LA(1).tokenType !== RCurly) this.failWord(itemName); }) },
      ]);
      this.skipWs();
    }
    this.ACTION(() => {
      if (this.LA(1).tokenType !== RCurly) {
        // which text Exim gives depends on whether the "no" side is wanted
        const at = this.offset;
        const text = (where: string) => `curly-bracket problem in conditional yes/no parsing: ${where}\n remaining string is '${this.src.slice(at)}'`;
        const e = new ParseError(text("did not close with '}'"), true);
        if (yn.fail) e.whenNo = text("did not close with '}' after forcedfail");
        throw e;
      }
    });
    this.CONSUME(RCurly);
    return yn;
  }

  /** a condition, as after "${if ": negations, the name, and the condition's own arguments */
  private readonly conditionRule = this.RULE('condition', (): CondNode => {
    let neg = false;
    const start = this.offset;
    this.skipWs();
    while (this.LA(1).image === '!') { this.CONSUME(Punct); neg = !neg; this.skipWs(); }
    return this.ACTION(() => {
      let name: string;
      const c = this.peek();
      if (c === '=' || c === '>' || c === '<') {
        name = this.CONSUME2(Punct).image;
        if (this.LA(1).image === '=') name += this.CONSUME3(Punct).image;
      } else {
        name = this.readWord();
      }
      if (!name) this.fail(`condition name expected, but found "${this.src.slice(this.offset, this.offset + 16)}"`);
      const entry = findCondition(name);
      if (!entry) this.fail(`unknown condition "${name}"`);
      let parsed;
      try {
        parsed = entry.parse(this, name);
      } catch (e) {
        if (e instanceof ParseError && !entry.asRead) e.before = undefined;
        throw e;
      }
      // the fields written out: a spread of the entry's result is a slow generic copy on every parse
      const node: CondNode = { name, neg, entry, args: parsed.args, data: parsed.data, start, end: this.offset };
      if (parsed.skipFail !== undefined) node.skipFail = parsed.skipFail;
      return node;
    });
  });

  // ---- the pieces the rules share ------------------------------------------

  /** $name or $h_name: after the '$' */
  private variable(start: number, first: IToken): Node {
    return this.ACTION(() => {
      let name = first.image;
      if (!isAlpha(name[0]!)) this.fail('$ not followed by letter, digit, or {');
      const m = HEADER_PREFIX.exec(name);
      if (m) {
        const hname = name.slice(m[1]!.length + 1) + this.headerRest();
        const mode = (m[1]!.length === 2 || m[1]!.length === 7 ? m[1]![0] : '') as '' | 'r' | 'b' | 'l';
        return { k: 'header', name: hname + ':', mode, start, end: this.offset } as Node;
      }
      name = name.slice(0, 255);
      const known = knownVariable(name);
      if (known === undefined) return this.fail(`unknown variable name "${name}"${unknownVariableHint(name)}`);
      return { k: 'var', name: known, braced: false, start, end: this.offset } as Node;
    });
  }

  /** after "${name": an item, an operator or a variable */
  private named(start: number, first: IToken): Node {
    if (!isAlpha(first.image[0]!)) this.fail('letter or digit expected after ${');
    let name = first.image;
    // item and operator names may go on with digits and '-' (substr_-1_2)
    for (let t = this.LA(1); adjacent(first, t) && (t.tokenType === Digits || t.tokenType === Name || t.image === '-'); t = this.LA(1)) {
      name += this.CONSUME(t.tokenType).image;
      first = t;
    }
    name = name.slice(0, 255);
    const item = findItem(name);
    if (item) {
      let parsed;
      try {
        parsed = item.parse(this, name);
      } catch (e) {
        if (e instanceof ParseError) {
          // an error in a yes/no string the item did not weigh, or in an item
          // whose reading rules are not known here: reported alone
          if (!item.asRead || e.branch) e.before = undefined;
          e.branch = undefined;
          e.yn = undefined;
        }
        throw e;
      }
      return { k: 'item', name, entry: item, args: parsed.args, data: parsed.data, start, end: this.offset };
    }
    const next = this.LA(1).tokenType;
    if (next === Colon) return this.SUBRULE(this.operatorRule, { ARGS: [name, start] });
    if (next === RCurly) {
      this.CONSUME(RCurly);
      const known = knownVariable(name);
      if (known === undefined) return this.fail(`unknown variable in "\${${name}}"${unknownVariableHint(name)}`);
      return { k: 'var', name: known, braced: true, start, end: this.offset };
    }
    return this.fail(`"\${${name}" is not a known operator (or a } is missing in a variable reference)`);
  }

  /** ${md5:$tls_in_peercert}: the argument names a certificate variable; undefined if it does not */
  private certVariable(name: string): string | undefined {
    const save = (this as unknown as LexerState).exportLexerState();
    this.CONSUME(Colon);
    this.CONSUME(Dollar);
    const raw = this.parseBraced(false);
    if (this.LA(1).tokenType !== RCurly) this.curly(`missing '}' closing cert arg of ${name}`);
    const vname = raw.map((n) => (n.k === 'text' ? n.s : '')).join('');
    if (/^tls_(in|out)_(our|peer)cert$/.test(vname)) {
      this.CONSUME(RCurly);
      return vname;
    }
    (this as unknown as LexerState).importLexerState(save);
    return undefined;
  }

  /** a yes or no string: an error inside it is marked with the branch, for the item to weigh */
  private branchArg(branch: 'yes' | 'no'): Expr {
    // (skippable() written out: this one is read for every ${if})
    const mark = this.skipFails.length;
    try {
      const e = this.arg();
      if (this.skipFails.length !== mark) e.skipFail = this.skipFails[mark];
      return e;
    } catch (e) {
      if (e instanceof ParseError) {
        e.branch = branch;
        e.skipFail = this.skipFails[mark];
      }
      throw e;
    }
  }

  private failWord(itemName: string): never {
    return this.fail(`syntax error in "${itemName}" item - "fail" expected`);
  }

  // ---- ExpandParser: what the tables' parse functions use ------------------

  get offset(): number {
    const t = this.LA(1);
    return t.tokenType === EOF ? this.src.length : t.startOffset;
  }

  peek(): string {
    return this.LA(1).image?.[0] ?? '';
  }

  skipWs(): string {
    if (this.LA(1).tokenType === WS) this.CONSUME(WS);
    return this.peek();
  }

  take(c: string): boolean {
    const t = this.LA(1);
    if (t.tokenType === EOF || t.image !== c) return false;
    this.CONSUME(PUNCT_TYPES[c] ?? t.tokenType);
    return true;
  }

  peekWord(): string {
    const t = this.LA(1);
    return t.tokenType === Name || t.tokenType === Digits ? t.image : '';
  }

  readWord(): string {
    // read_name(): letters, digits and '_', which may be several adjacent tokens (2nd, x1y)
    let name = '';
    let prev: IToken | undefined;
    for (let t = this.LA(1); (t.tokenType === Name || t.tokenType === Digits) && (!prev || adjacent(prev, t)); t = this.LA(1)) {
      name += this.CONSUME(t.tokenType).image;
      prev = t;
    }
    return name.slice(0, 255);
  }

  readUntilSpaceOrBrace(): string {
    const start = this.offset;
    for (let t = this.LA(1); t.tokenType !== EOF && t.tokenType !== LCurly && t.tokenType !== WS; t = this.LA(1)) {
      this.cutIfInside(t, /[\t\n\v\f\r {]/);
      this.CONSUME(AnyToken);
    }
    return this.src.slice(start, this.offset);
  }

  headerRest(): string {
    // header names run over any printing character but ':' (a '}' included)
    let rest = '';
    for (let t = this.LA(1); t.tokenType !== EOF && isGraphText(t.image); t = this.LA(1)) {
      if (t.image.includes('}')) this.malformedHeader = true;
      rest += this.CONSUME(AnyToken).image;
    }
    this.cutIfInside(this.LA(1), HEADER_NAME_END);
    if (this.LA(1).tokenType === Colon) this.CONSUME(Colon);
    return rest;
  }

  /**
   * A name that ends inside an escape token (a header name running into "\ ",
   * a lookup type into "\{"): the string is lexed again with a cut there.
   */
  private cutIfInside(t: IToken, end: RegExp): void {
    if (t.tokenType !== Esc && t.tokenType !== EscN) return;
    const at = t.image.search(end);
    if (at > 0) throw new Relex(t.startOffset + at);
  }

  seek(offset: number): void {
    while (this.LA(1).tokenType !== EOF && this.LA(1).startOffset < offset) this.CONSUME(AnyToken);
  }

  parseBraced(honourDollar = true): Expr {
    return this.string(true, honourDollar);
  }

  /** parse the whole string begun with begin(), nodes to `out` */
  parseTo(out: Expr, honourDollar: boolean): void {
    this.expansionRule(honourDollar, out);
  }

  arg(honourDollar = true): Expr {
    // not a rule of its own: it is only ever three steps
    this.CONSUME(LCurly);
    const e = this.string(true, honourDollar);
    this.CONSUME(RCurly);
    return e;
  }

  readSubs(max: number, min: number, checkEnd: boolean, name: string): Expr[] {
    return this.SUBRULE(this.subsRule, { ARGS: [max, min, checkEnd, name] });
  }

  readYesNo(itemName: string): YesNo {
    return this.SUBRULE(this.yesNoRule, { ARGS: [itemName] });
  }

  parseCondition(): CondNode {
    return this.SUBRULE(this.conditionRule);
  }

  skipFailure(message: string): void {
    this.skipFails.push(message);
  }

  skippable<T extends { skipFail?: string }>(read: () => T): T {
    const mark = this.skipFails.length;
    try {
      const x = read();
      if (this.skipFails.length !== mark) x.skipFail = this.skipFails[mark];
      return x;
    } catch (e) {
      if (e instanceof ParseError) e.skipFail = this.skipFails[mark];
      throw e;
    }
  }

  fail(message: string): never {
    throw new ParseError(message);
  }

  curly(message = ''): never {
    throw new ParseError(message, true);
  }
}

/** Thrown to have the string lexed again with a token boundary at `at`. */
export class Relex {
  constructor(readonly at: number) {}
}

/** chevrotain's token cursor, public in its LexerAdapter though not in its types */
interface LexerState { exportLexerState(): number; importLexerState(state: number): void }

/** t follows prev with nothing between them */
const adjacent = (prev: IToken, t: IToken) => t.tokenType !== EOF && t.startOffset === prev.startOffset + prev.image.length;

/** the text of a \N...\N region */
const literalRegion = (image: string) => image.slice(2, image.endsWith('\\N') && image.length >= 4 ? -2 : undefined);

/** Exim reads numbers into an int */
function cnumber(digits: string): number {
  let n = 0;
  for (let i = 0; i < digits.length; i++) n = (n * 10 + (digits.charCodeAt(i) - 48)) | 0;
  return n;
}
