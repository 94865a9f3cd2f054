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

export const expansionLexer = new Lexer(allTokens, {
  positionTracking: 'onlyOffset',
  // checked by the grammar's tests; skipping saves start-up time in every process
  skipValidations: true,
});

/** Lex, with token boundaries forced at `cuts` (ascending offsets). */
export function tokenize(src: string, cuts: number[] = []): IToken[] {
  if (cuts.length === 0) return expansionLexer.tokenize(src).tokens;
  const out: IToken[] = [];
  let from = 0;
  for (const to of [...cuts, src.length]) {
    for (const t of expansionLexer.tokenize(src.slice(from, to)).tokens) {
      t.startOffset += from;
      if (t.endOffset !== undefined) t.endOffset += from;
      out.push(t);
    }
    from = to;
  }
  return out;
}

/** a character that ends a header name: not printing (mac_isgraph), or ':' */
export const HEADER_NAME_END = /[^\x21-\x39\x3b-\x7e]/;

/** a token that lies inside a header name */
export const isGraphText = (image: string): boolean => !HEADER_NAME_END.test(image);
