// ${readfile{<file>}{<eol>}}: the contents of a file, newlines optionally replaced.
import { closeSync, openSync, readSync } from 'node:fs';
import { ExpandError, type ItemEntry } from '../expand-api.js';
import { strerror } from '../util/strerror.js';
import { cstr } from './common.js';

/** cat_file(): the text as Exim's fgets() loop joins it (NUL ends each 1023-byte chunk) */
export function catFile(data: string, eol: string | undefined): string {
  let out = '';
  let pos = 0;
  while (pos < data.length) {
    const nl = data.indexOf('\n', pos);
    const end = Math.min(nl < 0 ? data.length : nl + 1, pos + 1023);
    let chunk = cstr(data.slice(pos, end));
    pos = end;
    if (eol !== undefined && chunk.endsWith('\n')) chunk = chunk.slice(0, -1) + eol;
    out += chunk;
  }
  return out;
}

/** "failed to open <what>: <strerror>" as string_open_failed() words it */
export function openFailed(what: string, code: string): string {
  let m = `failed to open ${what}: ${strerror(code)}`;
  if (code === 'EACCES') m += ` (euid=${process.geteuid?.() ?? 0} egid=${process.getegid?.() ?? 0})`;
  return m;
}

/** fopen()+read of a whole file; a directory opens but reads nothing */
export function readWhole(path: string): { data?: string; code?: string } {
  let fd: number;
  try {
    fd = openSync(Buffer.from(path, 'latin1'), 'r');
  } catch (e) {
    return { code: (e as { code?: string }).code ?? 'EIO' };
  }
  const chunks: Buffer[] = [];
  try {
    const buf = Buffer.alloc(65536);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n <= 0) break;
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
  } catch {
    // a read error ends the file, as fgets() returning NULL does
  } finally {
    closeSync(fd);
  }
  return { data: Buffer.concat(chunks).toString('latin1') };
}

export const readfileItem: ItemEntry = {
  name: 'readfile',
  doc: '${readfile{<file>}{<eol>}}: the file\'s contents; each newline replaced by <eol> when given',
  asRead: true,
  parse(p, name) {
    return { args: p.readSubs(2, 1, true, name) };
  },
  run(node, ev) {
    const file = cstr(ev.str(node.args[0]));
    const tainted = ev.tainted;
    const eol = node.args[1] ? cstr(ev.str(node.args[1])) : undefined;
    const r = ev.io(() => {
      if (tainted) {
        // Exim refuses a tainted file name (and logs it), failing as EACCES
        ev.ctx.logWrite?.(`Tainted filename '${file}'`);
        return { code: 'EACCES' } as { data?: string; code?: string };
      }
      return readWhole(file);
    });
    if (r.data === undefined) throw new ExpandError(openFailed(file, r.code!));
    return catFile(r.data, eol);
  },
};
