// Real Redis, PostgreSQL and MariaDB on loopback for the lookup tests
// (scripts/services/start-db.sh: fresh data dirs in a temp directory, free
// ports, apt-get install when missing). Two sets: one the tests share, one
// the fault tests kill and restart. Their addresses go to the tests as
// inject('dbServers') / inject('dbFaultServers'), the shared set's also in
// process.env (REDIS_*, PG*, MYSQL_*); the servers are stopped by PID at the
// end. A run whose file filters leave out every lookup test starts nothing.
import { freePort } from '../helpers/free-port.js';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

export interface DbServers {
  dir: string;
  redis: { host: string; port: number; password: string };
  pgsql: { host: string; port: number; user: string; password: string; database: string };
  mysql: { host: string; port: number; user: string; password: string; database: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dbServers: DbServers;
    dbFaultServers: DbServers;
  }
}

const ROOT = new URL('../..', import.meta.url).pathname;
const START = join(ROOT, 'scripts/services/start-db.sh');
const STOP = join(ROOT, 'scripts/services/stop-db.sh');


/** whether this run includes lookup tests: no file filters, or one that could name them */
function wanted(): boolean {
  const args = process.argv.slice(2);
  // "-t name" and other options with values are not file filters
  const filters = args.filter((a, i) => !a.startsWith('-') && a !== 'run' && !/^-(t|-testNamePattern|-project|-config|c)$/.test(args[i - 1] ?? ''));
  if (filters.length === 0) return true;
  return filters.some((f) => 'test/lookups/'.includes(f) || f.includes('lookups'));
}

/** one set of servers in a fresh directory: its addresses, and how to stop it */
async function startSet(): Promise<{ servers: DbServers; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'exim-ts-db-'));
  const [redisPort, pgPort, mysqlPort] = [await freePort(), await freePort(), await freePort()];
  const env = {
    ...process.env, DB_SERVICES_DIR: dir,
    REDIS_PORT: String(redisPort), PG_PORT: String(pgPort), MYSQL_PORT: String(mysqlPort),
  };
  const stop = () => {
    try {
      execFileSync('bash', [STOP], { env, stdio: 'inherit' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    await promisify(execFile)('bash', [START], { env });
  } catch (e) {
    process.stderr.write(String((e as { stderr?: string }).stderr ?? ''));
    stop();
    throw e;
  }
  const password = 'eximtspw';
  const user = 'eximts';
  return {
    servers: {
      dir,
      redis: { host: '127.0.0.1', port: redisPort, password },
      pgsql: { host: '127.0.0.1', port: pgPort, user, password, database: user },
      mysql: { host: '127.0.0.1', port: mysqlPort, user, password, database: user },
    },
    stop,
  };
}

export default async function setup(project: TestProject) {
  if (!wanted()) return undefined;
  // a first start that installs the packages goes alone; otherwise both sets start at once
  const installed = existsSync('/usr/bin/redis-server') && existsSync('/usr/sbin/mariadbd') && existsSync('/usr/lib/postgresql');
  const first = startSet();
  if (!installed) await first.catch(() => undefined);
  const [a, b] = await Promise.allSettled([first, startSet()]);
  if (a.status === 'rejected' || b.status === 'rejected') {
    for (const r of [a, b]) if (r.status === 'fulfilled') r.value.stop();
    throw a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason;
  }
  const shared = a.value;
  const faults = b.value;
  const s = shared.servers;
  project.provide('dbServers', s);
  project.provide('dbFaultServers', faults.servers);
  Object.assign(process.env, {
    DB_SERVICES_DIR: s.dir, REDIS_HOST: '127.0.0.1', REDIS_PORT: String(s.redis.port), REDIS_PASSWORD: s.redis.password,
    PGHOST: '127.0.0.1', PGPORT: String(s.pgsql.port), PGUSER: s.pgsql.user, PGPASSWORD: s.pgsql.password, PGDATABASE: s.pgsql.database,
    MYSQL_HOST: '127.0.0.1', MYSQL_PORT: String(s.mysql.port), MYSQL_USER: s.mysql.user, MYSQL_PASSWORD: s.mysql.password,
    MYSQL_DATABASE: s.mysql.database,
  });
  return () => {
    try {
      faults.stop();
    } finally {
      shared.stop();
    }
  };
}
