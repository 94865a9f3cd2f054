// Real Redis, PostgreSQL and MariaDB on loopback for the lookup tests
// (scripts/services/start-db.sh: fresh data dirs in a temp directory, free
// ports, apt-get install when missing). Their addresses go to the tests as
// inject('dbServers') and in process.env (REDIS_*, PG*, MYSQL_*); the servers
// are stopped by PID at the end. A run whose file filters leave out every
// lookup test starts nothing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
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
  }
}

const ROOT = new URL('../..', import.meta.url).pathname;
const START = join(ROOT, 'scripts/services/start-db.sh');
const STOP = join(ROOT, 'scripts/services/stop-db.sh');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** whether this run includes lookup tests: no file filters, or one that could name them */
function wanted(): boolean {
  const args = process.argv.slice(2);
  // "-t name" and other options with values are not file filters
  const filters = args.filter((a, i) => !a.startsWith('-') && a !== 'run' && !/^-(t|-testNamePattern|-project|-config|c)$/.test(args[i - 1] ?? ''));
  if (filters.length === 0) return true;
  return filters.some((f) => 'test/lookups/'.includes(f) || f.includes('lookups'));
}

export default async function setup(project: TestProject) {
  if (!wanted()) return undefined;
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
    execFileSync('bash', [START], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (e) {
    stop();
    throw e;
  }
  const password = 'eximtspw';
  const user = 'eximts';
  const servers: DbServers = {
    dir,
    redis: { host: '127.0.0.1', port: redisPort, password },
    pgsql: { host: '127.0.0.1', port: pgPort, user, password, database: user },
    mysql: { host: '127.0.0.1', port: mysqlPort, user, password, database: user },
  };
  project.provide('dbServers', servers);
  Object.assign(process.env, {
    DB_SERVICES_DIR: dir, REDIS_HOST: '127.0.0.1', REDIS_PORT: String(redisPort), REDIS_PASSWORD: password,
    PGHOST: '127.0.0.1', PGPORT: String(pgPort), PGUSER: user, PGPASSWORD: password, PGDATABASE: user,
    MYSQL_HOST: '127.0.0.1', MYSQL_PORT: String(mysqlPort), MYSQL_USER: user, MYSQL_PASSWORD: password, MYSQL_DATABASE: user,
  });
  return stop;
}
