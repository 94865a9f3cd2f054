// dsearch: does a directory hold an entry of that name? Options ret=full
// and filter=file|dir|subdir.
import { lstatSync } from 'node:fs';
import type { LookupType } from '../lang/lookups/types.js';
import { LookupError } from '../lang/lookups/types.js';
import { checkDirectory, openFailed } from './file-lines.js';
import { strerror } from '../lang/util/strerror.js';
import { readdirSync } from 'node:fs';

export const dsearchLookup: LookupType = {
  name: 'dsearch',
  kind: 'single',
  open(dir) {
    try {
      readdirSync(Buffer.from(dir, 'latin1'));
    } catch (e) {
      throw new LookupError(openFailed(dir, ' for directory search', (e as { code?: string }).code ?? 'EIO'), false);
    }
    if (dir[0] !== '/') throw new LookupError(`dirname '${dir}' for dsearch is not absolute`, false);
    checkDirectory(dir, 'dsearch');
  },
  find(dir, key, opts) {
    if (key.includes('/')) throw new LookupError(`key for dsearch lookup contains a slash: ${key}`);
    let full = false;
    let filter: string | undefined;
    for (const o of opts ? opts.split(',') : []) {
      if (o === 'ret=full') full = true;
      else if (o.startsWith('filter=') && ['file', 'dir', 'subdir'].includes(o.slice(7))) filter = o.slice(7);
    }
    const name = `${dir}/${key}`;
    let st;
    try {
      st = lstatSync(Buffer.from(name, 'latin1'));
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'EIO';
      if (code === 'ENOENT') return undefined;
      throw new LookupError(`${name}: lstat: ${strerror(code)}`);
    }
    const ok = !filter
      || (filter === 'file' && st.isFile())
      || (filter !== 'file' && st.isDirectory() && (filter === 'dir' || key[0] !== '.' || (key.length > 1 && key[1] !== '.')));
    if (!ok) return undefined;
    return full ? name : key;
  },
};
