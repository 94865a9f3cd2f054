// Test helpers for the server-backed lookups: a context whose config names
// the loopback servers of test/setup/db-services.ts, async -be style
// expansion, and direct clients to seed data.
import { execFileSync } from 'node:child_process';
import { inject } from 'vitest';
import pg from 'pg';
import mysql from 'mysql2/promise';
import { Redis } from 'ioredis';
import { ExpandContext, emptyConfig } from '../../src/runtime/expand/context.js';
import { expandStringAsync } from '../../src/runtime/expand/expand.js';
import { standardLookups } from '../../src/lookups/registry.js';

export const db = () => inject('dbServers');

/** the servers options as an Exim config would set them ("::" is a colon inside a list item) */
export function serverOptions(extra: Record<string, string> = {}): Map<string, string> {
  const s = db();
  return new Map(Object.entries({
    pgsql_servers: `127.0.0.1::${s.pgsql.port}/${s.pgsql.database}/${s.pgsql.user}/${s.pgsql.password} : 127.0.0.1::1/x/y/z`,
    mysql_servers: `127.0.0.1::${s.mysql.port}/${s.mysql.database}/${s.mysql.user}/${s.mysql.password}`,
    redis_servers: `127.0.0.1::${s.redis.port}//${s.redis.password}`,
    ...extra,
  }));
}

export function dbContext(options = serverOptions(), timeoutMs = 3000): ExpandContext {
  const cfg = emptyConfig();
  for (const [k, v] of options) cfg.options.set(k, v);
  const ctx = new ExpandContext(cfg);
  ctx.lookups = standardLookups({ timeoutMs });
  ctx.set('primary_hostname', 'oracle.example');
  return ctx;
}

/** what -be prints for a line (UTF-8 in and out) */
export async function beAsync(s: string, ctx: ExpandContext): Promise<string> {
  const r = await expandStringAsync(Buffer.from(s, 'utf8').toString('latin1'), ctx);
  const out = r.ok ? r.value : `Failed: ${r.error.message}`;
  return Buffer.from(out, 'latin1').toString('utf8');
}

export function pgClient(): pg.Client {
  const s = db().pgsql;
  return new pg.Client({ host: s.host, port: s.port, user: s.user, password: s.password, database: s.database });
}

export function mysqlConnection(): Promise<mysql.Connection> {
  const s = db().mysql;
  return mysql.createConnection({ host: s.host, port: s.port, user: s.user, password: s.password, database: s.database, multipleStatements: true });
}

export function redisClient(): Redis {
  const s = db().redis;
  return new Redis({ host: s.host, port: s.port, password: s.password, lazyConnect: true });
}

const ROOT = new URL('../..', import.meta.url).pathname;

/** kill one of the servers (SIGKILL: no goodbye to its clients) */
export function killServer(name: 'redis' | 'postgres' | 'mariadb'): void {
  execFileSync('bash', [`${ROOT}scripts/services/stop-db.sh`, name], { env: { ...process.env, DB_SERVICES_DIR: db().dir, SIGKILL: '1' } });
}

/** start it again on its old port and data */
export function restartServer(name: 'redis' | 'postgres' | 'mariadb'): void {
  execFileSync('bash', [`${ROOT}scripts/services/start-db.sh`, 'restart', name], {
    env: { ...process.env, DB_SERVICES_DIR: db().dir }, stdio: ['ignore', 'ignore', 'pipe'],
  });
}
