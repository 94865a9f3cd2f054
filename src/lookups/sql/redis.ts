// The redis lookup (Exim's lookups/redis.c) on ioredis: servers
// "host[:port][(socket)]/db/password", the command split at white space
// (backslash protects the next character), replies formatted as Exim does
// (integers true/false, nil as an empty string, arrays one element a line).
import type { Redis as RedisClient, ReplyError as ReplyErrorClass } from 'ioredis';
import { driver } from './driver.js';

type IoRedis = { Redis: typeof RedisClient; ReplyError: typeof ReplyErrorClass };
const ioredis = () => driver<IoRedis>('ioredis');
import type { LookupType } from '../../lang/lookups/types.js';
import { ServerLists, sqlPerform, splitServer, type ServerAnswer } from './perform.js';
import type { ServerOptions } from './options.js';
import { QueryWatchdog } from './watchdog.js';
import { isSpace } from '../../lang/util/ctype.js';

/** the words of a command, as Exim splits it (at most 32) */
export function redisArgv(command: string): string[] {
  const argv: string[] = [];
  let i = 0;
  while (isSpace(command[i])) i++;
  while (i < command.length && argv.length < 32) {
    const start = i;
    while (i < command.length && !isSpace(command[i]) && command[i] !== '\\') i++;
    let w = command.slice(start, i);
    // a backslash protects the next character: the rest of the word goes character by character
    for (; i < command.length && !isSpace(command[i]); i++) {
      if (command[i] === '\\') {
        if (++i >= command.length) break;
      }
      w += command[i];
    }
    argv.push(w);
    while (isSpace(command[i])) i++;
  }
  return argv;
}

/** ASCII words go as strings (one write for the command); others as their bytes */
function wireArg(a: string): string | Buffer {
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) > 0x7f) return Buffer.from(a, 'latin1');
  return a;
}

type Reply = Buffer | string | number | null | Reply[];

/** Exim's "%d" of a reply integer: the low 32 bits, signed */
const int32 = (n: number | string) => String(Number(BigInt.asIntN(32, BigInt(n))));
const text = (r: Buffer | string) => (typeof r === 'string' ? r : r.toString('latin1'));

/** the data of a reply: undefined for "not found" (an empty array) */
export function formatRedisReply(reply: Reply): { value: string | undefined; cache?: number } {
  if (reply === null) return { value: '', cache: 0 };
  if (typeof reply === 'number') return { value: reply !== 0 ? 'true' : 'false' };
  if (!Array.isArray(reply)) return { value: text(reply) };
  let out: string | null = null;
  // one level of nesting; deeper arrays and nils add nothing but their newline
  const add = (e: Reply, nested: boolean) => {
    if (out !== null) out += '\n';
    if (typeof e === 'number') out = (out ?? '') + int32(e);
    else if (e !== null && !Array.isArray(e)) out = (out ?? '') + text(e);
    else if (Array.isArray(e) && !nested) for (const t of e) add(t, true);
  };
  for (const e of reply) add(e, false);
  return { value: out ?? undefined };
}

