// The pgsql lookup (Exim's lookups/pgsql.c) on node-postgres: servers
// "host[:port]/db/user/password" or "(/dir/.s.PGSQL.port)/db/user/password",
// one connection pool per server kept across lookups, results formatted as
// Exim formats them, libpq's messages on failure.
import type pg from 'pg';
import { driver } from './driver.js';
import type { LookupType } from '../../lang/lookups/types.js';
import { LookupError } from '../../lang/lookups/types.js';
import { lfQuote, ServerLists, sqlPerform, splitServer, bytesToText, textToBytes, type ServerAnswer } from './perform.js';
import type { ServerOptions } from './options.js';
import { QueryWatchdog } from './watchdog.js';

const rawText = { getTypeParser: () => (v: string) => v };

type Result = pg.QueryResult<unknown[]>;

/** libpq's text for a failed connection (PQerrorMessage) */
function connectMessage(e: NodeJS.ErrnoException & { severity?: string }, host: string, port: string, socket: boolean): string {
  const where = socket ? `connection to server on socket "${host}/.s.PGSQL.${port}"` : `connection to server at "${host}", port ${port}`;
  if (e.code === 'ECONNREFUSED') {
    return socket
      ? `${where} failed: Connection refused\n\tIs the server running locally and accepting connections on that socket?\n`
      : `${where} failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?\n`;
  }
  if (e.code === 'ENOENT') return `${where} failed: No such file or directory\n\tIs the server running locally and accepting connections on that socket?\n`;
  if (e.severity) return `${where} failed: ${e.severity}:  ${textToBytes(e.message)}\n`;
  return `${where} failed: ${textToBytes(e.message)}\n`;
}

/** PQresultErrorMessage(): severity, message, the query line with a caret at the error position, detail, hint */
function resultMessage(e: pg.DatabaseError, query: string): string {
  let m = `${e.severity ?? 'ERROR'}:  ${textToBytes(e.message)}\n`;
  if (e.position) {
    const pos = Number(e.position) - 1;
    const text = bytesToText(query);
    const before = text.slice(0, pos);
    const lineNo = before.split('\n').length;
    const lineStart = before.lastIndexOf('\n') + 1;
    const lineEnd = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
    const prefix = `LINE ${lineNo}: `;
    m += `${prefix}${textToBytes(line)}\n${' '.repeat(prefix.length + pos - lineStart)}^\n`;
  }
  if (e.detail) m += `DETAIL:  ${textToBytes(e.detail)}\n`;
  if (e.hint) m += `HINT:  ${textToBytes(e.hint)}\n`;
  return m;
}

const LOST = 'server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.\n';

