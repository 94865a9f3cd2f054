// Bundled build of the CLI: loading a few modules instead of dozens saves
// about a third of exim-ts's start-up time, which counts in `-be` runs.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// chunk names change with their content: old ones would pile up
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['dist/cli/main.js'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // lint, -bP/-bV and help are split off and loaded only when used
  splitting: true,
  outdir: 'dist/bundle',
  outExtension: { '.js': '.mjs' },
  // heavy drivers stay lazy-loaded from node_modules
  external: ['ioredis', 'pg', 'mysql2', 'better-sqlite3'],
  // chevrotain's own one-file build: a third of its module tree's size (lodash-es inlined), read faster
  alias: { chevrotain: './node_modules/chevrotain/lib/chevrotain.min.mjs' },
  logLevel: 'warning',
  // less source for V8 to read at every start; names are kept for readable stack traces
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // CommonJS packages bundled in (dns-packet) require() Node's own modules: give the ESM bundle a require
  banner: { js: "import { createRequire as __exim_ts_createRequire } from 'node:module'; const require = __exim_ts_createRequire(import.meta.url);" },
});
