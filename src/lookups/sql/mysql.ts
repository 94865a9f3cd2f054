// The mysql lookup (Exim's lookups/mysql.c) on mysql2: servers
// "host[:port][(socket)][[group]]/db/user/password", one pool per server kept
// across lookups, results formatted as Exim formats them.
import type mysql from 'mysql2';
import { driver } from './driver.js';
import type { LookupType } from '../../lang/lookups/types.js';
import { lfQuote, ServerLists, sqlPerform, splitServer, bytesToText, textToBytes, type ServerAnswer } from './perform.js';
import type { ServerOptions } from './options.js';
import { QueryWatchdog } from './watchdog.js';

type Cell = Buffer | null;

/** what libmariadb says when a connection fails or breaks */
function connectMessage(e: NodeJS.ErrnoException & { sqlMessage?: string }, host: string): string {
  if (e.sqlMessage) return textToBytes(e.sqlMessage);
  // Exim's client connects non-blocking: the errno it reports for a refused connection is EINPROGRESS
  if (e.code === 'ECONNREFUSED' || e.code === 'ETIMEDOUT' || e.code === 'EHOSTUNREACH') return `Can't connect to server on '${host}' (115)`;
  if (e.code === 'ENOENT') return `Can't connect to local server through socket '${host}' (2)`;
  return textToBytes(e.message);
}

export function mysqlLookup(o: ServerOptions): LookupType & { close(): Promise<void> } {
  const pools = new Map<string, { pool: mysql.Pool; host: string }>();
  const watchdog = new QueryWatchdog(o.timeoutMs);

  function poolFor(server: string): ServerAnswer | { pool: mysql.Pool; host: string } {
    const cached = pools.get(server);
    if (cached) return cached;
    const sp = splitServer(server, 3);
    if ('incomplete' in sp) return { rc: 'defer', message: `incomplete MySQL server data: ${sp.incomplete}`, stop: true };
    let host = sp.head;
    let socket: string | undefined;
    let port = 0;
    const br = host.indexOf('[');
    if (br >= 0) host = host.slice(0, br); // the option-file group: no option files here
    const par = host.indexOf('(');
    if (par >= 0) {
      const end = host.indexOf(')', par);
      socket = host.slice(par + 1, end < 0 ? host.length : end);
      host = host.slice(0, par);
    }
    const colon = host.indexOf(':');
    if (colon >= 0) { port = parseInt(host.slice(colon + 1), 10) || 0; host = host.slice(0, colon); }
    if (host.includes('/')) return { rc: 'defer', message: `unexpected slash in MySQL server hostname: ${host}`, stop: true };
    const [db, user, password] = sp.fields as [string, string, string];
    const pool = driver<typeof mysql>('mysql2').createPool({
      host: host || 'localhost',
      port: port || 3306,
      ...(socket ? { socketPath: socket } : {}),
      user: bytesToText(user),
      password: bytesToText(password),
      database: db === '' ? undefined : bytesToText(db),
      connectionLimit: o.poolSize,
      connectTimeout: o.timeoutMs,
      // as libmysqlclient: affected rows count changed rows; CLIENT_MULTI_RESULTS for procedures
      flags: ['-FOUND_ROWS', 'MULTI_RESULTS'],
      charset: 'UTF8MB4_GENERAL_CI',
      typeCast: false,
      rowsAsArray: true,
      maxIdle: o.poolSize,
      idleTimeout: 10_000,
    });
    const entry = { pool, host: socket ?? (host || 'localhost') };
    pools.set(server, entry);
    return entry;
  }

  /**
   * The query on a pooled connection: mysql2's callback API under one promise
   * (its promise wrapper captures a stack trace per call), timed by the
   * watchdog (mysql2's per-query timeout needs an options object and a timer
   * per query).
   */
  function perform(query: string, server: string): Promise<ServerAnswer> {
    const p = poolFor(server);
    if ('rc' in p) return Promise.resolve(p);
    return new Promise((resolve) => {
      p.pool.getConnection((e, conn) => {
        if (e) {
          resolve({ rc: 'defer', message: `MYSQL connection failed: ${connectMessage(e as NodeJS.ErrnoException, p.host)}` });
          return;
        }
        // an idle pooled connection must not keep the process alive; one in use must
        const socket = (conn as unknown as { stream?: { ref?(): void; unref?(): void } }).stream;
        socket?.ref?.();
        let settled = false;
        const failed = (err: NodeJS.ErrnoException & { sqlMessage?: string; fatal?: boolean }) => {
          settled = true;
          socket?.unref?.();
          // a broken connection goes; one that reported an SQL error goes back to the pool
          if (err.sqlMessage && !err.fatal) conn.release();
          else conn.destroy();
          const why = err.sqlMessage ? textToBytes(err.sqlMessage)
            : err.code === 'PROTOCOL_SEQUENCE_TIMEOUT' ? 'Read timeout' : 'Lost connection to server during query';
          resolve({ rc: 'defer', message: `MYSQL: query failed: ${why}\n` });
        };
        const watched = watchdog.start(() => failed({ name: 'Error', message: 'Query inactivity timeout', code: 'PROTOCOL_SEQUENCE_TIMEOUT' }));
        conn.query(bytesToText(query), (err, rows, fields) => {
          watchdog.done(watched);
          if (settled) return;
          if (err) { failed(err); return; }
          settled = true;
          socket?.unref?.();
          conn.release();
          resolve(answer(rows, fields));
        });
      });
    });
  }

  /** the data of a result as Exim gives it */
  function answer(rows: unknown, fields: unknown): ServerAnswer {
    // CALL gives several result sets: Exim reads the first
    if (Array.isArray(fields) && Array.isArray(fields[0])) {
      rows = (rows as unknown[])[0];
      fields = fields[0];
    }
    if (!Array.isArray(rows) || !Array.isArray(fields)) {
      // a statement without data: the number of rows it changed, and no caching
      return { rc: 'ok', value: String((rows as { affectedRows?: number }).affectedRows ?? 0), cache: 0 };
    }
    const names = (fields as { name: string }[]).map((f) => textToBytes(f.name));
    let out: string | null = null;
    for (const row of rows as Cell[][]) {
      if (out !== null) out += '\n';
      if (names.length !== 1) {
        out ??= '';
        for (let i = 0; i < names.length; i++) out += lfQuote(names[i]!, row[i] ? row[i]!.toString('latin1') : null);
      } else if (row[0] !== null && row[0] !== undefined) {
        // a NULL single value adds nothing
        out = (out ?? '') + row[0].toString('latin1');
      }
    }
    return out === null ? { rc: 'fail' } : { rc: 'ok', value: out };
  }

  const lists = new ServerLists();

  return {
    name: 'mysql',
    kind: 'query',
    find: (_file, query, opts, env) =>
      sqlPerform('MySQL', 'mysql_servers', env.option?.('mysql_servers'), query, opts, perform, lists),
    async close() {
      watchdog.close();
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((p) => new Promise<void>((resolve) => { p.pool.end(() => resolve()); })));
    },
  };
}
