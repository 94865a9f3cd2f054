// -be / -bem: expansion test mode, printing exactly what `exim -be` prints.
import { fstatSync, readFileSync, writeSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { nodeNet, nodeV8 } from '../lang/util/builtins.js';
import { resolve } from 'node:path';
import { ExpandContext } from '../runtime/expand/context.js';
import { expandOnce, type ExpandResult } from '../runtime/expand/expand.js';
import { formatTod } from '../runtime/expand/tod.js';
import { receiveMessage } from '../runtime/message/receive.js';
import type { LoadedConfig, Macro } from '../config/read-main.js';
import { MacroError, MacroTable, builtinMacros } from '../grammar/config/macros.js';
import { standardLookups } from '../lookups/registry.js';
import { resolverFromOptions } from '../dns/from-options.js';
import { authServices } from '../runtime/auth/services.js';
import { memoryRatelimitStore, memorySeenStore } from '../runtime/ratelimit/memory-store.js';
import type { EximArgs } from './exim-args.js';
import { StdinReader } from './stdin-reader.js';
import { isSpaceCode } from '../lang/util/ctype.js';

const BIG_BUFFER = 16384;
const FGETS = 1024;
/** EXIM_DRIVERNAME_MAX: the longest macro name is one less */

/** Exim's get_stdinput(): fgets chunks of at most 1023 bytes, trailing space stripped, "\" continuations; undefined at the end */
export function stdinLine(stdin: { fgets(max: number): string | undefined }): string | undefined {
  let g: string | undefined;
  for (let i = 0; ; i++) {
    const buf = stdin.fgets(FGETS - 1);
    if (buf === undefined) return g;
    const nul = buf.indexOf('\0');
    let end = nul >= 0 ? nul : buf.length;
    while (end > 0 && isSpaceCode(buf.charCodeAt(end - 1))) end--;
    let p = buf.slice(0, end);
    if (i > 0) p = p.replace(/^[ \t\n\v\f\r]+/, '');
    g = g === undefined ? p : g + p;
    if (p === '' || !g.endsWith('\\')) return g;
    g = g.slice(0, -1);
  }
}

const isUpper = (c: string | undefined) => c !== undefined && c >= 'A' && c <= 'Z';

/** -be's macros: Exim's builtins, then -D, then the config file's, then those typed in. */
function beMacros(cfg: LoadedConfig, commandLine: Macro[]): MacroTable {
  const t = new MacroTable(builtinMacros(), commandLine);
  for (const m of cfg.macros) if (!commandLine.some((c) => c.name === m.name)) t.addUser({ ...m });
  return t;
}

/** Who runs us: Exim's originator_* and caller_* facts. */
export interface Caller {
  login: string;
  /** gecos name, with "&" replaced by the capitalised login */
  name: string;
  uid: number;
  gid: number;
}

function passwdEntry(match: (f: string[]) => boolean): string[] | undefined {
  try {
    for (const l of readFileSync('/etc/passwd', 'latin1').split('\n')) {
      const f = l.split(':');
      if (f.length >= 7 && match(f)) return f;
    }
  } catch { /* no passwd file */ }
  return undefined;
}

export function currentCaller(): Caller {
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  const pw = passwdEntry((f) => Number(f[2]) === uid);
  const login = pw?.[0] ?? userInfo().username;
  let name = (pw?.[4] ?? '');
  const amp = name.indexOf('&');
  if (amp >= 0) name = name.slice(0, amp) + login.charAt(0).toUpperCase() + login.slice(1) + name.slice(amp + 1);
  return { login, name, uid, gid };
}

/** exim_user / exim_group as numbers (Debian's default user is Debian-exim) */
function eximIds(cfg: LoadedConfig): { uid: number; gid: number } {
  const user = cfg.expand.options.get('exim_user') ?? 'Debian-exim';
  const pw = /^\d+$/.test(user) ? undefined : passwdEntry((f) => f[0] === user);
  const uid = /^\d+$/.test(user) ? Number(user) : Number(pw?.[2] ?? 0);
  const group = cfg.expand.options.get('exim_group');
  let gid = Number(pw?.[3] ?? 0);
  if (group !== undefined) {
    if (/^\d+$/.test(group)) gid = Number(group);
    else {
      try {
        const g = readFileSync('/etc/group', 'latin1').split('\n').map((l) => l.split(':')).find((f) => f[0] === group);
        if (g) gid = Number(g[2]);
      } catch { /* no group file */ }
    }
  }
  return { uid, gid };
}

/** host_address_extract_port(): "1.2.3.4.25", "[1.2.3.4]:25" or "::1.25" */
export function addressAndPort(s: string): { address: string; port: number } | null {
  let m = /^\[([^\]]*)\](?::(\d+))?$/.exec(s);
  if (m) return nodeNet().isIP(m[1]!) ? { address: m[1]!, port: Number(m[2] ?? 0) } : null;
  if (nodeNet().isIP(s)) {
    // a trailing ".digits" on an IPv4 address is a port when five parts are given
    if (nodeNet().isIP(s) === 4) return { address: s, port: 0 };
    m = /^(.*)\.(\d+)$/.exec(s);
    if (m && nodeNet().isIP(m[1]!) === 6) return { address: m[1]!, port: Number(m[2]) };
    return { address: s, port: 0 };
  }
  m = /^(.*)\.(\d+)$/.exec(s);
  if (m && nodeNet().isIP(m[1]!)) return { address: m[1]!, port: Number(m[2]) };
  return null;
}

