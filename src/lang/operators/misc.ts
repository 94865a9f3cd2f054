// expand (a second expansion) and stat (a file's inode facts).
import { statSync } from 'node:fs';
import { ExpandError, type OperatorEntry } from '../expand-api.js';

const MODES = ['---', '--x', '-w-', '-wx', 'r--', 'r-x', 'rw-', 'rwx'];
const STICKY = ['--T', '--t', '-wT', '-wt', 'r-T', 'r-t', 'rwT', 'rwt'];
const SETID = ['--S', '--s', '-wS', '-ws', 'r-S', 'r-s', 'rwS', 'rws'];

export const miscOperators: OperatorEntry[] = [
  {
    name: 'expand',
    doc: '${expand:<string>}: expand the string again',
    run(arg, _s, ev) {
      // Exim refuses to expand a tainted string
      if (ev.tainted) {
        throw new ExpandError(`internal expansion of "${arg}" failed: attempt to expand tainted string '${arg}'`);
      }
      try {
        return ev.expandNested(arg);
      } catch (e) {
        if (!(e instanceof ExpandError)) throw e;
        throw new ExpandError(`internal expansion of "${arg}" failed: ${e.message}`, { forced: e.forced, defer: e.defer });
      }
    },
  },
  {
    name: 'stat', keepsTaint: false,
    doc: '${stat:<path>}: mode, inode, owner, size and times of a file',
    run(arg, _s, ev) {
      const st = ev.io(() => {
        try {
          return statSync(Buffer.from(arg, 'latin1'), { bigint: true });
        } catch (e: any) {
          return new ExpandError(`stat(${arg}) failed: ${strerror(e)}`);
        }
      });
      if (st instanceof ExpandError) throw st;
      const mode = Number(st.mode);
      const type = ({ 0o010000: 'p', 0o020000: 'c', 0o040000: 'd', 0o060000: 'b', 0o100000: '-' } as Record<number, string>)[mode & 0o170000] ?? '?';
      let smode = type;
      const tables = [(mode & 0o4000) ? SETID : MODES, (mode & 0o2000) ? SETID : MODES, (mode & 0o1000) ? STICKY : MODES];
      for (let i = 0; i < 3; i++) smode += tables[i]![(mode >> (6 - 3 * i)) & 7];
      const sec = (ns: bigint) => String(ns / 1000000000n);
      return `mode=${(mode & 0o77777).toString(8).padStart(4, '0')} smode=${smode} inode=${st.ino} device=${st.dev} `
        + `links=${st.nlink} uid=${st.uid} gid=${st.gid} size=${st.size} atime=${sec(st.atimeNs)} `
        + `mtime=${sec(st.mtimeNs)} ctime=${sec(st.ctimeNs)}`;
    },
  },
];

/** strerror() text for a Node fs error */
export function strerror(e: { code?: string; message?: string }): string {
  const texts: Record<string, string> = {
    ENOENT: 'No such file or directory', EACCES: 'Permission denied', ENOTDIR: 'Not a directory',
    EISDIR: 'Is a directory', ELOOP: 'Too many levels of symbolic links', ENAMETOOLONG: 'File name too long',
    EPERM: 'Operation not permitted', ECONNREFUSED: 'Connection refused', ETIMEDOUT: 'Connection timed out',
  };
  return (e.code && texts[e.code]) ?? e.message ?? 'unknown error';
}
