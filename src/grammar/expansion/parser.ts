// Expansion strings to ASTs: the chevrotain lexer (tokens.ts) and grammar
// (grammar.ts), run once per string.
//
// Exim scans and evaluates in one pass; we parse once and evaluate many
// times. A static error ends the parse: the nodes before it are kept and an
// ErrorNode marks the place, so evaluation fails there, after whatever came
// first had its chance to fail at run time, as in Exim.
import { type Expr, type Node, ParseError } from '../../lang/expand-api.js';
import { ExpansionGrammar, Relex } from './grammar.js';
import { tokenize } from './tokens.js';

// Building a chevrotain parser analyses the whole grammar, so one is kept
// and reused; a parse started from inside another (rare) gets its own.
let idle: ExpansionGrammar | undefined;

/** Parse an expansion string (byte string) into an AST; never throws for bad input. */
export function parseExpansion(src: string, honourDollar = true): Expr {
  const g = idle ?? new ExpansionGrammar();
  idle = undefined;
  const out: Expr = [];
  // a ParseError is an answer, not a fault: no stack trace to capture
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const cuts: number[] = [];
    for (;;) {
      try {
        g.begin(src, tokenize(src, cuts));
        g.parseTo(out, honourDollar);
        break;
      } catch (e) {
        // rare: a header name or lookup type that ends inside an escape
        if (!(e instanceof Relex)) throw e;
        cuts.push(e.at);
        cuts.sort((a, b) => a - b);
        out.length = 0;
      }
    }
  } catch (e) {
    if (!(e instanceof ParseError)) throw e;
    out.push(errorNode(g, e));
  } finally {
    Error.stackTraceLimit = limit;
    idle = g;
  }
  return out;
}

function errorNode(g: ExpansionGrammar, e: ParseError): Node {
  let message = e.message;
  if (e.curly) {
    if (g.malformedHeader) message = 'missing or misplaced { or } - could be header name not terminated by colon';
    else if (!message) message = 'missing or misplaced { or }';
  }
  return { k: 'error', message, curly: e.curly, pos: g.offset, before: e.before };
}
