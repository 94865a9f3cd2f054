#!/usr/bin/env node
// fuzz-config.mjs [N] [SEED]: differential fuzzing of the config reader
// against real Exim. Takes the good configs of spec/config/cases, mutates
// one or two lines of each try (a character dropped, doubled or put in, a
// line doubled or dropped, a word changed), runs `exim -C F -bV` and
// `exim-ts -C F -bV` and prints the configs whose answers differ (exit code,
// and stdout/stderr with timestamps masked). For development, needs Exim
// and root; a difference found becomes a case in spec/config/cases.
//   FUZZ_KEEP=dir  keep the differing configs there
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[2] ?? 200);
let seed = Number(process.argv[3] ?? Date.now() % 100000);
const startSeed = seed;
// Math.imul: a plain product passes 2^53 and loses the low bits, and the
// high bits pick (the low bits of this generator repeat with a short period)
const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff; return Math.floor((seed / 0x80000000) * n); };
const pick = (a) => a[rnd(a.length)];

const casesDir = join(root, 'spec/config/cases');
const good = readdirSync(casesDir).filter((f) => /^(good|accepted)-.*\.conf$/.test(f));
const work = mkdtempSync(join(tmpdir(), 'fuzz-config-'));
// the cases may include files beside them
for (const f of readdirSync(casesDir)) if (!f.endsWith('.conf')) try { copyFileSync(join(casesDir, f), join(work, f)); } catch { /* a directory */ }
mkdirSync('/tmp/exim-ts-cases/spool', { recursive: true });

const inserts = ['=', ' ', ':', '\\', '$', '{', '}', '"', '#', '!', '+', '-', '0', 'x', '.', ';', '<', '${if', '\n', '\t'];
const words = ['accept', 'deny', 'drop', 'require', 'warn', 'defer', 'discard', 'driver', 'transport', 'domains', 'condition', 'message', 'set', 'begin', 'hosts', 'true', 'false', 'yes', '5m', '-1', '99999999999', 'acl_smtp_rcpt', 'no_', 'not_', 'hide', '.ifdef', '.include', '.endif', 'local_parts'];
// values that test each option type's reader
const values = ['', '0', '-1', '08', '0x1G', '077', '1e3', '5x', '1h2', '3w4d', '99999999999999999999', '2147483648', 'yes', 'maybe', 'true false',
  '"quoted', '"a\\qb"', '<; a ; b', ': :', 'a::b', '${if', '$nosuch', '${lc:X}', '\\', 'root', 'nosuchuser', '10M', '1.5K', '0.5', '1,2',
  '/relative', '/tmp/x/%s', 'F,2h,15m', '*', '!*', '+nosuch', 'lsearch;/nonexistent', '@[]', '127.0.0.1/33', 'sha256', 'md5:x'];
function mutate(text) {
  const lines = text.split('\n');
  for (let k = 1 + rnd(2); k > 0; k--) {
    const i = rnd(lines.length);
    const l = lines[i];
    const at = rnd(l.length + 1);
    switch (rnd(9)) {
      case 7: case 8: if (l.includes('=')) { lines[i] = l.replace(/=.*$/, `= ${pick(values)}`); break; } // falls through
      case 0: lines[i] = l.slice(0, at) + l.slice(at + 1); break;
      case 1: lines[i] = l.slice(0, at) + (l[at] ?? '') + l.slice(at); break;
      case 2: lines[i] = l.slice(0, at) + pick(inserts) + l.slice(at); break;
      case 3: lines.splice(i, 0, l); break;
      case 4: lines.splice(i, 1); break;
      case 5: lines[i] = l.replace(/[A-Za-z_]+/, pick(words)); break;
      default: lines[i] = l.slice(0, at) + ' ' + pick(words) + ' ' + l.slice(at);
    }
  }
  return lines.join('\n');
}

const ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C' };
const norm = (s) => s.replace(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d /gm, 'TIME ').replaceAll(work, '@CASES@');
function run(cmd, args) {
  const r = spawnSync(cmd, args, { env: ENV, cwd: work, timeout: 30000 });
  return { rc: r.status, out: norm(r.stdout.toString('latin1')), err: norm(r.stderr.toString('latin1')) };
}

let bad = 0;
const keep = process.env.FUZZ_KEEP;
if (keep) mkdirSync(keep, { recursive: true });
for (let n = 0; n < N; n++) {
  const base = pick(good);
  const text = mutate(readFileSync(join(casesDir, base), 'latin1'));
  const file = join(work, `case-${n}.conf`);
  writeFileSync(file, text, 'latin1');
  const e = run('exim', ['-C', file, '-bV']);
  const o = run(process.execPath, [join(root, 'bin/exim-ts.cjs'), '-C', file, '-bV']);
  // -bV's version banner is Exim's own; the verdict and the messages are what must agree
  const verdict = (r) => `${r.rc}\n${r.err}`;
  if (verdict(e) === verdict(o)) continue;
  bad++;
  console.log(`--- ${base} mutated (case-${n}.conf)`);
  const orig = readFileSync(join(casesDir, base), 'latin1').split('\n');
  const now = text.split('\n');
  for (let i = 0; i < Math.max(orig.length, now.length); i++) if (orig[i] !== now[i]) { console.log(`  line ${i + 1}: ${JSON.stringify(now[i])}`); break; }
  console.log(`  EXIM rc=${e.rc} ${JSON.stringify(e.err.slice(0, 300))}`);
  console.log(`  OURS rc=${o.rc} ${JSON.stringify(o.err.slice(0, 300))}`);
  if (keep) writeFileSync(join(keep, `${base.replace(/\.conf$/, '')}-mut${n}.conf`), text, 'latin1');
}
console.log(`fuzz-config: seed ${startSeed}, ${N} configs, ${bad} differ`);