export function pgsqlLookup(o: ServerOptions): LookupType & { close(): Promise<void> } {
  const pools = new Map<string, { pool: pg.Pool; host: string; port: string; socket: boolean }>();
  const lib = () => driver<typeof pg>('pg');
  const watchdog = new QueryWatchdog(o.timeoutMs);

  function poolFor(server: string): ServerAnswer | { pool: pg.Pool; host: string; port: string; socket: boolean } {
    const cached = pools.get(server);
    if (cached) return cached;
    const sp = splitServer(server, 3);
    if ('incomplete' in sp) return { rc: 'defer', message: `incomplete pgSQL server data: ${sp.incomplete}`, stop: true };
    let host = sp.head;
    let port = '';
    let socket = false;
    if (host[0] === '(') {
      const path = host.slice(1, host.includes(')') ? host.indexOf(')') : host.length);
      const slash = path.lastIndexOf('/');
      const dot = path.lastIndexOf('.');
      if (slash < 0 || dot < 0) return { rc: 'defer', message: `PGSQL invalid filename for socket: ${path}`, stop: true };
      host = path.slice(0, slash);
      port = path.slice(dot + 1);
      socket = true;
    } else {
      const colon = host.indexOf(':');
      if (colon >= 0) { port = host.slice(colon + 1); host = host.slice(0, colon); }
      if (host.includes('/')) return { rc: 'defer', message: `unexpected slash in pgSQL server hostname: ${host}`, stop: true };
    }
    const [db, user, password] = sp.fields as [string, string, string];
    const pool = new (lib().Pool)({
      host: host || undefined,
      port: port ? Number(port) : 5432,
      database: db === '' ? undefined : bytesToText(db),
      user: bytesToText(user),
      password: bytesToText(password),
      max: o.poolSize,
      // every value as its text: on the pool, so that a query's own config stays small (pg copies it per query)
      types: rawText,
      connectionTimeoutMillis: o.timeoutMs,
      // the query timeout is the watchdog's: pg's own sets a timer per query
      idleTimeoutMillis: 10_000,
      allowExitOnIdle: true,
    });
    // an idle connection the server dropped: the pool discards it; the next lookup connects anew
    pool.on('error', () => undefined);
    // a connection that breaks while checked out (between connect and query) reports it through its query
    pool.on('connect', (client) => { client.on('error', () => undefined); });
    const entry = { pool, host: host || '/var/run/postgresql', port: port || '5432', socket };
    pools.set(server, entry);
    return entry;
  }

  /** the query on a pooled connection: callbacks, one promise (pg's own promises add steps to every lookup) */
  function perform(query: string, server: string): Promise<ServerAnswer> {
    const p = poolFor(server);
    if ('rc' in p) return Promise.resolve(p);
    return new Promise((resolve) => {
      p.pool.connect((e, client, release) => {
        if (e || !client) {
          resolve({ rc: 'defer', message: `PGSQL connection failed: ${connectMessage(e as NodeJS.ErrnoException, p.host, p.port, p.socket)}` });
          return;
        }
        const failed = (why: string): ServerAnswer => ({ rc: 'defer', message: `PGSQL: query failed: ${why} (PGRES_FATAL_ERROR) (${query})\n` });
        // a query that outlasts the timeout: its connection goes (pg-pool ends it), the lookup defers
        const watched = watchdog.start(() => { release(new Error('query timed out')); resolve(failed('query timed out\n')); });
        client.query({ text: bytesToText(query), rowMode: 'array' }, (err: Error | null, res: Result | Result[]) => {
          watchdog.done(watched);
          if (watched.expired) return;
          if (!err) {
            release();
            resolve(answer(res));
            return;
          }
          const serverSide = err instanceof lib().DatabaseError;
          // a broken connection goes; one that reported an SQL error stays in the pool
          release(serverSide ? undefined : err);
          resolve(failed(serverSide ? resultMessage(err as pg.DatabaseError, query) : LOST));
        });
      });
    });
  }

  /** the data of a result as Exim gives it */
  function answer(res: Result | Result[]): ServerAnswer {
    // several statements: libpq's PQexec keeps the last result
    const r = Array.isArray(res) ? res[res.length - 1]! : res;
    if (!r || r.fields.length === 0) {
      // a command without data: the number of rows it touched (PQcmdTuples), and no caching
      const n = r && r.rowCount !== null ? String(r.rowCount) : '';
      return { rc: 'ok', value: n, cache: 0 };
    }
    let out: string | null = null;
    const single = r.fields.length === 1;
    for (const row of r.rows) {
      if (out !== null) out += '\n';
      if (single) out = (out ?? '') + textToBytes((row[0] as string | null) ?? '');
      else {
        out ??= '';
        for (let j = 0; j < r.fields.length; j++) out += lfQuote(textToBytes(r.fields[j]!.name), textToBytes((row[j] as string | null) ?? ''));
      }
    }
    return out === null ? { rc: 'fail' } : { rc: 'ok', value: out };
  }

  const lists = new ServerLists();

  return {
    name: 'pgsql',
    kind: 'query',
    find: (_file, query, opts, env) =>
      sqlPerform('PostgreSQL', 'pgsql_servers', env.option?.('pgsql_servers'), query, opts, perform, lists),
    async close() {
      watchdog.close();
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((p) => p.pool.end().catch(() => undefined)));
    },
  };
}