export class BeFailure extends Error {
  constructor(message: string, readonly exitCode = 1) { super(message); }
}

/** The context of an `exim -be` run: caller, sender, -oM options, build facts. */
export function beContext(cfg: LoadedConfig, configFile: string, args?: Partial<EximArgs>, caller = currentCaller()): ExpandContext {
  const ctx = new ExpandContext(cfg.expand);
  ctx.lookups = standardLookups();
  // DNS: zone files only, named servers, or the system's resolvers
  ctx.services.dns = resolverFromOptions({ servers: args?.dnsServers, zones: args?.dnsZones, env: process.env });
  // SPF and DMARC ask the same DNS
  Object.assign(ctx.services, authServices(ctx.services.dns, { now: () => ctx.now(), tldFile: cfg.expand.options.get('dmarc_tld_file') }));
  // ratelimit and seen keep their data for this process (Exim's hints databases live in the spool)
  // microseconds matter to the rate arithmetic: the real clock is read with its fraction
  const clock = () => (ctx.now === realClock ? performance.timeOrigin + performance.now() : ctx.now().getTime());
  const realClock = ctx.now;
  ctx.services.ratelimit = memoryRatelimitStore(clock);
  ctx.services.seen = memorySeenStore(clock);
  const opts = cfg.expand.options;
  if (!opts.has('primary_hostname')) ctx.set('primary_hostname', hostname());
  const qualifySender = ctx.getVar('qualify_domain')!;
  ctx.set('config_file', configFile);
  ctx.set('config_dir', configFile.replace(/\/[^/]*$/, ''));
  ctx.set('initial_cwd', process.cwd());
  ctx.set('caller_uid', String(caller.uid)).set('caller_gid', String(caller.gid));
  ctx.set('originator_uid', String(caller.uid)).set('originator_gid', String(caller.gid));
  const ids = eximIds(cfg);
  ctx.set('exim_uid', String(ids.uid)).set('exim_gid', String(ids.gid));
  const oM = args?.oM ?? new Map<string, string>();

  // -oMa / -oMi: "exim abandoned" for something that is not an IP address
  const hostOpt = (v: string) => {
    const r = addressAndPort(v);
    if (!r) throw new BeFailure(`exim abandoned: "${v}" is not an IP address`);
    return r;
  };
  if (oM.has('a')) {
    const r = hostOpt(oM.get('a')!);
    ctx.set('sender_host_address', r.address).set('sender_host_port', String(r.port));
  }
  if (oM.has('i')) {
    const r = hostOpt(oM.get('i')!);
    ctx.setInterface(r.address, r.port);
  }
  if (oM.has('r')) ctx.set('received_protocol', oM.get('r')!);
  if (oM.has('s')) ctx.set('sender_host_name', oM.get('s')!, true);
  if (oM.has('aa')) ctx.set('sender_host_authenticated', oM.get('aa')!);
  if (oM.has('ai')) ctx.set('authenticated_id', oM.get('ai')!, true);
  if (oM.has('as')) ctx.set('authenticated_sender', oM.get('as')!, true);
  const ident = oM.has('t') ? oM.get('t')! : caller.login;
  if (ident !== '') ctx.set('sender_ident', ident);

  // sender: the caller, or -f (the -be caller is trusted: root or the Exim user)
  if (args?.sender === undefined) {
    if (!oM.has('as')) ctx.set('authenticated_sender', `${caller.login}@${qualifySender}`);
    if (!oM.has('ai')) ctx.set('authenticated_id', caller.login);
    ctx.setSender(`${caller.login}@${qualifySender}`, false);
  } else {
    const f = args.sender === '<>' ? '' : args.sender.replace(/^<(.*)>$/, '$1');
    ctx.setSender(f === '' || f.includes('@') ? f : `${f}@${qualifySender}`);
  }
  ctx.enableDollarRecipients = true;
  return ctx;
}

