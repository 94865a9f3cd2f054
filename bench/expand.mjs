// bench:expand — exim-ts -be against real exim -be on the same 100,000 lines,
// whole process (start-up included), and one compiled string evaluated many
// times with changing variables against Exim re-reading it each time.
// Prints figures and ratios; asserts nothing (no timing in tests).
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = resolve(import.meta.dirname, '..');
const N = Number(process.env.BENCH_LINES ?? 100000);
const conf = process.env.BENCH_CONF ?? join(root, 'spec/oracle/min.conf');
const dir = mkdtempSync(join(tmpdir(), 'exim-ts-bench-'));

// deterministic pseudo-random generator, so every run times the same lines
let seed = 12345;
// Math.imul: a plain product passes 2^53 and loses the low bits, and the
// high bits pick (the low bits of this generator repeat with a short period)
const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff; return Math.floor((seed / 0x80000000) * n); };
const words = ['alpha', 'Bravo', 'charlie', 'delta.example', 'user@example.com', '192.0.2.17', 'x y z', 'ÄÖü', '2001:db8::1', '42', '-7', 'a:b:c'];
const w = () => words[rnd(words.length)];
const templates = [
  () => `\${lc:${w()}}`,
  () => `\${uc:${w()}}`,
  () => `\${if eq{${w()}}{${w()}}{yes}{no}}`,
  () => `\${if >{${rnd(100)}}{${rnd(100)}}{gt}{le}}`,
  () => `\${length_${rnd(9)}:${w()}}`,
  () => `\${substr_${rnd(4)}_${rnd(5)}:${w()}}`,
  () => `\${md5:${w()}}`,
  () => `\${sha1:${w()}}`,
  () => `\${base64:${w()}}`,
  () => `\${hash_${1 + rnd(6)}:${w()}}`,
  () => `\${eval:${rnd(1000)}*${rnd(50)}+${rnd(9)}}`,
  () => `\${strlen:${w()}}`,
  () => `\${tr{${w()}}{abc}{xyz}}`,
  () => `\${sg{${w()}}{[aeiou]}{_}}`,
  () => `\${if match{${w()}}{^[a-z]+\$}{word}{other}}`,
  () => `\${extract{${1 + rnd(3)}}{:}{a:b:c}}`,
  () => `\${map{a:b:c}{<\$item>}}`,
  () => `\${if inlist{${w()}}{alpha:42:x y z}{in}{out}}`,
  () => `\${listcount:${w()}}`,
  () => `\${if and{{eq{1}{1}}{!eq{${w()}}{q}}}{both}{not}}`,
  () => `text \$primary_hostname and \${qualify_domain} ${w()}`,
  () => `\${reverse_ip:192.0.2.${rnd(255)}}`,
  () => `\${mask:192.0.2.${rnd(255)}/${8 + rnd(24)}}`,
  () => `\${quote:${w()}}`,
  () => `\${hexquote:${w()}}`,
];
const lines = Array.from({ length: N }, () => templates[rnd(templates.length)]());
const input = join(dir, 'lines.txt');
writeFileSync(input, lines.join('\n') + '\n');

// stdin from the file and stdout to a file, as `exim -be < in > out` runs:
// capturing the output through a pipe would charge Exim, which flushes
// every line, for the reader's work on 100,000 small writes
function timeProcess(cmd, args, file) {
  const outFile = `${file}.${cmd === 'exim' ? 'exim' : 'ours'}.out`;
  const inFd = openSync(file, 'r');
  const outFd = openSync(outFile, 'w');
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: [inFd, outFd, 'ignore'] });
  const ms = performance.now() - t0;
  closeSync(inFd);
  closeSync(outFd);
  return { ms, ok: r.status === 0, out: readFileSync(outFile) };
}

