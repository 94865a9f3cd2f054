// Standard input read as C's fgets() reads it: only as far as the next line
// needs, with blocking reads. A terminal user or a program driving `-be`
// line by line gets each answer before the next line is read; a file or a
// pipe full of lines is still read in large chunks.
import { readSync } from 'node:fs';

// 16 KB: a read goes out of use within a few hundred lines, so it dies in
// the young generation; 64 KB reads lived through scavenges and were copied
// into the old generation, a megabyte per 100,000 lines (faulted-in pages)
const CHUNK = 16384;

export class StdinReader {
  private buf = '';
  private pos = 0;
  private eof = false;
  private readonly chunk = Buffer.alloc(CHUNK);

  /** `beforeWait` runs before a read that may block: the place to write out pending output */
  constructor(private readonly fd: number, private readonly beforeWait: () => void = () => undefined) {}

  /** fgets(): up to `max` bytes, ending at the first newline (kept); undefined at the end of input */
  fgets(max: number): string | undefined {
    for (;;) {
      const nl = this.buf.indexOf('\n', this.pos);
      const have = this.buf.length - this.pos;
      if (nl >= 0 || this.eof || have >= max) {
        if (have === 0) return undefined;
        const end = Math.min(nl < 0 ? this.buf.length : nl + 1, this.pos + max);
        const line = this.buf.slice(this.pos, end);
        this.pos = end;
        return line;
      }
      this.fill();
    }
  }

  private fill(): void {
    this.beforeWait();
    let n: number;
    for (;;) {
      try {
        n = readSync(this.fd, this.chunk, 0, CHUNK, null);
        break;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        // a non-blocking descriptor (inherited from a parent): wait a little and read again
        if (code === 'EAGAIN') { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5); continue; }
        // closed or unreadable: the end of input, as fgets() sees it
        n = 0;
        break;
      }
    }
    if (n === 0) { this.eof = true; return; }
    this.buf = this.buf.slice(this.pos) + this.chunk.toString('latin1', 0, n);
    this.pos = 0;
  }
}
