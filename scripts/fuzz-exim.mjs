#!/usr/bin/env node
// fuzz-exim.mjs [N] [SEED]: differential fuzzing against real Exim. Makes N
// random expansion strings from the tables' items, operators and conditions
// with awkward arguments, runs them through `exim -be` and `exim-ts -be` (one
// process each, a marker line between cases) and prints the cases whose
// output differs. For development, needs Exim; a difference found is kept
// as a case in spec/expand/cases and recorded with record-expand.py.
//   FUZZ_OUT=file  also write the differing inputs there, one per line
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const N = Number(process.argv[2] ?? 2000);
let seed = Number(process.argv[3] ?? Date.now() % 100000);
const conf = join(root, 'spec/oracle/min.conf');
const FIX = join(root, 'spec/expand/fixtures');
const startSeed = seed;
// Math.imul: a plain product passes 2^53 and loses the low bits, and the
// high bits pick (the low bits of this generator repeat with a short period)
const rnd = (n) => { seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff; return Math.floor((seed / 0x80000000) * n); };
const pick = (a) => a[rnd(a.length)];

// arguments that have found bugs in expanders: empty, spaces, separators,
// numbers at the edges of 32 and 64 bits, addresses, escapes, 8-bit and UTF-8
const words = [
  '', ' ', 'a', 'abc', 'ABC', 'Hello World', 'a:b:c', 'a::b', ':a:', '<; a;b ;c', '<, x,,y', '< a b',
  '0', '1', '-1', '42', '007', '0x1f', '2147483647', '2147483648', '-2147483648', '9223372036854775807',
  '9223372036854775808', '-9223372036854775808', '1k', '2M', '3G', '1e3', ' 12 ', '+5', '1.5',
  '192.0.2.1', '192.0.2.1/24', '10.0.0.300', '2001:db8::1', '::1', '::ffff:1.2.3.4', '2001:db8::/32', 'fe80::1%eth0',
  'user@example.com', 'User <u@ex.com>', '"q t"@ex.com', 'a@b, c@d', '@x', 'x@', 'a.b.c', '.', '..',
  'ÄÖü', 'é', '日本語', 'xn--bcher-kva.example', 'bücher.example', '\\n', '\\t', '\\x41', '\\101', '\\N$x{}\\N',
  '\\\\', '\\}', '\\{', '=?utf-8?q?caf=C3=A9?=', '=?iso-8859-1?b?w6k=?=', 'YWJj', 'aGVsbG8=', '!!!', '%20',
  '1d2h', '3w', '90s', '1h30m', 'true', 'false', 'yes', 'no', '  yes', 'TRUE',
  '{"a":1,"b":[2,3]}', '[1,"two",{"x":"y"}]', '"str"', '[]', 'x y z', 'tab\there', '$', '{', '}',
];
const vars = ['$primary_hostname', '$qualify_domain', '${qualify_recipient}', '$exim_version', '$spool_directory', '$tod_bsdinbox', '$value', '$1', '$0', '$runrc', '$h_subject:', '$headers_added', '$acl_c0', '$acl_m_x', '$local_part', '$domain'];
const timeVars = /\$(tod_bsdinbox)/;

// the operators that take a numeric suffix, and those whose answers change between runs
const suffixed = { length: 1, l: 1, substr: 2, s: 2, hash: 2, h: 2, nhash: 2, nh: 2, mask: 1 };
const skipOps = new Set(['randint', 'stat', 'listnamed']);
const skipItems = new Set(['run', 'readsocket', 'perl', 'dlfunc', 'acl', 'imapfolder', 'certextract', 'srs_encode', 'authresults']);
const skipConds = new Set(['pam', 'ldapauth', 'radius', 'pwcheck', 'saslauthd', 'acl', 'exists', 'first_delivery', 'queue_running', 'inbound_srs', 'crypteq']);

const { operators } = await import(join(root, 'dist/lang/operators/index.js'));
const { items } = await import(join(root, 'dist/lang/items/index.js'));
const { conditions } = await import(join(root, 'dist/lang/conditions/index.js'));
const opNames = [...operators.keys()].filter((n) => !skipOps.has(n));
const itemNames = [...items.keys()].filter((n) => !skipItems.has(n));
const condNames = [...conditions.keys()].filter((n) => !skipConds.has(n));

const num = () => pick(['0', '1', '2', '3', '5', '-1', '-3', '10', '100', '', 'x', '99999999999']);

function text(d) {
  const r = rnd(10);
  if (d > 2 || r < 5) return pick(words);
  if (r < 7) return pick(vars);
  if (r < 9) return expansion(d + 1);
  return text(d + 1) + text(d + 1);
}
const br = (d) => `{${text(d)}}`;

function operator(d) {
  let name = pick(opNames);
  const n = suffixed[name];
  if (n && rnd(3) > 0) name += Array.from({ length: rnd(n + 1) }, () => `_${pick(['0', '1', '2', '3', '5', '-1', '-2', '10', '32', '64'])}`).join('');
  return `\${${name}:${text(d + 1)}}`;
}

