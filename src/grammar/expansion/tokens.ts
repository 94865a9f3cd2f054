// Tokens of the expansion language (chevrotain lexer).
//
// What a character means depends on where the grammar is (a '$' is text in a
// list that is not expanded, a header name runs over '}' and '-'), so the
// lexer never decides that: it cuts the string into small tokens that no
// reading of Exim's ever splits, and the grammar (grammar.ts) gives them
// their meaning. Every character belongs to exactly one token, so lexing
// never fails, and token offsets are source offsets.
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';

/** every token: what "any token" consumes */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA });
/** tokens that are plain text wherever a string is being read */
export const Plain = createToken({ name: 'Plain', pattern: Lexer.NA, categories: [AnyToken] });

/** \N...\N: text taken literally, up to the next \N or the end */
export const EscN = createToken({
  name: 'EscN',
  pattern: {
    exec(text: string, offset: number): [string] | null {
      if (text.charCodeAt(offset) !== 0x5c || text.charCodeAt(offset + 1) !== 0x4e) return null;
      const end = text.indexOf('\\N', offset + 2);
      return [text.slice(offset, end < 0 ? text.length : end + 2)];
    },
  },
  start_chars_hint: ['\\'],
  line_breaks: true,
  categories: [AnyToken],
});
/** a backslash escape as string_interpret_escape() reads it; a lone '\' at the end */
export const Esc = createToken({ name: 'Esc', pattern: /\\(?:[0-7]{1,3}|x[0-9a-fA-F]{0,2}|[\s\S])?/, categories: [AnyToken] });
export const Dollar = createToken({ name: 'Dollar', pattern: '$', categories: [AnyToken] });
export const LCurly = createToken({ name: 'LCurly', pattern: '{', categories: [Plain] });
export const RCurly = createToken({ name: 'RCurly', pattern: '}', categories: [AnyToken] });
export const Colon = createToken({ name: 'Colon', pattern: ':', categories: [Plain] });
/** C isspace() */
export const WS = createToken({ name: 'WS', pattern: /[\t\n\v\f\r ]+/, categories: [Plain] });
/** a word as Exim's read_name() sees it, not starting with a digit */
export const Name = createToken({ name: 'Name', pattern: /[A-Za-z_][A-Za-z0-9_]*/, categories: [Plain] });
export const Digits = createToken({ name: 'Digits', pattern: /[0-9]+/, categories: [Plain] });
/** one character that a condition, an item name or an option list reads on its own */
export const Punct = createToken({ name: 'Punct', pattern: /[!=<>,-]/, categories: [Plain] });

const otherChars = /[^\x00-\x20\x7f-\uffff\\${}:!=<>,\-A-Za-z0-9_]/;
/** runs of other printing characters */
export const Other = createToken({
  name: 'Other',
  pattern: /[^\x00-\x20\x7f-\uffff\\${}:!=<>,\-A-Za-z0-9_]+/,
  categories: [Plain],
  start_chars_hint: Array.from({ length: 128 }, (_, c) => c).filter((c) => otherChars.test(String.fromCharCode(c))),
});
/** runs of characters that are neither printing nor white space */
export const NonGraph = createToken({
  name: 'NonGraph',
  pattern: /[\x00-\x08\x0e-\x1f\x7f-\uffff]+/,
  categories: [Plain],
  start_chars_hint: [...Array.from({ length: 9 }, (_, c) => c), ...Array.from({ length: 18 }, (_, c) => c + 14), ...Array.from({ length: 129 }, (_, c) => c + 127)],
});

export const allTokens: TokenType[] = [EscN, Esc, Dollar, LCurly, RCurly, Colon, WS, Name, Digits, Punct, Other, NonGraph];

/**
 * chevrotain's Lexer over allTokens: the definition the scanner below must
 * match token for token (test/grammar/expansion/scan.test.ts checks it on
 * every recorded vector and on random strings).
 */
export const referenceLexer = (): Lexer => new Lexer(allTokens, { positionTracking: 'onlyOffset' });

