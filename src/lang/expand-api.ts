// The contract between the expansion tables (src/lang), the parser
// (src/grammar/expansion) and the evaluator (src/runtime/expand).
//
// Strings are byte strings: every JS char holds one byte (0..255), as in
// Buffer's 'latin1' encoding. Exim works on bytes (${length} counts bytes,
// ${substr} cuts bytes), so this keeps every operator byte-exact; only the
// edges (CLI, context setters) convert from and to UTF-8.

/**
 * A sequence of nodes whose values are concatenated. `skipFail`: what
 * Exim's scan finds wrong when it reads this string skipping (see
 * ExpandParser.skipFailure); set by the parser on the few strings that have
 * one.
 */
export type Expr = Node[] & { skipFail?: string };

/** Source span of a node: byte offsets [start, end) in the parsed string. */
export interface Span { start: number; end: number }

export type Node =
  | TextNode
  | VarNode
  | HeaderNode
  | MatchVarNode
  | OpNode
  | ItemNode
  | ErrorNode;

/** literal text (escapes and \N...\N already interpreted); the span is its source */
export interface TextNode extends Span { k: 'text'; s: string }
/** $name or ${name}; `entry` is resolved at parse time. */
export interface VarNode extends Span { k: 'var'; name: string; braced: boolean }
/** $h_name: and friends. `mode`: '' decoded, 'r' raw, 'b' basic, 'l' raw list. */
export interface HeaderNode extends Span { k: 'header'; name: string; mode: '' | 'r' | 'b' | 'l' }
/** $1, ${1}: numeric match variables. */
export interface MatchVarNode extends Span { k: 'nvar'; n: number }
/** ${op:arg} and ${op_params:arg}. */
export interface OpNode extends Span {
  k: 'op';
  name: string;
  /** text after the operator's name, e.g. "_1_2" for substr_1_2 */
  suffix: string;
  entry: OperatorEntry;
  arg: Expr;
  /** set when the argument was read raw as a certificate variable name */
  certVar?: string;
  /** Exim's complaint about the parameters, raised only when the operator runs */
  suffixError?: string;
}
/** ${item{...}...}: each item entry decides its own shape through `data`. */
export interface ItemNode extends Span {
  k: 'item';
  name: string;
  entry: ItemEntry;
  args: Expr[];
  /** item-specific parsed extras (lookup type, yes/no branches, ...) */
  data?: any;
}
/**
 * The first static error in a string. Exim scans and evaluates in one
 * pass, so an error is reported only when the scan reaches it: anything
 * before it is evaluated first and may fail first.
 */
export interface ErrorNode {
  k: 'error';
  message: string;
  curly: boolean;
  /** where the scan stopped */
  pos: number;
  /** see ParseError.before */
  before?: Before;
}

/** see ParseError.before */
export type Before = (ev: Evaluator, message: string) => string;

/** a Before that evaluates `parts` (read before the error, in order) and then `inner` */
export function evaluatedFirst(parts: readonly (Expr | undefined)[], inner?: Before): Before {
  return (ev, message) => {
    for (const part of parts) ev.str(part);
    return inner ? inner(ev, message) : message;
  };
}

/** A parsed condition of ${if}, and/or, forall, ... */
export interface CondNode extends Span {
  name: string;
  neg: boolean;
  entry: ConditionEntry;
  args: Expr[];
  /** condition-specific parsed extras (sub-conditions, variable name, ...) */
  data?: any;
  /** as Expr.skipFail, for a condition read skipping (the rest of an and/or) */
  skipFail?: string;
}

/**
 * Exim reads a string or condition it skips (the branch not taken, the
 * rest of an and/or, the body of a map before it runs) and fails where
 * that reading fails: called where the evaluator skips one.
 */
export function skipped(x: { skipFail?: string } | undefined): void {
  if (x?.skipFail !== undefined) throw new ExpandError(x.skipFail);
}

/**
 * A syntax error found after a string or condition read skipping (`read`):
 * the reading's skip failure, if any, comes first (see skippedFirst).
 */
export function errorAfterSkipped(message: string, read: { skipFail?: string } | undefined): ParseError {
  const e = new ParseError(message);
  e.skipFail = read?.skipFail;
  return e;
}

