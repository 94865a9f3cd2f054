// Test helpers: expand a string as -be would, from a byte or UTF-8 string.
import { ExpandContext, emptyConfig } from '../../src/runtime/expand/context.js';
import { expandString } from '../../src/runtime/expand/expand.js';
import { standardLookups } from '../../src/lookups/registry.js';

export function ctxFor(setup?: (ctx: ExpandContext) => void): ExpandContext {
  const ctx = new ExpandContext(emptyConfig());
  ctx.lookups = standardLookups();
  ctx.set('primary_hostname', 'oracle.example');
  ctx.set('qualify_domain', 'oracle.example');
  setup?.(ctx);
  return ctx;
}

/** what -be would print after "> " (UTF-8 in and out) */
export function be(s: string, ctx = ctxFor()): string {
  const r = expandString(Buffer.from(s, 'utf8').toString('latin1'), ctx);
  const out = r.ok ? r.value : `Failed: ${r.error.message}`;
  return Buffer.from(out, 'latin1').toString('utf8');
}
