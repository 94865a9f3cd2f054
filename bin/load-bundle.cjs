// Loads the one-file CommonJS bundle with V8's code cache beside it
// (main.cjs.cache): compiling a megabyte of source at every start costs
// more than reading back what the last run compiled. A missing or stale
// cache (another Node version) is written anew after the run.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');

/** the bundle at `file` (an absolute path): its exports, and how to save the code cache after the run */
exports.loadBundle = function loadBundle(file) {
  const cacheFile = `${file}.cache`;
  let cachedData;
  try { cachedData = readFileSync(cacheFile); } catch { /* first run */ }
  // the bundle is ASCII (esbuild charset: ascii): latin1 is the faster read
  const source = readFileSync(file, 'latin1');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
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