/**
 * The Before of an item whose error came after a part it reads skipping:
 * that part's skip failure (ParseError.skipFail), with Exim's suffix for the
 * item, if it has one.
 */
export function skippedFirst(skipFail: string | undefined, suffix = ''): Before | undefined {
  return skipFail === undefined ? undefined : () => { throw new ExpandError(skipFail + suffix); };
}

/**
 * What Exim's expansion of `e` gives while skipping: its literal text
 * alone (variables and items give nothing). Some items check their
 * arguments even then.
 */
export function skippedText(e: Expr | undefined): string {
  let s = '';
  if (e) for (const n of e) if (n.k === 'text') s += n.s;
  return s;
}

/** yes/no branches as read by Exim's process_yesno(). */
export interface YesNo {
  yes?: Expr;
  no?: Expr;
  /** "fail" written in place of the no-string */
  fail: boolean;
}

export class ExpandError extends Error {
  /** forced failure: ${if ...{}fail}, a lookup's "fail", ... */
  forced: boolean;
  /** temporary failure, e.g. a lookup server that did not answer */
  defer: boolean;
  constructor(message: string, opts: { forced?: boolean; defer?: boolean } = {}) {
    // an answer, not a fault: capturing a stack trace for each would cost more than the rest of a line
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.forced = !!opts.forced;
    this.defer = !!opts.defer;
  }
}

/** Thrown by parse functions; the parser turns it into an ErrorNode. */
export class ParseError extends Error {
  /** Exim's EXPAND_FAILED_CURLY: message replaced by a generic one if empty */
  curly: boolean;
  /**
   * What Exim evaluates before its scan reaches the error (a condition, the
   * arguments read so far): run first, so their run-time errors win. It may
   * also pick a different message when Exim's depends on a value. Composed
   * on the way out: each string adds what it read, and each item or
   * condition keeps it only if Exim would be expanding (not skipping) the
   * part that holds the error (see `asRead`). `message` is the static text.
   */
  before?: Before;
  /** the error is inside the yes or no string of process_yesno(): set there, taken by the item */
  branch?: 'yes' | 'no';
  /** the yes/no strings read before the error (by process_yesno()), taken with `branch` */
  yn?: YesNo;
  /** the other message of process_yesno() when the "no" side is taken */
  whenNo?: string;
  /**
   * the first skip failure in the string read before the error, as each
   * string it passes sets it: a branch read skipping fails with it first
   */
  skipFail?: string;
  constructor(message: string, curly = false) {
    super(message);
    this.curly = curly;
  }
}

/**
 * What an item or condition parse function may use: the rules of the
 * expansion grammar (src/grammar/expansion/grammar.ts), working on its tokens.
 */
export interface ExpandParser {
  readonly src: string;
  /** source offset of the next token (src.length at the end) */
  readonly offset: number;
  /** skip white space; returns the first character of the next token ('' at the end) */
  skipWs(): string;
  /** the first character of the next token ('' at the end) */
  peek(): string;
  /** consume the next token if it is the single character `c` ('{', '}', ',', ':', '$'); says whether it did */
  take(c: string): boolean;
  /** the next token when it is a word (letters, digits, '_'), not consumed; '' if not */
  peekWord(): string;
  /** read_name(): consume letters, digits and '_' */
  readWord(): string;
  /** consume everything up to white space or '{' and return its text (a lookup type) */
  readUntilSpaceOrBrace(): string;
  /** a header name after its h_ prefix: printing characters up to ':' (consumed) */
  headerRest(): string;
  /** skip to `offset` (the first token at or after it) */
  seek(offset: number): void;
  /** parse a nested string up to an unmatched '}' (not consumed) */
  parseBraced(honourDollar?: boolean): Expr;
  /** {string}: the next token must be '{'; consumes up to its matching '}' */
  arg(honourDollar?: boolean): Expr;
  /** Exim's read_subs(): up to `max` {args}, at least `min`; checkEnd consumes the closing '}' */
  readSubs(max: number, min: number, checkEnd: boolean, name: string): Expr[];
  /** Exim's process_yesno() reading part; consumes the item's closing '}' */
  readYesNo(itemName: string): YesNo;
  /** a condition, as after "${if " */
  parseCondition(): CondNode;
  /**
   * Exim fails with `message` when it reads the item being parsed while
   * skipping (it checks the arguments' skipped text, see skippedText): each
   * skippable string or condition holding it fails so when skipped.
   */
  skipFailure(message: string): void;
  /**
   * read a string or condition that Exim may read skipping (the rest of an
   * and/or, the body of map/filter/reduce/sort/forany; the yes/no strings
   * are marked by readYesNo): it carries the first skip failure made inside
   */
  skippable<T extends { skipFail?: string }>(read: () => T): T;
  fail(message: string): never;
  curly(message?: string): never;
}

