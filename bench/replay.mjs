// bench:replay — sessions per second: `exim-ts replay` on 10,000 sessions in one
// process (start-up included) against real `exim -C conf -bh IP`, one process
// per session, on a sample of the same sessions. The sessions are the policy
// corpus of spec/bh (recorded from exim -bh) repeated with other ports and
// times, in a shuffled order. Also checks that the sample's replies agree.
// Prints figures and the ratio; asserts nothing (no timing in tests).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = resolve(import.meta.dirname, '..');
const N = Number(process.env.BENCH_SESSIONS ?? 10000);
const SAMPLE = Number(process.env.BENCH_EXIM_SAMPLE ?? 200);
const CONFIG = process.env.BENCH_CONFIG ?? 'policy';
const bh = join(root, 'spec/bh');
const conf = join(bh, `configs/${CONFIG}.conf`);
const dir = mkdtempSync(join(tmpdir(), 'exim-ts-bench-replay-'));
mkdirSync('/tmp/exim-ts-bh/files', { recursive: true });
for (const f of readdirSync(join(bh, 'configs/files'))) copyFileSync(join(bh, 'configs/files', f), join('/tmp/exim-ts-bh/files', f));

// the corpus sessions a record can carry exactly: no extra arguments, CRLF-ended ASCII lines
const corpus = readFileSync(join(bh, 'vectors.jsonl'), 'latin1').split('\n').filter(Boolean).map((l) => JSON.parse(l))
  .filter((v) => v.config === CONFIG && !v.args.length && !v.dnsZones?.length && v.input.endsWith('\r\n') && !/[^\x20-\x7e\r\n\t]/.test(v.input));

let seed = 4242;
// Math.imul: a plain product passes 2^53 and loses the low bits, and the
// high bits pick (the low bits of this generator repeat with a short period)
const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff; return Math.floor((seed / 0x80000000) * n); };
const t0 = Date.parse('2026-11-29T00:00:00Z');
const sessions = Array.from({ length: N }, (_, i) => {
  const v = corpus[rnd(corpus.length)];
  // -bh's "IP.PORT": the recorded port is replaced by another
  const ip = isIP(v.ip) ? v.ip : v.ip.replace(/\.\d+$/, '');
  const port = 1024 + rnd(60000);
  return { id: `${v.session}-${i}`, timestamp: new Date(t0 + i * 1000).toISOString(), client: { ip, port },
    dialogue: v.input.slice(0, -2).split('\r\n') };
});
const file = join(dir, 'sessions.jsonl');
writeFileSync(file, sessions.map((s) => JSON.stringify(s)).join('\n') + '\n');

const cli = join(root, 'bin/exim-ts.cjs');
console.log(`${N} sessions (${corpus.length} distinct dialogues of spec/bh/${CONFIG}), config spec/bh/configs/${CONFIG}.conf`);

// exim-ts: the whole run, one process
let t = performance.now();
const r = spawnSync(cli, ['replay', '-C', conf, '--summary', file], { maxBuffer: 1 << 28 });
const tsMs = performance.now() - t;
if (r.status !== 0) { console.error(r.stderr.toString()); process.exit(1); }
const tsRate = N / (tsMs / 1000);
console.log(`exim-ts replay: ${N} sessions in ${tsMs.toFixed(0)} ms = ${tsRate.toFixed(0)} sessions/s`);

// the same on every core (--jobs: one process per core, every Nth session each)
const cores = availableParallelism();
let jobsRate;
if (cores > 1) {
  t = performance.now();
  const rj = spawnSync(cli, ['replay', '-C', conf, '--summary', '--jobs', String(cores), file], { maxBuffer: 1 << 28 });
  const jMs = performance.now() - t;
  if (rj.status === 0) {
    jobsRate = N / (jMs / 1000);
    console.log(`exim-ts replay --jobs ${cores}: ${N} sessions in ${jMs.toFixed(0)} ms = ${jobsRate.toFixed(0)} sessions/s`);
  }
}

const haveExim = spawnSync('exim', ['-bV'], { stdio: 'ignore' }).status === 0;
if (!haveExim) {
  console.log('exim not installed: no comparison (apt-get install exim4-daemon-heavy)');
  process.exit(0);
}

// Exim: one -bh process per session, on an evenly spread sample
const step = Math.max(1, Math.floor(N / SAMPLE));
const sample = sessions.filter((_, i) => i % step === 0).slice(0, SAMPLE);
const eximOut = [];
t = performance.now();
for (const s of sample) {
  const input = s.dialogue.map((l) => `${l}\r\n`).join('');
  const p = spawnSync('exim', ['-C', conf, '-bh', `${s.client.ip}.${s.client.port}`], { input, cwd: '/', env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C', TZ: 'UTC' } });
  eximOut.push(p.stdout.toString('latin1'));
}
const eximMs = performance.now() - t;
const eximRate = sample.length / (eximMs / 1000);
console.log(`exim -bh:       ${sample.length} sessions (a sample of the ${N}, one process each) in ${eximMs.toFixed(0)} ms = ${eximRate.toFixed(1)} sessions/s`);
console.log(`ratio: exim-ts replay is ${(tsRate / eximRate).toFixed(0)}x Exim's rate in one process${jobsRate ? `, ${(jobsRate / eximRate).toFixed(0)}x with --jobs ${cores}` : ''} (target: 100x)`);

// the sample's replies, exim-ts against Exim (dates and message ids normalised)
const rules = JSON.parse(readFileSync(join(bh, 'normalise.json'), 'utf8')).rules;
const norm = (s) => rules.reduce((x, q) => x.replace(new RegExp(q.pattern, 'gm'), () => q.replacement), s);
const sampleFile = join(dir, 'sample.jsonl');
writeFileSync(sampleFile, sample.map((s) => JSON.stringify(s)).join('\n') + '\n');
const j = spawnSync(cli, ['replay', '-C', conf, '--format', 'json', sampleFile], { maxBuffer: 1 << 28 });
const ours = j.stdout.toString('latin1').split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((o) => o.type === 'session');
let same = 0;
ours.forEach((o, i) => {
  const replies = o.steps.map((st) => st.reply.map((l) => `${l}\r\n`).join('')).join('');
  const exim = eximOut[i].replace(/^\n(\*\*\*\*.*\n)+\n/, '').replace(/\n\*\*\*\* SMTP testing: that is not a real message id!\n\n/g, '');
  if (norm(replies) === norm(exim)) same++;
});
console.log(`replies identical to exim -bh: ${same} of ${sample.length} sampled sessions`);
