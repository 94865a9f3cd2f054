// The configuration's files as Exim's reader opens them (fopen, then fgets):
// a directory opens and reads as nothing, so an .include of one adds no lines.
import { existsSync, readFileSync } from 'node:fs';
import type { FileSystem } from '../grammar/config/lines.js';

export const diskFs: FileSystem = {
  read(p) {
    try {
      return readFileSync(p, 'latin1');
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EISDIR' ? '' : undefined;
    }
  },
  exists: (p) => existsSync(p),
};