export function redisLookup(o: ServerOptions): LookupType & { close(): Promise<void> } {
  const clients = new Map<string, RedisClient>();
  const lastErrors = new WeakMap<RedisClient, Error>();
  /** commands out on each client: its connection keeps the process alive only while there are any */
  const inFlight = new Map<RedisClient, number>();
  const watchdog = new QueryWatchdog(o.timeoutMs);

  function clientFor(server: string): ServerAnswer | RedisClient {
    const cached = clients.get(server);
    if (cached && cached.status !== 'end' && cached.status !== 'close') return cached;
    if (cached) clients.delete(server);
    const sp = splitServer(server, 2);
    if ('incomplete' in sp) return { rc: 'defer', message: `incomplete Redis server data: ${sp.incomplete}`, stop: true };
    let host = sp.head;
    let socket: string | undefined;
    const par = host.indexOf('(');
    if (par >= 0) {
      const end = host.indexOf(')', par);
      socket = host.slice(par + 1, end < 0 ? host.length : end);
      host = host.slice(0, par);
    }
    let port = 6379;
    const colon = host.indexOf(':');
    if (colon >= 0) { port = parseInt(host.slice(colon + 1), 10) || 0; host = host.slice(0, colon); }
    if (host.includes('/')) return { rc: 'defer', message: `unexpected slash in Redis server hostname: ${host}`, stop: true };
    const [db, password] = sp.fields as [string, string];
    const c = new (ioredis().Redis)({
      ...(socket ? { path: socket } : { host, port }),
      ...(password ? { password } : {}),
      ...(db ? { db: Number(db) || 0 } : {}),
      lazyConnect: true,
      // a lookup must defer at once when the server is away, not wait in a queue
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: o.timeoutMs,
      // the command timeout is the watchdog's: ioredis's own sets a timer per command
    });
    // the connection's own error (refused, AUTH refused) is told through this event
    c.on('error', (e: Error) => { lastErrors.set(c, e); });
    clients.set(server, c);
    return c;
  }

  function perform(command: string, server: string): Promise<ServerAnswer> {
    const c = clientFor(server);
    if ('rc' in c) return Promise.resolve(c);
    if (c.status !== 'wait') return send(c, command, server);
    return c.connect().then(() => send(c, command, server), (thrown: unknown): ServerAnswer => {
      const e = lastErrors.get(c) ?? thrown;
      clients.delete(server);
      c.disconnect();
      // a refused AUTH: Exim goes on, and the command itself is refused
      if (e instanceof ioredis().ReplyError) return { rc: 'defer', message: 'REDIS: lookup result failed: NOAUTH Authentication required.\n', stop: true };
      return { rc: 'defer', message: `REDIS: query failed: ${connectErrno(e as NodeJS.ErrnoException)}\n` };
    });
  }

  /** the command on a connected client (promise steps, not an async function: fewer suspensions per lookup) */
  function send(c: RedisClient, command: string, server: string): Promise<ServerAnswer> {
    const argv = redisArgv(command);
    // the connection keeps the process alive only while commands are out
    const socket = (c as unknown as { stream?: { ref?(): void; unref?(): void } }).stream;
    const out = inFlight.get(c) ?? 0;
    inFlight.set(c, out + 1);
    if (out === 0) socket?.ref?.();
    const done = () => {
      const n = (inFlight.get(c) ?? 1) - 1;
      if (n > 0) { inFlight.set(c, n); return; }
      inFlight.delete(c);
      socket?.unref?.();
    };
    // a command that outlasts the timeout: the connection goes, and with it the command
    const watched = watchdog.start(() => {
      lastErrors.set(c, Object.assign(new Error('Command timed out'), { code: 'ETIMEDOUT' }));
      c.disconnect();
    });
    const failed = (e: unknown): ServerAnswer => {
      watchdog.done(watched);
      done();
      if (e instanceof ioredis().ReplyError) {
        const msg = (e as Error).message;
        // MOVED: try the next server; another error reply stops the list
        return { rc: 'defer', message: `REDIS: lookup result failed: ${msg}\n`, stop: !msg.startsWith('MOVED') };
      }
      clients.delete(server);
      c.disconnect();
      return { rc: 'defer', message: `REDIS: query failed: ${connectErrno((lastErrors.get(c) ?? e) as NodeJS.ErrnoException)}\n` };
    };
    let sent: Promise<unknown>;
    try {
      const args: (string | Buffer)[] = [];
      for (let k = 1; k < argv.length; k++) args.push(wireArg(argv[k]!));
      sent = c.callBuffer(argv[0] ?? '', ...args);
    } catch (e) {
      return Promise.resolve(failed(e));
    }
    return sent.then((reply): ServerAnswer => {
      watchdog.done(watched);
      done();
      const r = formatRedisReply(reply as Reply);
      return r.value === undefined ? { rc: 'fail', cache: r.cache } : { rc: 'ok', value: r.value, cache: r.cache };
    }, failed);
  }

  const lists = new ServerLists();

  return {
    name: 'redis',
    kind: 'query',
    find: (_file, command, opts, env) =>
      sqlPerform('Redis', 'redis_servers', env.option?.('redis_servers'), command, opts, perform, lists),
    async close() {
      watchdog.close();
      for (const c of clients.values()) c.disconnect();
      clients.clear();
    },
  };
}

/** hiredis's errstr for a failed connection or a broken one */
function connectErrno(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ECONNREFUSED': return 'Connection refused';
    case 'ECONNRESET': return 'Connection reset by peer';
    case 'ENOENT': return 'No such file or directory';
    default: return /timed? ?out/i.test(e.message) ? 'Connection timed out' : 'Server closed the connection';
  }
}
