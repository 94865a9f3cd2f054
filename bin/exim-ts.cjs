#!/usr/bin/env node
// The bundled build (npm run build) starts fastest; the module tree is used
// when it is newer (a plain `tsc` during development). A CommonJS file: an
// ES module here would load Node's ES module loader, a tenth of the start-up.
'use strict';
const { statSync } = require('node:fs');
const path = require('node:path');
const bundle = path.join(__dirname, '../dist/bundle/main.cjs');
const tree = path.join(__dirname, '../dist/cli/main.js');
const mtime = (f) => { try { return statSync(f).mtimeMs; } catch { return -1; } };
// a reader that goes away (| head) ends the output quietly, as a C program's SIGPIPE would
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
}
(async () => {
  if (mtime(bundle) >= mtime(tree)) {
    const { loadBundle } = require('./load-bundle.cjs');
    const { main, saveCache } = loadBundle(bundle);
    process.exitCode = await main(process.argv.slice(2));
    saveCache();
  } else {
    process.exitCode = await (await import(require('node:url').pathToFileURL(tree).href)).main(process.argv.slice(2));
  }
})();
