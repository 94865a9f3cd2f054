// ${readsocket{<socket>}{<request>}{<timeout and options>}{<eol>}{<fail string>}}:
// send a request to a Unix or TCP socket and read the answer up to EOF.
// The I/O is asynchronous (a Promise through ev.io).
import type { Socket } from 'node:net';
import { nodeDns, nodeNet, nodeTls } from '../util/builtins.js';
import { readFileSync } from 'node:fs';
import { ExpandError, type Expr, type ItemEntry } from '../expand-api.js';
import { ListReader } from '../util/list.js';
import { ipType } from '../util/ip.js';
import { readTime } from '../util/time.js';
import { strtoll } from '../util/integer.js';
import { strerror } from '../util/strerror.js';
import { catFile } from './readfile.js';
import { cstr, isDigit } from './common.js';

interface SockOptions { timeout: number; shutdown: boolean; tls: boolean; eol?: string; send: boolean }

/** readsock_find()'s options: timeout=, shutdown=, tls=, eol=, send=no */
function readOptions(opts: string[]): SockOptions {
  const o: SockOptions = { timeout: 5, shutdown: true, tls: false, send: true };
  for (const s of opts) {
    if (s.startsWith('timeout=')) o.timeout = readTime(s.slice(8));
    else if (s.startsWith('shutdown=')) o.shutdown = s.slice(9) !== 'no';
    else if (s.startsWith('tls=') && s.slice(4) !== 'no') o.tls = true;
    else if (s.startsWith('eol=')) o.eol = s.slice(4);
    else if (s === 'send=no') o.send = false;
  }
  return o;
}

/** getservbyname(name, "tcp") from /etc/services */
function servicePort(name: string): number | undefined {
  let text: string;
  try {
    text = readFileSync('/etc/services', 'latin1');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const f = line.replace(/#.*/, '').trim().split(/\s+/);
    if (f.length < 2) continue;
    const m = /^(\d+)\/tcp$/.exec(f[1]!);
    if (m && (f[0] === name || f.slice(2).includes(name))) return Number(m[1]);
  }
  return undefined;
}

type Outcome = { ok: true; data: string } | { ok: false; message: string; log?: string };

function withTimeout<T>(p: Promise<T>, secs: number, onTimeout: () => T): Promise<T> {
  if (secs <= 0) return p;
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => resolve(onTimeout()), secs * 1000);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}

function connectOnce(opts: { path: string } | { host: string; port: number }, secs: number): Promise<Socket | string> {
  return new Promise((resolve) => {
    const sock = nodeNet().connect(opts as any);
    let done = false;
    const t = secs > 0 ? setTimeout(() => {
      if (done) return;
      done = true;
      sock.destroy();
      resolve('ETIMEDOUT');
    }, secs * 1000) : undefined;
    sock.once('connect', () => { if (!done) { done = true; clearTimeout(t); resolve(sock); } });
    sock.once('error', (e: NodeJS.ErrnoException) => {
      if (!done) { done = true; clearTimeout(t); resolve(e.code ?? 'ECONNREFUSED'); }
    });
  });
}

/** the host and port of an inet: socket, or the failure (known without any I/O but /etc/services) */
function inetTarget(spec: string): { host: string; port: number } | Outcome {
  const server = spec.slice(5);
  const colon = server.lastIndexOf(':');
  // these failures leave Exim's message empty
  if (colon < 0) return { ok: false, message: '' };
  const host = server.slice(0, colon);
  const portName = server.slice(colon + 1);
  let port: number;
  if (isDigit(portName[0])) {
    const r = strtoll(portName, 0, 0);
    if (r.end !== portName.length) return { ok: false, message: '' };
    port = Number(BigInt.asIntN(32, r.value));
  } else {
    const p = servicePort(portName);
    if (p === undefined) return { ok: false, message: '' };
    port = p;
  }
  return { host, port };
}

/** internal_readsock_open() + readsock_find() */
function readSocket(spec: string, request: string, o: SockOptions): Outcome | Promise<Outcome> {
  if (spec.startsWith('inet:')) {
    const t = inetTarget(spec);
    if ('ok' in t) return t;
  }
  return readSocketAsync(spec, request, o);
}

