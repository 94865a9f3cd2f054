// npm start: the main job on embedded defaults (no server needed): lint the
// example config, replay the example SMTP sessions through it (recorded DNS,
// no network) and print the summary, then evaluate the example expansions
// against it as `exim -C example.conf -be` would.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const cli = here('../bin/exim-ts.cjs');
const conf = here('example.conf');

console.log(`== exim-ts lint ${conf}`);
const lint = spawnSync(process.execPath, [cli, 'lint', conf], { stdio: 'inherit' });
if (lint.status === 0) console.log('no problems');

console.log(`\n== exim-ts replay -C ${conf} --summary examples/sessions.jsonl`);
const replay = spawnSync(process.execPath, [cli, 'replay', '-C', conf, '--summary', here('sessions.jsonl')], { stdio: 'inherit' });

console.log(`\n== exim-ts -C ${conf} -be < examples/expansions.txt`);
const be = spawnSync(process.execPath, [cli, '-C', conf, '-be'], {
  input: readFileSync(here('expansions.txt')),
  stdio: ['pipe', 'inherit', 'inherit'],
});
process.exitCode = lint.status || replay.status || be.status || 0;
