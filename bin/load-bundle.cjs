// Loads the one-file CommonJS bundle with V8's code cache beside it
// (main.cjs.cache): compiling a megabyte of source at every start costs
// more than reading back what the last run compiled. A missing or stale
// cache (another Node version) is written anew after the run.
'use strict';
const { closeSync, fstatSync, openSync, readSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

// V8 rejects a cache made under other flags: runs with node flags of their
// own (node --cpu-prof, NODE_OPTIONS=...) keep their own cache, instead of
// rewriting the one every plain run reads
function flagsTag() {
  const flags = `${process.execArgv.join(' ')}|${process.env.NODE_OPTIONS ?? ''}`;
  if (flags === '|') return '';
  let h = 0x811c9dc5;
  for (let i = 0; i < flags.length; i++) h = Math.imul(h ^ flags.charCodeAt(i), 0x01000193);
  return `.${(h >>> 0).toString(16)}`;
}

/** the bundle at `file` (an absolute path): its exports, and how to save the code cache after the run */
exports.loadBundle = function loadBundle(file) {
  const cacheFile = `${file}${flagsTag()}.cache`;
  // One buffer for both files: the bundle is read into it and copied out as
  // a string, then the cache is read over it. Fresh memory is faulted in
  // page by page, and on a virtual machine each fault can cost 20 us: a
  // second megabyte buffer is 5 ms of every start.
  let buf = Buffer.allocUnsafeSlow(0);
  const read = (path) => {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      if (size > buf.length) buf = Buffer.allocUnsafeSlow(size);
      let n = 0;
      for (let got; n < size && (got = readSync(fd, buf, n, size - n, null)) > 0;) n += got;
      return buf.subarray(0, n);
    } finally {
      closeSync(fd);
    }
  };
  // the bundle is ASCII (esbuild charset: ascii): latin1 is the faster read
  const source = read(file).toString('latin1');
  let cachedData;
  try { cachedData = read(cacheFile); } catch { /* first run */ }
  // the bundle is a function expression: (function (exports, require, module, __filename, __dirname) {...})
  const script = new Script(source, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return {
    main: module.exports.main,
    saveCache() {
      if (cachedData && !script.cachedDataRejected) return;
      // written whole and renamed: runs in parallel never read half a cache
      const tmp = `${cacheFile}.${process.pid}`;
      try {
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch { /* a read-only install runs without the cache */ }
    },
  };
};
