// npm run bench:lookups: lookups per second for each type on loopback,
// through ${lookup} (compiled expansion, evaluated asynchronously, search
// cache emptied before each lookup so every one reaches the server), beside
// the raw client's own rate for the same query in the same run (ioredis GET,
// pg Pool SELECT, mysql2 pool SELECT on its callback API as our lookup uses
// it, better-sqlite3 with its statements kept by text as our lookup keeps
// them, all rows read as Exim reads them). Both sides are warmed up alike,
// then timed in alternating slices; each side's rate is its median slice,
// and the percentage is the median of the ratios of each slice of ours to the
// raw slice right after it: a busy moment of the shared machine hits both
// sides of a pair, and a drifting load does not move the figure. Also
// lsearch and cdb on 100,000 entries: the first lookup, then per-lookup time.
// Starts its own Redis/PostgreSQL/MariaDB (scripts/services/start-db.sh) and
// stops them. Needs `npm run build` (dist/). Prints figures; asserts nothing.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const { ExpandContext, emptyConfig } = await import(join(root, 'dist/runtime/expand/context.js'));
const { compile } = await import(join(root, 'dist/runtime/expand/expand.js'));
const { standardLookups, searchTidyup, closeLookups } = await import(join(root, 'dist/lookups/registry.js'));
const { cdbMake } = await import(join(root, 'dist/lookups/cdb.js'));

const N = Number(process.env.BENCH_LOOKUPS ?? 6000);
const KEYS = 1000;
const dir = mkdtempSync(join(tmpdir(), 'exim-ts-bench-lookups-'));
chmodSync(dir, 0o755); // the postgres and mysql users must reach their data dirs
const freePort = () => new Promise((res, rej) => {
  const s = createServer();
  s.on('error', rej);
  s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
});
const ports = { REDIS_PORT: await freePort(), PG_PORT: await freePort(), MYSQL_PORT: await freePort() };
const env = { ...process.env, DB_SERVICES_DIR: join(dir, 'db'), ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) };
const user = 'eximts';
const pw = 'eximtspw';

/** n calls of an async function: elapsed milliseconds */
async function time(n, fn) {
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return performance.now() - t;
}
const WARM = 3000;
const SLICES = 30;
/** the middle value: a burst of the shared machine's other work moves it less than a mean */
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];