// The scanner. Every token above is a single character or a run of one
// character class, so one table lookup per character finds it: a third of
// the cost of the general lexer, most of all in a short-lived -be process,
// where its big matching loop never gets warm.
const enum C { Other, NonGraph, WS, Name, Digit, Backslash, Dollar, LCurly, RCurly, Colon, Punct }
const cls = new Uint8Array(256);
for (let c = 0; c < 256; c++) {
  const ch = String.fromCharCode(c);
  cls[c] = /[\t\n\v\f\r ]/.test(ch) ? C.WS
    : /[\x00-\x08\x0e-\x1f\x7f-\xff]/.test(ch) ? C.NonGraph
    : /[A-Za-z_]/.test(ch) ? C.Name
    : /[0-9]/.test(ch) ? C.Digit
    : ch === '\\' ? C.Backslash : ch === '$' ? C.Dollar : ch === '{' ? C.LCurly : ch === '}' ? C.RCurly : ch === ':' ? C.Colon
    : /[!=<>,-]/.test(ch) ? C.Punct : C.Other;
}
const classOf = (code: number): C => (code > 0xff ? C.NonGraph : cls[code] as C);
const runTypes: TokenType[] = [];
runTypes[C.Other] = Other; runTypes[C.NonGraph] = NonGraph; runTypes[C.WS] = WS; runTypes[C.Digit] = Digits;
const single: TokenType[] = [];
single[C.Dollar] = Dollar; single[C.LCurly] = LCurly; single[C.RCurly] = RCurly; single[C.Colon] = Colon; single[C.Punct] = Punct;

const isOctal = (c: number) => c >= 0x30 && c <= 0x37;
const isHex = (c: number) => (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);

/** the escape at i (src[i] is '\\', the text ends at n), as the Esc and EscN patterns read it */
function escapeEnd(src: string, i: number, n: number): [TokenType, number] {
  const c = src.charCodeAt(i + 1);
  if (i + 1 >= n) return [Esc, n];
  if (c === 0x4e) { // \N...\N: to the next \N or the end
    const end = src.indexOf('\\N', i + 2);
    return [EscN, end < 0 || end + 2 > n ? n : end + 2];
  }
  let j = i + 2;
  if (isOctal(c)) { while (j < n && j < i + 4 && isOctal(src.charCodeAt(j))) j++; }
  else if (c === 0x78) { while (j < n && j < i + 4 && isHex(src.charCodeAt(j))) j++; }
  return [Esc, j];
}

function scan(src: string, from: number, to: number, out: IToken[]): void {
  let i = from;
  while (i < to) {
    const k = classOf(src.charCodeAt(i));
    let type: TokenType;
    let j = i + 1;
    switch (k) {
      case C.Backslash:
        [type, j] = escapeEnd(src, i, to);
        break;
      case C.Name:
        while (j < to) { const c = classOf(src.charCodeAt(j)); if (c !== C.Name && c !== C.Digit) break; j++; }
        type = Name;
        break;
      case C.Other: case C.NonGraph: case C.WS: case C.Digit:
        while (j < to && classOf(src.charCodeAt(j)) === k) j++;
        type = runTypes[k]!;
        break;
      default:
        type = single[k]!;
    }
    out.push(new Token(src.slice(i, j), i, type));
    i = j;
  }
}

/** the fields of chevrotain's IToken that its parser and ours read (positionTracking "onlyOffset") */
class Token {
  readonly tokenTypeIdx: number;
  constructor(readonly image: string, public startOffset: number, readonly tokenType: TokenType) {
    this.tokenTypeIdx = tokenType.tokenTypeIdx!;
  }
}

/** Lex, with token boundaries forced at `cuts` (ascending offsets). */
export function tokenize(src: string, cuts: number[] = []): IToken[] {
  const out: IToken[] = [];
  let from = 0;
  for (const to of cuts) { scan(src, from, to, out); from = to; }
  scan(src, from, src.length, out);
  return out;
}
/** a character that ends a header name: not printing (mac_isgraph), or ':' */
export const HEADER_NAME_END = /[^\x21-\x39\x3b-\x7e]/;

/** a token that lies inside a header name */
export const isGraphText = (image: string): boolean => !HEADER_NAME_END.test(image);
