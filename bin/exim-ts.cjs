#!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS EXIM_TS_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} EXIM_TS_GLIBC_TUNABLES=${GLIBC_TUNABLES} GLIBC_TUNABLES=glibc.malloc.trim_threshold=67108864:${GLIBC_TUNABLES} node --v8-pool-size=1
// The line above starts node with an environment of its own: without
// NODE_EXTRA_CA_CERTS (node would read the file at once), and with glibc's
// malloc keeping freed memory instead of giving it back. The variables as the
// user set them travel under EXIM_TS_ names; src/lang/util/start-env.ts
// puts them back first thing, and says why. And with one V8 worker thread
// instead of four: on two cores the extra compiler and collector workers
// took the main thread's core and memory (-be on the bench file 512 to 452
// ms median, 1,250 fewer page faults). A long-running server on a bigger
// machine may want more: node --v8-pool-size=N bin/exim-ts.cjs ...
// The bundled build (npm run build) starts fastest; the module tree is used
// when it is newer (a plain `tsc` during development). A CommonJS file: an
// ES module here would load Node's ES module loader, a tenth of the start-up.
'use strict';
const { statSync } = require('node:fs');
const path = require('node:path');
const bundle = path.join(__dirname, '../dist/bundle/main.cjs');
const tree = path.join(__dirname, '../dist/cli/main.js');
const mtime = (f) => { try { return statSync(f).mtimeMs; } catch { return -1; } };
// A run's answer waits on the main thread alone. V8's compiler and collector
// helpers, started with the process, yield to it at nice 19: on a machine
// with cores to spare nothing changes; on two cores shared with others the
// main thread no longer queues behind its own helpers (-be: a tenth faster).
// Not for the daemon, whose collections should not wait on a busy machine.
if (process.platform === 'linux' && !process.argv.includes('-bd')) {
  const { readdirSync } = require('node:fs');
  const { setPriority } = require('node:os');
  try {
    for (const t of readdirSync('/proc/self/task')) if (Number(t) !== process.pid) setPriority(Number(t), 19);
  } catch { /* no /proc: nothing to change */ }
}
// A reader that goes away (| head) ends the output quietly, as a C program's
// SIGPIPE would. The handler goes on each stream when it is first made:
// making one loads Node's stream modules, which -be (writing to the file
// descriptors itself) never needs.
for (const name of ['stdout', 'stderr']) {
  const made = Object.getOwnPropertyDescriptor(process, name);
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: made.enumerable,
    get() {
      const stream = made.get.call(process);
      Object.defineProperty(process, name, { configurable: true, enumerable: made.enumerable, value: stream });
      stream.on('error', (e) => { if (e.code === 'EPIPE') process.exit(0); throw e; });
      return stream;
    },
  });
}
// -be and expand write their answers themselves, synchronously: once main()
// returns they leave at once, skipping Node's tear-down, which waits for
// V8's compiler threads to finish the jobs they started (15-20 ms of a run)
const args = process.argv.slice(2);
const leaveAtOnce = args[0] === 'expand' || args.some((a) => a.startsWith('-be'));
(async () => {
  if (mtime(bundle) >= mtime(tree)) {
    const { loadBundle } = require('./load-bundle.cjs');
    const { main, saveCache } = loadBundle(bundle);
    process.exitCode = await main(args);
    saveCache();
  } else {
    process.exitCode = await (await import(require('node:url').pathToFileURL(tree).href)).main(args);
  }
  if (leaveAtOnce) process.exit();
})();
