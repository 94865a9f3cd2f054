#!/usr/bin/env node
// Record what real Exim's -be prints for expansion lines that ask the DNS,
// with the test zones served on 127.0.0.1:53 in a private namespace
// (scripts/services/with-dns.sh). Root, and Debian's exim4-daemon-heavy.
//   node scripts/record-dns-vectors.mjs LINES.txt OUT.jsonl [ZONEDIR] [CONFIG]
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output, zones = 'test/dns/zones', conf = '/tmp/o.conf'] = process.argv.slice(2);
const lines = readFileSync(input, 'latin1').split('\n').filter((l) => l.length > 0);
// one exim for all lines; a result may span lines, each starts after "> "
const r = execFileSync('scripts/services/with-dns.sh', [zones, 'exim', '-C', conf, '-be'], { input: Buffer.from(lines.join('\n') + '\n', 'latin1') }).toString('latin1');
const results = r.replace(/\n?> \n?$/, '').slice(2).split('\n> ');
if (results.length !== lines.length) throw new Error(`${lines.length} lines but ${results.length} results`);
const out = lines.map((line, i) => JSON.stringify({ in: line, out: results[i] }));
writeFileSync(output, out.join('\n') + '\n', 'latin1');