const rows = [];
try {
  execFileSync('bash', [join(root, 'scripts/services/start-db.sh')], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const pg = require('pg');
  const mysql = require('mysql2/promise');
  const mysqlCore = require('mysql2');
  const { Redis } = require('ioredis');
  const Database = require('better-sqlite3');

  // the same data everywhere: KEYS keys k<i> with value v<i>
  const pgc = new pg.Client({ host: '127.0.0.1', port: ports.PG_PORT, user, password: pw, database: user });
  await pgc.connect();
  await pgc.query('create table t(k text primary key, v text)');
  await pgc.query(`insert into t select 'k' || i, 'v' || i from generate_series(0, ${KEYS - 1}) i`);
  const my = await mysql.createConnection({ host: '127.0.0.1', port: ports.MYSQL_PORT, user, password: pw, database: user });
  await my.query('create table t(k varchar(20) primary key, v text)');
  await my.query(`insert into t values ${Array.from({ length: KEYS }, (_, i) => `('k${i}','v${i}')`).join(',')}`);
  const rc = new Redis({ host: '127.0.0.1', port: ports.REDIS_PORT, password: pw });
  for (let i = 0; i < KEYS; i++) await rc.set(`k${i}`, `v${i}`);
  const dbfile = join(dir, 't.db');
  const sq = new Database(dbfile);
  sq.exec('create table t(k text primary key, v text)');
  const ins = sq.prepare('insert into t values (?, ?)');
  for (let i = 0; i < KEYS; i++) ins.run(`k${i}`, `v${i}`);

  const cfg = emptyConfig();
  cfg.options.set('pgsql_servers', `127.0.0.1::${ports.PG_PORT}/${user}/${user}/${pw}`);
  cfg.options.set('mysql_servers', `127.0.0.1::${ports.MYSQL_PORT}/${user}/${user}/${pw}`);
  cfg.options.set('redis_servers', `127.0.0.1::${ports.REDIS_PORT}//${pw}`);
  const ctx = new ExpandContext(cfg);
  ctx.lookups = standardLookups({ poolSize: 1 });
  const ours = (template) => {
    const c = compile(template);
    return async (i) => {
      searchTidyup(ctx.lookups);
      ctx.set('local_part', `k${i % KEYS}`);
      const v = await c.evaluateAsync(ctx);
      if (v !== `v${i % KEYS}`) throw new Error(`wrong answer for ${template}: ${v}`);
    };
  };
  const pgPool = new pg.Pool({ host: '127.0.0.1', port: ports.PG_PORT, user, password: pw, database: user, max: 1 });
  const myPool = mysqlCore.createPool({ host: '127.0.0.1', port: ports.MYSQL_PORT, user, password: pw, database: user, connectionLimit: 1 });
  const statements = new Map();
  const cases = [
    ['redis', ours('${lookup redis{GET $local_part}}'), async (i) => { await rc.get(`k${i % KEYS}`); }, 'ioredis GET'],
    ['pgsql', ours("${lookup pgsql{select v from t where k='$local_part'}}"),
      async (i) => { await pgPool.query(`select v from t where k='k${i % KEYS}'`); }, 'pg Pool SELECT'],
    ['mysql', ours("${lookup mysql{select v from t where k='$local_part'}}"),
      (i) => new Promise((res, rej) => { myPool.query(`select v from t where k='k${i % KEYS}'`, (e, r) => (e ? rej(e) : res(r))); }),
      'mysql2 pool SELECT'],
    ['sqlite', ours(`\${lookup sqlite{${dbfile} select v from t where k='$local_part'}}`),
      async (i) => {
        const q = `select v from t where k='k${i % KEYS}'`;
        let st = statements.get(q);
        if (!st) statements.set(q, (st = sq.prepare(q)));
        st.all();
      }, 'better-sqlite3 prepare+all'],
  ];
  for (const [name, mine, raw, rawName] of cases) {
    // warm-up alike (connections, JIT), then alternating slices: a busy moment of the shared machine hits both
    await time(WARM, mine);
    await time(WARM, raw);
    const ra = [];
    const rr = [];
    const n = N / SLICES;
    for (let s = 0; s < SLICES; s++) {
      ra.push(n / (await time(n, mine) / 1000));
      rr.push(n / (await time(n, raw) / 1000));
    }
    const a = median(ra);
    const r = median(rr);
    // each slice of ours against the raw slice run right after it, under the same load
    const ratio = median(ra.map((x, i) => x / rr[i]));
    rows.push(`${name.padEnd(7)} ${a.toFixed(0).padStart(7)} lookups/s   ${rawName.padEnd(27)} ${r.toFixed(0).padStart(7)}/s   ${(100 * ratio).toFixed(0)}%`);
  }
  await pgc.end(); await my.end(); rc.disconnect(); sq.close(); await pgPool.end(); await new Promise((res) => { myPool.end(res); });

  // lsearch and cdb on 100,000 entries
  const big = join(dir, 'big.lsearch');
  const lines = Array.from({ length: 100_000 }, (_, i) => `key${i}.example.org: data for ${i}`);
  writeFileSync(big, `# a big file\n${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'big.cdb'), cdbMake(Array.from({ length: 100_000 }, (_, i) => [`key${i}.example.org`, `data for ${i}`])));
  for (const [type, file] of [['lsearch', big], ['cdb', join(dir, 'big.cdb')]]) {
    const c = compile(`\${lookup{$local_part}${type}{${file}}}`);
    ctx.set('local_part', 'key99999.example.org');
    let t = performance.now();
    c.evaluate(ctx);
    const first = performance.now() - t;
    const M = 20_000;
    t = performance.now();
    // distinct keys: each lookup reaches the file's index, none the search cache
    for (let i = 0; i < M; i++) {
      ctx.set('local_part', `key${(i * 7919) % 100_000}.example.org`);
      if (c.evaluate(ctx) !== `data for ${(i * 7919) % 100_000}`) throw new Error(`wrong ${type} answer`);
    }
    const per = (performance.now() - t) / M;
    rows.push(`${type.padEnd(7)} 100,000 entries: first lookup ${first.toFixed(1)} ms, then ${(per * 1000).toFixed(1)} us per lookup (${(1000 / per).toFixed(0)}/s)`);
  }
  await closeLookups(ctx.lookups);
} finally {
  try { execFileSync('bash', [join(root, 'scripts/services/stop-db.sh')], { env, stdio: 'inherit' }); } finally { rmSync(dir, { recursive: true, force: true }); }
}
console.log(`lookups on loopback, ${N} each after ${WARM} to warm up (one connection per server on both sides; rates are medians of ${SLICES} alternating slices, the percentage the median of the ${SLICES} paired slice ratios), exim-ts beside the raw client:`);
for (const r of rows) console.log(`  ${r}`);
