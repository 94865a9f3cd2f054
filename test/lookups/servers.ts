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

import type { DbServers } from '../setup/db-services.js';

export const db = () => inject('dbServers');

/** the servers options as an Exim config would set them ("::" is a colon inside a list item) */
export function serverOptions(extra: Record<string, string> = {}, s: DbServers = db()): Map<string, string> {
  return new Map(Object.entries({
    pgsql_servers: `127.0.0.1::${s.pgsql.port}/${s.pgsql.database}/${s.pgsql.user}/${s.pgsql.password} : 127.0.0.1::1/x/y/z`,
    mysql_servers: `127.0.0.1::${s.mysql.port}/${s.mysql.database}/${s.mysql.user}/${s.mysql.password}`,
    redis_servers: `127.0.0.1::${s.redis.port}//${s.redis.password}`,
    ...extra,
  }));
}

export function dbContext(options: Map<string, string> = serverOptions(), timeoutMs = 3000): ExpandContext {
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

export function pgClient(set: DbServers = db()): pg.Client {
  const s = set.pgsql;
  return new pg.Client({ host: s.host, port: s.port, user: s.user, password: s.password, database: s.database });
}

export function mysqlConnection(set: DbServers = db()): Promise<mysql.Connection> {
  const s = set.mysql;
  return mysql.createConnection({ host: s.host, port: s.port, user: s.user, password: s.password, database: s.database, multipleStatements: true });
}

export function redisClient(set: DbServers = db()): Redis {
  const s = set.redis;
  return new Redis({ host: s.host, port: s.port, password: s.password, lazyConnect: true });
}

const ROOT = new URL('../..', import.meta.url).pathname;

/** kill one of the servers (SIGKILL: no goodbye to its clients) */
export function killServer(set: DbServers, name: 'redis' | 'postgres' | 'mariadb'): void {
  execFileSync('bash', [`${ROOT}scripts/services/stop-db.sh`, name], { env: { ...process.env, DB_SERVICES_DIR: set.dir, SIGKILL: '1' } });
}

/** start it again on its old port and data */
export function restartServer(set: DbServers, name: 'redis' | 'postgres' | 'mariadb'): void {
  execFileSync('bash', [`${ROOT}scripts/services/start-db.sh`, 'restart', name], {
    env: { ...process.env, DB_SERVICES_DIR: set.dir }, stdio: ['ignore', 'ignore', 'pipe'],
  });
}
