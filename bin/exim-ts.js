#!/usr/bin/env node
// The bundled build (npm run build) starts fastest; the module tree is used
// when it is newer (a plain `tsc` during development).
import { statSync } from 'node:fs';
const bundle = new URL('../dist/bundle/main.mjs', import.meta.url);
const tree = new URL('../dist/cli/main.js', import.meta.url);
const mtime = (u) => { try { return statSync(u).mtimeMs; } catch { return -1; } };
// a reader that goes away (| head) ends the output quietly, as a C program's SIGPIPE would
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
}
const { main } = await import(mtime(bundle) >= mtime(tree) ? bundle.href : tree.href);
process.exitCode = await main(process.argv.slice(2));