async function readSocketAsync(spec: string, request: string, o: SockOptions): Promise<Outcome> {
  let sock: Socket;
  if (spec.startsWith('inet:')) {
    const { host, port } = inetTarget(spec) as { host: string; port: number };
    let addresses: string[];
    if (host.startsWith('[') && host.endsWith(']')) {
      const inner = host.slice(1, -1);
      if (ipType(inner) === 0) return { ok: false, message: `malformed IP address "${host}"` };
      addresses = [inner];
    } else if (ipType(host) !== 0) {
      addresses = [host];
    } else {
      try {
        addresses = (await nodeDns().lookup(host, { all: true })).map((a) => a.address);
      } catch {
        addresses = [];
      }
      if (addresses.length === 0) {
        const m = `no IP address found for host ${host}`;
        return { ok: false, message: m, log: m };
      }
    }
    let last = 'ECONNREFUSED';
    let found: Socket | undefined;
    for (const a of addresses) {
      const r = await connectOnce({ host: a.replace(/%.*/, ''), port }, o.timeout);
      if (typeof r !== 'string') { found = r; break; }
      last = r;
    }
    if (!found) return { ok: false, message: `failed to connect to any address for ${host}: ${strerror(last)}` };
    sock = found;
  } else {
    const r = await connectOnce({ path: spec.slice(0, 107) }, o.timeout);
    if (r === 'ETIMEDOUT') return { ok: false, message: 'socket connect timed out' };
    if (typeof r === 'string') return { ok: false, message: `failed to connect to socket ${spec}: ${strerror(r)}` };
    sock = r;
  }
  let stream: Socket = sock;
  if (o.tls) {
    try {
      stream = await new Promise<Socket>((resolve, reject) => {
        const t = nodeTls().connect({ socket: sock, rejectUnauthorized: false }, () => resolve(t));
        t.once('error', reject);
      });
    } catch (e) {
      sock.destroy();
      return { ok: false, message: `TLS connect failed: ${(e as Error).message}` };
    }
  }
  const reading = new Promise<Outcome>((resolve) => {
    const chunks: Buffer[] = [];
    stream.on('data', (b: Buffer) => chunks.push(b));
    const finish = () => resolve({ ok: true, data: catFile(Buffer.concat(chunks).toString('latin1'), o.eol) });
    stream.once('end', finish);
    // read errors end the data, as with fgets()
    stream.once('error', finish);
  });
  if (o.send && request.length) stream.write(Buffer.from(request, 'latin1'));
  if (!o.tls && o.shutdown) stream.end();
  const r = await withTimeout(reading, o.timeout, () => ({ ok: false, message: 'socket read timed out' }) as Outcome);
  stream.destroy();
  return r;
}

export const readsocketItem: ItemEntry = {
  name: 'readsocket',
  doc: '${readsocket{<socket>}{<request>}{<timeout,options>}{<eol>}{<fail string>}}: the answer of a Unix or inet:host:port socket',
  parse(p, name) {
    const args = p.readSubs(4, 2, false, name);
    let fail: Expr | undefined;
    if (p.peek() === '{') {
      fail = p.arg();
      p.skipWs();
    }
    if (!p.take('}')) p.curly("missing '}' closing readsocket");
    return { args, data: { fail } };
  },
  run(node, ev) {
    const spec = cstr(ev.str(node.args[0]));
    const specTainted = ev.tainted;
    let request = cstr(ev.str(node.args[1]));
    const optArg = node.args[2] ? ev.str(node.args[2]) : undefined;
    const eolArg = node.args[3] ? cstr(ev.str(node.args[3])) : undefined;
    const options: string[] = [];
    if (request === '') { options.push('send=no'); request = 'DUMMY'; }
    if (optArg !== undefined) {
      // the first item is the timeout, the rest are options as they are
      const r = new ListReader(optArg);
      const first = r.next();
      if (first !== undefined) options.push(`timeout=${first}`);
      for (let x = r.next(); x !== undefined; x = r.next()) options.push(x);
      if (eolArg) options.push(`eol=${eolArg}`);
    }
    const ctx = ev.ctx;
    const out: Outcome = ev.io(() => {
      if (specTainted) {
        ctx.logWrite?.(`Tainted filename for search: '${spec}'`);
        return { ok: false, message: '(null)' } as Outcome;
      }
      return readSocket(spec, request, readOptions(options));
    });
    if (out.ok) return out.data;
    if (out.log) ctx.logWrite?.(out.log);
    if (node.data.fail) return ev.str(node.data.fail);
    throw new ExpandError(out.message);
  },
};