function condition(d) {
  const r = rnd(12);
  if (r === 0) return `!${condition(d + 1)}`;
  if (r === 1) return `${pick(['and', 'or'])}{${Array.from({ length: rnd(3) }, () => `{${condition(d + 1)}}`).join('')}}`;
  const name = pick(condNames);
  switch (name) {
    case 'def': return `def:${pick(['primary_hostname', 'value', 'h_subject', 'acl_c0', 'nosuch', 'tod_log'])}`;
    case 'isip': case 'isip4': case 'isip6': case 'bool': case 'bool_lax': return `${name}${br(d + 1)}`;
    case 'forall': case 'forany': case 'forall_json': case 'forany_json': case 'forall_jsons': case 'forany_jsons':
      return `${name}${br(d + 1)}{${pick(['eq{$item}{a}', 'match{$item}{^[0-9]', 'bool{$item}', '>{$item}{1}'])}}`;
    case 'match': return `match${br(d + 1)}{${pick(['^a', '(\\d+)', '^(.)(.)', 'b$', '[[:alpha:]]+', '(?i)abc', '\\N^\\w+\\N', '(', ''])}}`;
    default: return `${name}${br(d + 1)}${br(d + 1)}`;
  }
}

function item(d) {
  const name = pick(itemNames);
  const b = () => br(d + 1);
  switch (name) {
    case 'if': return `\${if ${condition(d + 1)} ${pick([`${b()}${b()}`, `${b()}`, `${b()}fail`, ''])}}`;
    case 'sg': return `\${sg${b()}{${pick(['a', '[aeiou]', '(\\d)', '^', '$', '\\s+', '(.)(.)', '.*', 'x*'])}}{${pick(['_', '<$1>', '$0$0', '', '\\n'])}}}`;
    case 'extract': return rnd(2)
      ? `\${extract{${pick(['1', '2', '-1', '0', '3', 'a', 'x'])}}${pick(['{:}', '{,}', '{}', '{:;}'])}${b()}${pick(['', '{[$value]}', '{$value}{no}', '{y}fail'])}}`
      : `\${extract{${pick(['a', 'b', 'x', 'A'])}}{${pick(['a=1 b=2', 'a="q t" b', 'x = 3', 'a=\\"'])}}${pick(['', '{<$value>}{none}'])}}`;
    case 'listextract': return `\${listextract{${pick(['1', '2', '-1', '0', '9'])}}${b()}${pick(['', '{[$value]}{no}'])}}`;
    case 'hmac': return `\${hmac{${pick(['md5', 'sha1', 'sha256', 'x'])}}${b()}${b()}}`;
    case 'filter': return `\${filter${b()}{${pick(['eq{$item}{a}', 'bool{$item}', 'match{$item}{b}', '!eq{$item}{}'])}}}`;
    case 'map': return `\${map${b()}{${pick(['<$item>', '${uc:$item}', '$item$item', ''])}}}`;
    case 'reduce': return `\${reduce${b()}{${pick(['', '0', 'x'])}}{${pick(['$value+$item', '$value:$item', '${eval:$value+1}', '$item'])}}}`;
    case 'listquote': return `\${listquote{${pick([':', ',', ';', ''])}}${b()}}`;
    case 'sort': return `\${sort${b()}{${pick(['<', '>', 'lt', 'gti', '<=', 'eq', 'x'])}}{${pick(['$item', '${length_1:$item}', ''])}}}`;
    case 'prvs': return `\${prvs{${pick(['user@example.com', 'a@b', 'x', ''])}}{${pick(['secret', ''])}}${pick(['', '{1}', '{9}', '{x}'])}}`;
    case 'prvscheck': return `\${prvscheck{${pick(['prvs=1234567890=user@example.com', 'prvs=0xyz=u@d', 'u@d'])}}{secret}${pick(['', '{ok}', '{$prvscheck_result}'])}}`;
    case 'env': return `\${env{${pick(['HOME', 'PATH', 'NOSUCH', '', 'TZ'])}}${pick(['', '{[$value]}{none}', '{y}'])}}`;
    case 'lookup': {
      const type = `${pick(['', '', 'partial-', 'partial2-', 'partial()'])}${pick(['lsearch', 'wildlsearch', 'nwildlsearch', 'iplsearch', 'dsearch', 'lsearch*', 'lsearch*@', 'nosuch'])}${pick(['', '', ',ret=key', ',ret=full', ',filter=file', ',x'])}`;
      const file = pick(['lsearch.txt', 'wild.txt', 'ip.txt', 'dir', 'empty.txt', 'nonl.txt', 'nosuch.txt']);
      const key = pick(['alice', 'ALICE', 'bob', 'carol', 'nobody', 'mail12.test', 'x.example.com', '192.168.1.7', '10.1.2.3', '2001:db8::9', 'a', 'b.txt', 'sub', '', 'a.b.alice', '*', ...words.slice(0, 12)]);
      return `\${lookup{${key}}${type}{${FIX}/${file}}${pick(['', '{<$value>}', '{<$value>}{none}', '{y}fail', '{$1/$2}{n}'])}}`;
    }
    case 'readfile': return `\${readfile{${FIX}/${pick(['text.txt', 'nonl.txt', 'empty.txt', 'nosuch'])}}${pick(['', '{}', '{:}', '{\\n}'])}}`;
    case 'tr': return `\${tr${b()}{${pick(['abc', 'a-c', '', 'ab'])}}{${pick(['xyz', 'X', '', '123'])}}}`;
    case 'hash': case 'nhash': case 'length': case 'substr':
      return `\${${name}{${num()}}${rnd(2) ? `{${num()}}` : ''}${b()}}`;
    default: return `\${${name}${b()}${b()}}`;
  }
}