/** -bem FILE: read the message into the context; returns what Exim prints before the first prompt. */
export function loadTestMessage(ctx: ExpandContext, file: string, args: Partial<EximArgs>, caller = currentCaller()): string[] {
  // Exim has changed directory to "/" by now
  const path = resolve('/', file);
  let data: string;
  try {
    data = readFileSync(path).toString('latin1');
  } catch (e: any) {
    const why = e.code === 'ENOENT' ? 'No such file or directory' : e.code === 'EACCES' ? 'Permission denied'
      : e.code === 'EISDIR' ? 'Is a directory' : e.message;
    throw new BeFailure(`exim: failed to open ${file}: ${why}`);
  }
  const now = ctx.now();
  const qualify = ctx.getVar('qualify_domain')!;
  const visible = Number(ctx.config.options.get('message_body_visible') ?? 500);
  const m = receiveMessage(data, {
    dotEnds: args.dotEnds ?? true,
    senderAddress: ctx.getVar('sender_address')!,
    senderForced: args.sender !== undefined,
    trustedCaller: true,
    originatorLogin: caller.login,
    originatorName: args.sender === undefined ? caller.name : '',
    qualifyDomainSender: qualify,
    qualifyDomainRecipient: ctx.getVar('qualify_recipient') || qualify,
    primaryHostname: ctx.getVar('primary_hostname')!,
    messageBodyVisible: visible,
    todFull: formatTod('todf', now),
    now,
    pid: ctx.pid,
    fromLineSender: (match) => match[1] ?? null,
  });
  ctx.loadMessage(m);
  return m.notes;
}

/** Exim's log line prefix on stderr: "2024-01-01 12:00:00 " */
function logStamp(ctx: ExpandContext): string {
  return formatTod('todl', ctx.now()) + ' ';
}

export interface BeSession {
  ctx: ExpandContext;
  macros: MacroTable;
  /** config file and its line count, for "Exim configuration error in line N of FILE" */
  configFile: string;
  configLines: number;
  stderr: (s: string) => void;
}

/** The state of one -be run: context, macros, where errors go. */
export function beSession(cfg: LoadedConfig, configFile: string, args: Partial<EximArgs> = {},
  stderr: (s: string) => void = (s) => process.stderr.write(s), caller = currentCaller()): BeSession {
  return {
    ctx: beContext(cfg, configFile, args, caller),
    macros: beMacros(cfg, args.defines ?? []),
    configFile,
    configLines: configLineCount(configFile),
    stderr,
  };
}

/** One line of -be: what Exim prints for it (without the "> " prompt), undefined for nothing. */
export function beLine(line: string, session: BeSession): string | undefined | Promise<string> {
  let l = line.length >= BIG_BUFFER ? line.slice(0, BIG_BUFFER - 1) : line;
  l = session.macros.expand(l).line;
  if (isUpper(l[0])) {
    try {
      session.macros.define(l);
      return `Defined macro '${/^[A-Za-z0-9_]*/.exec(l)![0]}'`;
    } catch (e) {
      if (!(e instanceof MacroError)) throw e;
      const where = e.inLine ? ` in line ${session.configLines} of ${session.configFile}` : '';
      session.stderr(`${logStamp(session.ctx)}Exim configuration error${where}:\n  ${e.message}\n`);
      return undefined;
    }
  }
  // a bug of ours must not look like a crash of the tool
  const internal = (e: unknown) => `Failed: internal error: ${(e as Error).message}`;
  let r;
  try {
    r = expandOnce(l, session.ctx);
  } catch (e) {
    return internal(e);
  }
  return r instanceof Promise ? r.then(printable, internal) : printable(r);
}

