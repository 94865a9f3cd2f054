// The public face of the expander: compile a string once, evaluate it often.
import type { Expr } from '../../lang/expand-api.js';
import { ExpandError } from '../../lang/expand-api.js';
import { parseExpansion } from '../../grammar/expansion/parser.js';
import { Evaluation } from './evaluator.js';
import type { ExpandContext } from './context.js';

export { ExpandError };

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

const cache = new Map<string, CompiledExpansion>();
const CACHE_MAX = 4096;

/** Compile (byte string in), with a bounded cache keyed by the text. */
export function compile(source: string): CompiledExpansion {
  let c = cache.get(source);
  if (!c) {
    c = new CompiledExpansion(source, parseExpansion(source));
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
    cache.set(source, c);
  }
  return c;
}

export type ExpandResult = { ok: true; value: string } | { ok: false; error: ExpandError };

/** expand_string(): the value, or Exim's failure (forced or not) */
export function expandString(source: string, ctx: ExpandContext): ExpandResult {
  try {
    return { ok: true, value: compile(source).evaluate(ctx) };
  } catch (e) {
    if (e instanceof ExpandError) return { ok: false, error: e };
    throw e;
  }
}

/**
 * expand_string() for a string seen once (-be input): parsed without the
 * cache (kept ASTs of lines never seen again would only load the garbage
 * collector); a promise only if a lookup or socket had to be waited for.
 */
export function expandOnce(source: string, ctx: ExpandContext): ExpandResult | Promise<ExpandResult> {
  const fail = (e: unknown): ExpandResult => {
    if (e instanceof ExpandError) return { ok: false, error: e };
    throw e;
  };
  try {
    const v = new Evaluation(ctx).evaluate(parseExpansion(source));
    if (typeof v === 'string') return { ok: true, value: v };
    return v.then((value): ExpandResult => ({ ok: true, value }), fail);
  } catch (e) {
    return fail(e);
  }
}

export async function expandStringAsync(source: string, ctx: ExpandContext): Promise<ExpandResult> {
  try {
    return { ok: true, value: await compile(source).evaluateAsync(ctx) };
  } catch (e) {
    if (e instanceof ExpandError) return { ok: false, error: e };
    throw e;
  }
}
