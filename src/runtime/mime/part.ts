// mime_decode(): `decode = <option>` writes the current part, decoded, to a
// file: "default" or no option gives <spool>/scan/<message id>/<id>-NNNNN
// (the first free number), a name goes into that directory, an absolute path
// is the file itself, or a directory the numbered file goes into.
import { closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import type { AclRc } from '../../lang/acl/types.js';
import type { MimePartAccess } from '../../lang/acl/mime.js';
import { ListReader } from '../../lang/util/list.js';
import { decodePart } from './decode.js';

/** SPOOL_MODE */
const FILE_MODE = 0o640;

/** what a part's decoding reads and sets: the walk's per-part state */
export interface PartState {
  encoding: string | undefined;
  decodedFilename: string | undefined;
  /** $mime_content_size (KiB, rounded up) */
  contentSize: number;
  anomaly: { level: number; text: string } | undefined;
}

const exists = (path: string) => {
  try { statSync(path); return true; } catch { return false; }
};
const isDir = (path: string) => {
  try { return statSync(path).isDirectory(); } catch { return false; }
};

/** the first free <dir>/<id>-NNNNN (Exim stops looking at 1024) */
export function numberedFile(dir: string, id: string): string {
  let name = '';
  for (let n = 0; ;) {
    name = `${dir}/${id}-${String(n++).padStart(5, '0')}`;
    if (n >= 1024 || !exists(name)) return name;
  }
}

export class MimePart implements MimePartAccess {
  constructor(
    readonly text: string,
    readonly pos: number,
    readonly boundary: string | undefined,
    private readonly state: PartState,
    /** <spool>/scan/<message id> */
    private readonly scanDir: string,
    private readonly messageId: string,
    private readonly onChange: () => void,
  ) {}

  decode(option: string): AclRc {
    const first = new ListReader(option).next();
    if (first === 'false' || first === '0') return 'FAIL';
    let file: string;
    if (first === undefined || first === 'default') file = numberedFile(this.scanDir, this.messageId);
    else if (first.startsWith('/')) file = isDir(first) ? numberedFile(first, this.messageId) : first;
    else file = `${this.scanDir}/${first}`;
    this.state.decodedFilename = file;
    let fd: number;
    try {
      fd = openSync(file, 'w+', FILE_MODE);
    } catch {
      this.onChange();
      return 'DEFER';
    }
    const d = decodePart(this.text, this.pos, this.boundary, this.state.encoding);
    if (d.anomaly) this.state.anomaly = d.anomaly;
    try {
      writeSync(fd, Buffer.from(d.data, 'latin1'));
    } catch {
      closeSync(fd);
      this.onChange();
      return 'DEFER';
    }
    closeSync(fd);
    this.state.contentSize = Math.floor((d.data.length + 1023) / 1024);
    this.onChange();
    return 'OK';
  }

  readFile(path: string, max: number): string | undefined {
    let fd: number;
    try { fd = openSync(path, 'r'); } catch { return undefined; }
    try {
      const buf = Buffer.alloc(max);
      let n = 0;
      for (let r = 1; r > 0 && n < max; n += r) r = readSync(fd, buf, n, max - n, null);
      return buf.toString('latin1', 0, n);
    } finally {
      closeSync(fd);
    }
  }
}
