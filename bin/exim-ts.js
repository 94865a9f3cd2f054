#!/usr/bin/env node
// The bundled build (npm run build) starts fastest; the module tree is used
// when it is newer (a plain `tsc` during development).
import { statSync } from 'node:fs';
import { loadBundle } from './load-bundle.js';

const bundle = new URL('../dist/bundle/main.cjs', import.meta.url);
const tree = new URL('../dist/cli/main.js', import.meta.url);
const mtime = (u) => { try { return statSync(u).mtimeMs; } catch { return -1; } };
// a reader that goes away (| head) ends the output quietly, as a C program's SIGPIPE would
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
}
if (mtime(bundle) >= mtime(tree)) {
  const { main, saveCache } = loadBundle(bundle);
  process.exitCode = await main(process.argv.slice(2));
  saveCache();
} else {
  process.exitCode = await (await import(tree.href)).main(process.argv.slice(2));
}
