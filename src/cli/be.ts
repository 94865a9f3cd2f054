// -be: expansion test mode, printing exactly what `exim -be` prints.
import { readFileSync } from 'node:fs';
import { ExpandContext } from '../runtime/expand/context.js';
import { expandString } from '../runtime/expand/expand.js';
import { substituteMacros, type LoadedConfig } from '../config/read-main.js';

const BIG_BUFFER = 16384;
const FGETS = 1024;

/** Exim's get_stdinput(): fgets chunks of at most 1023 bytes, trailing space stripped, "\" continuations. */
export function* stdinLines(input: string): Generator<string> {
  let pos = 0;
  const fgets = (): string | undefined => {
    if (pos >= input.length) return undefined;
    const nl = input.indexOf('\n', pos);
    const end = Math.min(nl < 0 ? input.length : nl + 1, pos + FGETS - 1);
    const chunk = input.slice(pos, end);
    pos = end;
    return chunk;
  };
  for (;;) {
    let g: string | undefined;
    let had = false;
    for (let i = 0; ; i++) {
      const buf = fgets();
      if (buf === undefined) break;
      had = true;
      let p = buf.indexOf('\0') >= 0 ? buf.slice(0, buf.indexOf('\0')) : buf;
      p = p.replace(/[ \t\n\v\f\r]+$/, '');
      if (i > 0) p = p.replace(/^[ \t\n\v\f\r]+/, '');
      g = (g ?? '') + p;
      if (p === '' || !g.endsWith('\\')) break;
      g = g.slice(0, -1);
    }
    if (!had) return;
    yield g ?? '';
  }
}

export function beContext(cfg: LoadedConfig, configFile: string): ExpandContext {
  const ctx = new ExpandContext(cfg.expand);
  const opts = cfg.expand.options;
  const primary = opts.get('primary_hostname') ?? 'localhost';
  const qualify = opts.get('qualify_domain') ?? primary;
  ctx.set('primary_hostname', primary);
  ctx.set('qualify_domain', qualify);
  ctx.set('qualify_recipient', opts.get('qualify_recipient') ?? qualify);
  ctx.set('config_file', configFile);
  ctx.set('config_dir', configFile.replace(/\/[^/]*$/, '') || '/');
  ctx.set('version_number', '4.96');
  ctx.set('exim_version', '4.96');
  ctx.set('compile_number', '2');
  ctx.set('exim_path', '/usr/sbin/exim4');
  const caller = process.env.USER ?? 'root';
  ctx.set('sender_address', `${caller}@${qualify}`);
  ctx.set('authenticated_id', caller);
  if (opts.has('spool_directory')) ctx.set('spool_directory', opts.get('spool_directory')!);
  return ctx;
}

/** One line of -be: what Exim prints for it (without the "> " prompt). */
export function beLine(line: string, ctx: ExpandContext, cfg: LoadedConfig): string | undefined {
  let l = line.length >= BIG_BUFFER ? line.slice(0, BIG_BUFFER - 1) : line;
  l = substituteMacros(l, cfg.macros);
  if (/^[A-Z]/.test(l)) {
    const m = /^([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(l);
    if (!m) { process.stderr.write('exim: malformed macro definition\n'); return undefined; }
    cfg.macros.push({ name: m[1]!, value: m[2]! });
    return `Defined macro '${m[1]}'`;
  }
  let r;
  try {
    r = expandString(l, ctx);
  } catch (e) {
    // a bug of ours must not look like a crash of the tool
    return `Failed: internal error: ${(e as Error).message}`;
  }
  if (r.ok) {
    const nul = r.value.indexOf('\0');
    return nul >= 0 ? r.value.slice(0, nul) : r.value;
  }
  return `Failed: ${r.error.message}`;
}

export function runBe(cfg: LoadedConfig, configFile: string, args: string[]): number {
  const ctx = beContext(cfg, configFile);
  const out: string[] = [];
  const write = (s: string) => out.push(s);
  if (args.length) {
    for (const a of args) {
      const r = beLine(Buffer.from(a, 'utf8').toString('latin1'), ctx, cfg);
      if (r !== undefined) write(r + '\n');
    }
  } else {
    const input = readFileSync(0).toString('latin1');
    write('> ');
    for (const line of stdinLines(input)) {
      const r = beLine(line, ctx, cfg);
      if (r !== undefined) write(r + '\n');
      write('> ');
      if (out.length > 4096) flush(out);
    }
    write('\n');
  }
  flush(out);
  return 0;
}

function flush(out: string[]): void {
  if (!out.length) return;
  const buf = Buffer.from(out.join(''), 'latin1');
  out.length = 0;
  let off = 0;
  while (off < buf.length) {
    try {
      off += require_writeSync(1, buf, off);
    } catch (e: any) {
      if (e.code === 'EAGAIN') continue;
      if (e.code === 'EPIPE') return;
      throw e;
    }
  }
}

import { writeSync } from 'node:fs';
function require_writeSync(fd: number, buf: Buffer, off: number): number {
  return writeSync(fd, buf, off);
}
