// Bundled build of the CLI: one CommonJS file, loaded by bin/exim-ts.cjs
// through V8's code cache, so a start compiles almost nothing. Start-up
// counts in every `-be` run: this is about a fifth of it.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist/bundle', { recursive: true, force: true });

// Two build-time edits of chevrotain 11's minified build, each for the same
// V8 cost: adding properties one by one to a fast-mode object gives each
// addition a new map and a copy of all earlier descriptors.
// - applyMixins copies the parser's ten mixin classes, 200-odd methods, onto
//   one prototype (10 ms of every start). One property deleted first puts the
//   prototype in dictionary mode, where additions are cheap (0.4 ms); V8
//   makes it fast again when it is first used as a prototype.
// - performSelfAnalysis's grammar recording puts 89 methods on the parser
//   instance and deletes them again. The instance goes to dictionary mode
//   first, and chevrotain's own toFastProperties() makes it fast after.
// The patterns are chevrotain 11's as its minified build spells them: the
// build fails when one is gone, and a new version must be looked at again.
const MIXINS = /function (\w+)\(t,e\)\{(e\.forEach\(r=>\{let n=r\.prototype;Object\.getOwnPropertyNames\(n\)\.forEach\(o=>\{if\(o==="constructor"\)return;let i=Object\.getOwnPropertyDescriptor\(n,o\);i&&\(i\.get\|\|i\.set\)\?Object\.defineProperty\(t\.prototype,o,i\):t\.prototype\[o\]=r\.prototype\[o\]\}\)\}\))\}/;
const TO_FAST = /this\.TRACE_INIT\("toFastProps",\(\)=>\{([\w$]+)\(this\)\}\)/;
const RECORD_ON = 'enableRecording(){this.RECORDING_PHASE=!0,this.TRACE_INIT("Enable Recording",()=>{';
const RECORD_OFF = 'delete e.ACTION,delete e.BACKTRACK,delete e.LA})}ACTION_RECORD(';
const cheapPropertyCopies = {
  name: 'chevrotain-cheap-property-copies',
  setup(b) {
    b.onLoad({ filter: /chevrotain\.min\.mjs$/ }, (args) => {
      let src = readFileSync(args.path, 'utf8');
      const toFast = TO_FAST.exec(src)?.[1];
      if (!MIXINS.test(src) || !toFast || !src.includes(RECORD_ON) || !src.includes(RECORD_OFF)) {
        throw new Error(`${args.path}: chevrotain's applyMixins or grammar recording not as expected (see scripts/bundle.mjs)`);
      }
      src = src.replace(MIXINS, (_, name, body) => `function ${name}(t,e){const p=t.prototype;p.__a=0;p.__b=0;delete p.__a;${body};delete p.__b}`);
      src = src.replace(RECORD_ON, `${RECORD_ON}this.__a=0;this.__b=0;delete this.__a;`);
      src = src.replace(RECORD_OFF, `delete e.ACTION,delete e.BACKTRACK,delete e.LA;delete e.__b;${toFast}(e)})}ACTION_RECORD(`);
      return { contents: src, loader: 'js' };
    });
  },
};

await build({
  entryPoints: ['dist/cli/main.js'],
  bundle: true,
  platform: 'node',
  // CommonJS, because only a classic script can be given V8's code cache
  // (vm.Script cachedData) on Node 20; lazily imported parts (lint, -bP,
  // help) are still evaluated only when used
  format: 'cjs',
  target: 'node20',
  outfile: 'dist/bundle/main.cjs',
  // heavy drivers stay lazy-loaded from node_modules
  external: ['ioredis', 'pg', 'mysql2', 'better-sqlite3'],
  // chevrotain's own one-file build: a third of its module tree's size (lodash-es inlined)
  alias: { chevrotain: './node_modules/chevrotain/lib/chevrotain.min.mjs' },
  // import.meta.url means the bundle's own file: relative paths from it must work from here too
  define: { 'import.meta.url': '__exim_ts_url' },
  // the file is the CommonJS wrapper function itself, as bin/load-bundle.cjs
  // runs it: wrapping a megabyte string at load would copy it once more
  banner: { js: "(function (exports, require, module, __filename, __dirname) {'use strict';const __exim_ts_url = require('node:url').pathToFileURL(__filename).href;" },
  footer: { js: '\n})' },
  // pure ASCII, so the loader can read it as latin1
  charset: 'ascii',
  logLevel: 'warning',
  // less source for V8 to read at every start; names are kept for readable stack traces
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  plugins: [cheapPropertyCopies],
});

// The code cache is written by the first run; make that run a -be run over
// the main job's example expansions, so that the cache holds compiled the
// functions -be uses most (each one left out is compiled at every start).
// The run goes through the bin's own first line, as installed commands do: V8
// rejects a cache made under other node flags (bin/load-bundle.cjs keeps one
// cache per flag set), and that line passes some.
const warm = spawnSync('bin/exim-ts.cjs', ['-C', 'examples/example.conf', '-be'], {
  input: readFileSync('examples/expansions.txt'),
  stdio: ['pipe', 'ignore', 'inherit'],
});
if (warm.status !== 0) throw new Error('warm-up run of the bundle failed');