/** what -be prints for a result: the value up to a NUL (printf %s), or the failure */
function printable(r: ExpandResult): string {
  if (r.ok) {
    const nul = r.value.indexOf('\0');
    return nul >= 0 ? r.value.slice(0, nul) : r.value;
  }
  return `Failed: ${r.error.message}`;
}

function configLineCount(file: string): number {
  if (!file) return 0;
  try {
    const t = readFileSync(file, 'latin1');
    return t.split('\n').length - (t.endsWith('\n') ? 1 : 0);
  } catch {
    return 0;
  }
}

export async function runBe(cfg: LoadedConfig, configFile: string, rest: string[], args: Partial<EximArgs> = {}): Promise<number> {
  const out = new OutputBuffer(1);
  const write = (s: string) => out.write(s);
  let session: BeSession;
  try {
    const caller = currentCaller();
    session = beSession(cfg, configFile, args, (s) => { out.flush(); writeAll(2, Buffer.from(s, 'latin1')); }, caller);
    if (args.messageFile !== undefined) {
      for (const n of loadTestMessage(session.ctx, args.messageFile, args, caller)) { write(n); write('\n'); }
    }
  } catch (e) {
    if (e instanceof BeFailure) {
      out.flush();
      process.stderr.write(e.message + '\n');
      return e.exitCode;
    }
    throw e;
  }
  if (rest.length) {
    for (const a of rest) {
      let r = beLine(Buffer.from(a, 'utf8').toString('latin1'), session);
      if (r instanceof Promise) r = await r;
      if (r !== undefined) { write(r); write('\n'); }
    }
  } else {
    // answers go out before each read that may wait: -be works at a terminal and under a driving program
    const stdin = new StdinReader(0, () => out.flush());
    const restore = smallNurseryForBigInput();
    write('> ');
    for (let wait; (wait = answerLines(stdin, session, out)) !== undefined;) {
      const r = await wait;
      write(r === undefined ? '> ' : r + '\n> ');
    }
    write('\n');
    restore();
  }
  out.flush();
  return 0;
}

/**
 * A big file on stdin makes -be a long batch run, whose garbage dies young:
 * V8's young generation then stays at its first size (1 MB halves) instead
 * of growing to 16 MB ones. Its pages stay in the CPU's caches and none is
 * faulted in anew (the bench file: about 3% faster). A pipe or terminal
 * keeps V8's default. Undone after the run: the code cache is checked
 * against V8's flags, and a plain run must accept the one this run writes.
 */
function smallNurseryForBigInput(): () => void {
  let big = false;
  try {
    const st = fstatSync(0);
    big = st.isFile() && st.size > 1 << 18;
  } catch { /* no stdin: nothing to tune */ }
  if (!big) return () => {};
  const v8 = nodeV8();
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  return () => v8.setFlagsFromString('--semi-space-growth-factor=2');
}

/**
 * Answers lines until the input ends (undefined) or an answer has to be
 * waited for (its promise). A plain loop, not one in the async runBe():
 * V8 optimises it like any other.
 */
function answerLines(stdin: StdinReader, session: BeSession, out: OutputBuffer): Promise<string | undefined> | undefined {
  for (let line = stdinLine(stdin); line !== undefined; line = stdinLine(stdin)) {
    const r = beLine(line, session);
    if (r instanceof Promise) return r;
    out.write(r === undefined ? '> ' : r + '\n> ');
  }
  return undefined;
}

/**
 * Output gathered into large writes. Answers are joined as a string (V8
 * only links the pieces) and copied out as bytes every few kilobytes: one
 * call into Node per batch, not per line, and no string outlives its batch.
 */
class OutputBuffer {
  private static readonly BATCH = 16384;
  private readonly buf = Buffer.allocUnsafe(4 * OutputBuffer.BATCH);
  private pending = '';
  constructor(private readonly fd: number) {}

  /** a byte string (one char per byte) */
  write(s: string): void {
    this.pending += s;
    if (this.pending.length >= OutputBuffer.BATCH) this.flush();
  }

  flush(): void {
    const s = this.pending;
    if (s === '') return;
    this.pending = '';
    if (s.length > this.buf.length) { writeAll(this.fd, Buffer.from(s, 'latin1')); return; }
    writeAll(this.fd, this.buf.subarray(0, this.buf.write(s, 0, 'latin1')));
  }
}

function writeAll(fd: number, buf: Buffer): void {
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e: any) {
      if (e.code === 'EAGAIN') continue;
      if (e.code === 'EPIPE') return;
      throw e;
    }
  }
}