function expansion(d = 0) {
  const r = rnd(10);
  if (d > 3) return pick(words);
  if (r < 4) return operator(d);
  if (r < 9) return item(d);
  return pick(vars);
}

// Half the cases are the project's own case lines, mutated: a character
// dropped, doubled or put in, two swapped; that reaches the error paths.
const seeds = readdirSync(join(root, 'spec/expand/cases')).flatMap((f) =>
  readFileSync(join(root, 'spec/expand/cases', f), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')));
const inserts = ['{', '}', '$', '\\', ':', ' ', '_', '1', '-', 'x', '{}', '${', '\\N', ','];
function mutate(line) {
  let t = line;
  for (let k = 1 + rnd(3); k > 0; k--) {
    const at = rnd(t.length + 1);
    switch (rnd(4)) {
      case 0: t = t.slice(0, at) + t.slice(at + 1); break;
      case 1: t = t.slice(0, at) + t[at] + t.slice(at); break;
      case 2: t = t.slice(0, at) + pick(inserts) + t.slice(at); break;
      default: t = t.slice(0, at) + (t[at + 1] ?? '') + (t[at] ?? '') + t.slice(at + 2);
    }
  }
  return t.replaceAll('@FIXTURES@', FIX).replaceAll('@REPO@', root).replaceAll('@CONFIG@', conf);
}
// time, randomness, files, sockets, commands: not comparable between two runs
// ... nor what Exim's -be carries from line to line ($value, $1.., the last
// lookup error), nor what Debian's build has and ours has not (or the reverse)
const unstable = /def:value|(^|[^$])\{(if|sort|map|filter|reduce)\b|\$item|\$value|\$\{?\d|\+[a-z_{:0-9][a-z_0-9]*|prvscheck_|pam\{|ldap|radius|saslauthd|pwcheck|redis|dmarc|tod_|\$pid|randint|random|message_exim_id|\$inode|\$bounce|run[{,]|readsocket|stat:|exists|\bdlfunc|\bperl|tv_sec|tv_usec|uptime|\$compile|config_file|\$caller|originator|\$home|nhash[_{]0|nh_0|forall_json|forany_json|\$exim_path|uid|gid|\$srs|queue_|spool/;

// a case is kept only when neither side can vary between runs
const cases = [];
while (cases.length < N) {
  const c = rnd(2) ? expansion() : mutate(pick(seeds));
  if (unstable.test(c) || /^[A-Z]/.test(c)) continue;
  if (timeVars.test(c) || /\n/.test(c) || c.length > 900) continue;
  cases.push(c);
}
const MARK = 'fuzz-mark-';
const run = (cmd, args, from) => {
  const input = cases.slice(from).map((c, i) => `${MARK}${from + i}\n${c}\n`).join('');
  return spawnSync(cmd, args, { input: Buffer.from(input, 'utf8'), maxBuffer: 1 << 28 }).stdout.toString('latin1');
};
const split = (out, into) => {
  const parts = out.split(new RegExp(`^> ${MARK}(\\d+)\\n`, 'm'));
  let last = -1;
  for (let i = 1; i < parts.length; i += 2) { into.set(Number(parts[i]), parts[i + 1]); last = Number(parts[i]); }
  return last;
};
// Exim dies on a few inputs (SIGFPE on ${nhash{0}...}): the case it died on
// is reported and the run goes on after it
const exim = new Map();
for (let from = 0; from < cases.length;) {
  const last = split(run('exim', ['-C', conf, '-be'], from), exim);
  if (last === cases.length - 1 && exim.get(last).length > 0) break;
  const died = Math.max(last, from);
  console.log(`EXIM DIED on ${cases[died]}`);
  exim.delete(died);
  from = died + 1;
}
const ours = new Map();
split(run(process.execPath, [join(root, 'bin/exim-ts.cjs'), '-C', conf, '-be'], 0), ours);
const bad = [];
for (let i = 0; i < cases.length; i++) {
  const a = exim.get(i), b = ours.get(i);
  if (a === b || a === undefined) continue;
  bad.push(cases[i]);
  console.log(`IN   ${cases[i]}`);
  console.log(`EXIM ${JSON.stringify(Buffer.from(a ?? '(none)', 'latin1').toString('utf8'))}`);
  console.log(`OURS ${JSON.stringify(Buffer.from(b ?? '(none)', 'latin1').toString('utf8'))}`);
}
console.log(`fuzz-exim: seed ${startSeed}, ${cases.length} cases, ${bad.length} differ`);
if (process.env.FUZZ_OUT) writeFileSync(process.env.FUZZ_OUT, bad.map((c) => `${c}\n`).join(''));