const haveExim = spawnSync('exim', ['-bV'], { stdio: 'ignore' }).status === 0;
// the command as installed (npx exim-ts, node_modules/.bin): through the bin
// file's own first line, which starts node as users get it
const ours = (file) => timeProcess(join(root, 'bin/exim-ts.cjs'), ['-C', conf, '-be'], file);
const exim = (file) => timeProcess('exim', ['-C', conf, '-be'], file);
// -be compiles each distinct line once: time the generated file (whose lines
// repeat, as an admin's test lines do) and the same lines each made distinct
const distinct = join(dir, 'distinct.txt');
writeFileSync(distinct, lines.map((l, i) => `${l} ${i}`).join('\n') + '\n');
// median of ROUNDS alternating runs: on a shared machine one run can be off
// by a fifth either way
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const [label, file, n] of [[`${N} lines (${new Set(lines).size} distinct)`, input, N], [`${N} lines, all distinct`, distinct, N]]) {
  const os = [], es = [];
  for (let r = 0; r < ROUNDS; r++) {
    os.push(ours(file));
    if (haveExim) es.push(exim(file));
  }
  const o = median(os.map((x) => x.ms));
  console.log(`bench:expand  ${label}, median of ${ROUNDS} runs`);
  console.log(`  exim-ts -be : ${o.toFixed(0)} ms  (${Math.round(n / (o / 1000))} lines/s)`);
  if (haveExim) {
    const e = median(es.map((x) => x.ms));
    console.log(`  exim -be    : ${e.toFixed(0)} ms  (${Math.round(n / (e / 1000))} lines/s)`);
    console.log(`  ratio       : exim-ts is ${(e / o).toFixed(2)}x exim's speed (higher is better)`);
    const a = os[0].out.toString('latin1').split('\n'), b = es[0].out.toString('latin1').split('\n');
    let diff = 0; for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) diff++;
    console.log(`  outputs     : ${diff} of ${b.length} lines differ from exim`);
  } else {
    console.log('  exim        : not installed, no ratio (apt-get install exim4-daemon-heavy)');
  }
}
// Node's own start-up, part of every figure above. NODE_EXTRA_CA_CERTS makes
// node read and parse that CA file before any JavaScript runs; exim-ts's
// start line leaves it for TLS to read when needed (src/lang/util/extra-ca.ts)
const bare = (env) => median(Array.from({ length: ROUNDS }, () => {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore', env });
  return performance.now() - t0;
}));
const extraCa = process.env.NODE_EXTRA_CA_CERTS;
let nodeLine = `bench:node  \`node -e 0\` (Node's start-up alone): ${bare(process.env).toFixed(0)} ms`;
if (extraCa) {
  const { NODE_EXTRA_CA_CERTS: _, ...env } = process.env;
  nodeLine += `; NODE_EXTRA_CA_CERTS is set (${extraCa}), without it ${bare(env).toFixed(0)} ms`;
}
console.log(nodeLine);
// Where the whole-process time goes: the cost of one more line once running
// (from the distinct lines three times over), against start-up and warm-up
const triple = join(dir, 'triple.txt');
writeFileSync(triple, readFileSync(distinct, 'latin1').repeat(3), 'latin1');
const perLine = (ms3, ms1) => ((ms3 - ms1) * 1000) / (2 * N);
// best of three alternating runs: a difference of two timings doubles their
// noise, and on a shared machine the noise only ever adds time
const runs = { ours1: [], ours3: [], exim1: [], exim3: [] };
for (let r = 0; r < 3; r++) {
  runs.ours1.push(ours(distinct).ms); runs.ours3.push(ours(triple).ms);
  if (haveExim) { runs.exim1.push(exim(distinct).ms); runs.exim3.push(exim(triple).ms); }
}
console.log(`bench:expand  the cost of each further line (${3 * N} against ${N} distinct lines, best of 3)`);
for (const [who, k] of [['exim-ts -be', 'ours'], ['exim -be   ', 'exim']]) {
  if (!runs[`${k}1`].length) continue;
  const one = Math.min(...runs[`${k}1`]), three = Math.min(...runs[`${k}3`]);
  const us = perLine(three, one);
  console.log(`  ${who} : ${us.toFixed(2)} us/line (${Math.round(1e6 / us)} lines/s); start-up and warm-up ${(one - (us * N) / 1000).toFixed(0)} ms`);
}

// one compiled string, changing variables
const { compile } = await import(join(root, 'dist/runtime/expand/expand.js'));
const { ExpandContext } = await import(join(root, 'dist/runtime/expand/context.js'));
const hot = '${if match{$local_part}{^[a-z]+\\$}{${lc:$local_part}@${domain}}{${length_3:$local_part}}}';
const c = compile(hot);
const ctx = new ExpandContext();
const M = 1_000_000;
const t0 = performance.now();
let sink = 0;
for (let i = 0; i < M; i++) {
  ctx.set('local_part', i & 1 ? 'Alice' : 'bob' + (i & 7));
  ctx.set('domain', 'example.com');
  sink += c.evaluate(ctx).length;
}
const ms = performance.now() - t0;
console.log(`bench:compiled  ${M} evaluations of one compiled string: ${ms.toFixed(0)} ms (${Math.round(M / (ms / 1000))}/s)`);
if (haveExim) {
  const K = 50000;
  const f = join(dir, 'hot.txt');
  writeFileSync(f, Array.from({ length: K }, (_, i) => hot.replaceAll('$local_part', i & 1 ? 'Alice' : 'bob' + (i & 7)).replaceAll('${domain}', 'example.com')).join('\n') + '\n');
  const ems = timeProcess('exim', ['-C', conf, '-be'], f).ms;
  const eximRate = K / (ems / 1000);
  console.log(`  exim re-reading the same string: ${Math.round(eximRate)}/s; ratio ${(M / (ms / 1000) / eximRate).toFixed(1)}x`);
}
void sink;
