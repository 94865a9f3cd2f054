// The public face of the expander: compile a string once, evaluate it often.
import type { Expr } from '../../lang/expand-api.js';
import { ExpandError } from '../../lang/expand-api.js';
import { parseExpansion } from '../../grammar/expansion/parser.js';
import { Evaluation, asFailure, type ExpandResult } from './evaluator.js';
import type { ExpandContext } from './context.js';
import { Generations } from './generations.js';

export { ExpandError };
export type { ExpandResult };

/** A parsed expansion string, evaluable many times without re-parsing. */
export class CompiledExpansion {
  constructor(readonly source: string, readonly ast: Expr) {}

  /** Evaluate synchronously (fails on async lookups). Throws ExpandError. */
  evaluate(ctx: ExpandContext): string {
    return new Evaluation(ctx).evaluateSync(this.ast);
  }

  /** Evaluate, waiting for lookups and sockets where needed. */
  evaluateAsync(ctx: ExpandContext): Promise<string> {
    return new Evaluation(ctx).evaluateAsync(this.ast);
  }
}

// The cache keeps a string's compiled form from its second sighting on: a
// stream of strings never seen again (most -be input) would otherwise fill
// it with ASTs the collector has to copy and promote, for nothing. A small
// table of hashes remembers the first sightings.
export const GENERATION = 2048;
const cache = new Generations<string, CompiledExpansion>(GENERATION);
const seen = new Int32Array(1 << 14);

/** Compile (byte string in), with a bounded cache keyed by the text. */
export function compile(source: string): CompiledExpansion {
  let c = cache.get(source);
  if (c) return c;
  const h = fnv1a(source) | 1;
  const slot = h & (seen.length - 1);
  if (seen[slot] !== h) {
    seen[slot] = h;
    return new CompiledExpansion(source, parseExpansion(source));
  }
  // what the cache keeps is its own copy: a caller's string may be a slice
  // of a much bigger one (-be's 64 KB reads), which V8 would keep whole
  // for as long as the key, or any piece of the AST, lives
  const own = ownCopy(source);
  c = new CompiledExpansion(own, parseExpansion(own));
  cache.set(own, c);
  return c;
}

/** a string that shares no storage with `s` (slicing a concatenation flattens it into a new string) */
const ownCopy = (s: string): string => (' ' + s).slice(1);

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** expand_string(): the value, or Exim's failure (forced or not) */
export function expandString(source: string, ctx: ExpandContext): ExpandResult {
  return new Evaluation(ctx).resultSync(compile(source).ast);
}

/**
 * expand_string() for -be input: a promise only if a lookup or socket had
 * to be waited for.
 */
export function expandOnce(source: string, ctx: ExpandContext): ExpandResult | Promise<ExpandResult> {
  return new Evaluation(ctx).result(compile(source).ast);
}

export async function expandStringAsync(source: string, ctx: ExpandContext): Promise<ExpandResult> {
  return compile(source).evaluateAsync(ctx).then((value): ExpandResult => ({ ok: true, value }), asFailure);
}