/** what an item returns when its I/O is under way (see Evaluator.ioOrPending) */
export const PENDING: unique symbol = Symbol('pending');

/** What entries may use while evaluating (src/runtime/expand/evaluator.ts). */
export interface Evaluator {
  /** evaluate; afterwards `tainted` says whether the value is tainted */
  str(e: Expr | undefined): string;
  tainted: boolean;
  /** evaluate a sub-condition */
  cond(c: CondNode): boolean;
  /** Exim's process_yesno() evaluating part; `value` feeds $value */
  yesNo(ok: boolean, yn: YesNo, itemName: string, value?: string, valueTainted?: boolean): string;
  /** run fn with $item / $value etc. temporarily set */
  withLocal<T>(name: string, value: string | undefined, fn: () => T): T;
  /** the numeric match variables $0.. */
  matches: string[];
  /**
   * Exim's lookup_value as conditions set it (inlist, match_domain, acl...):
   * ${if} saves it, gives it to its branches as $value, and restores it.
   */
  condValue?: string;
  /** the session / config context (src/runtime/expand/context.ts) */
  ctx: any;
  /** expand a string that was only known at run time (${expand:}, ${sg} replacement of ${map}...) */
  expandNested(source: string): string;
  /**
   * An operation with effects or I/O (lookup, ${run}, readsocket): its result is
   * kept in the evaluation's journal, so a re-run after an async wait replays it
   * instead of doing it again. A promise suspends the evaluation.
   */
  io<T>(op: () => T | Promise<T>): T;
  /**
   * io() for an item's own step (a lookup), which may answer PENDING rather
   * than suspend: the item then returns PENDING at once. Only an item of the
   * top-level string of an asynchronous evaluation is answered so; that one
   * has nothing above it to unwind, and a thrown suspension costs a lookup
   * more time than the rest of its own work.
   */
  ioOrPending<T>(op: () => T | Promise<T>): T | typeof PENDING;
}

export interface OperatorEntry {
  name: string;
  doc: string;
  /**
   * Validates the suffix of a parameterised form ("_1_2" of substr_1_2).
   * Return a message to fail with Exim's text, or undefined if the suffix is fine.
   */
  checkSuffix?: (suffix: string, fullName: string) => string | undefined;
  /** true for md5, sha1, sha256, base64: ${op:$tls_in_peercert} reads a certificate */
  certArg?: boolean;
  run(arg: string, suffix: string, ev: Evaluator, node: OpNode): string;
  /** result is tainted when the argument is (default true); a function decides by the argument */
  keepsTaint?: boolean | ((arg: string) => boolean);
}

export interface ItemEntry {
  name: string;
  doc: string;
  /** read the item from just after its name; consumes its closing '}' */
  parse(p: ExpandParser, name: string): Omit<ItemNode, 'k' | 'entry' | 'name' | 'start' | 'end'>;
  /** PENDING only after ev.ioOrPending() gave it */
  run(node: ItemNode, ev: Evaluator): string | typeof PENDING;
  /**
   * Exim expands the arguments as it reads them (read_subs() when not
   * skipping), so a static error in them comes after what was read before
   * it has run. Items with other reading rules (yes/no strings, a part read
   * skipping) compose ParseError.before themselves and set this too.
   * Without it a static error is reported alone.
   */
  asRead?: boolean;
}

export interface ConditionEntry {
  name: string;
  doc: string;
  /** read from just after the condition name */
  parse(p: ExpandParser, name: string): Omit<CondNode, 'name' | 'neg' | 'entry' | 'start' | 'end'>;
  test(node: CondNode, ev: Evaluator): boolean;
  /** as ItemEntry.asRead */
  asRead?: boolean;
}
