// Reading lookup files as Exim does: whole-file reads through a fixed-size
// fgets() buffer, and the file checks of lf_check_file().
import { openSync, closeSync, fstatSync, readFileSync, statSync } from 'node:fs';
import { strerror } from '../lang/util/strerror.js';
import { LookupError } from '../lang/lookups/types.js';

/** "failed to open <file> <what>: <strerror>" as string_open_failed() words it */
export function openFailed(file: string, what: string, code: string): string {
  let m = `failed to open ${file}${what}: ${strerror(code)}`;
  if (code === 'EACCES') m += ` (euid=${process.geteuid?.() ?? 0} egid=${process.getegid?.() ?? 0})`;
  return m;
}

/** open the file and check it is a regular file; the contents as a byte string */
export function readLookupFile(file: string, type: string, what: string): string {
  const path = Buffer.from(file, 'latin1');
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new LookupError(openFailed(file, what, (e as { code?: string }).code ?? 'EIO'), false);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new LookupError(`${file} is not a regular file (${type} lookup)`, false);
    return readFileSync(fd).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** lf_check_file() for a directory */
export function checkDirectory(dir: string, type: string): void {
  try {
    if (!statSync(Buffer.from(dir, 'latin1')).isDirectory()) throw new LookupError(`${dir} is not a directory (${type} lookup)`, false);
  } catch (e) {
    if (e instanceof LookupError) throw e;
    throw new LookupError(`${dir}: stat failed`, false);
  }
}

/** the successive fgets() buffers of a file (each ends at a newline or after size-1 bytes; a NUL ends its text) */
export function* fgetsChunks(data: string, size: number): Generator<string> {
  let pos = 0;
  while (pos < data.length) {
    const nl = data.indexOf('\n', pos);
    const end = Math.min(nl < 0 ? data.length : nl + 1, pos + size - 1);
    const chunk = data.slice(pos, end);
    pos = end;
    const nul = chunk.indexOf('\0');
    yield nul < 0 ? chunk : chunk.slice(0, nul);
  }
}
