// The client's bytes as the SMTP engine reads them: Exim's smtp_getc() /
// smtp_ungetc() over a buffer that a socket (or -bh's stdin) fills. Reading is
// synchronous while bytes are buffered; only an empty buffer waits.
export const EOF = -1;
/** getc() found the buffer empty: call wait() and try again */
export const WAIT = -2;

export class SmtpInput {
  private buf = '';
  private pos = 0;
  private ended = false;
  private waiter: (() => void) | undefined;

  /** bytes from the client (latin1: one char per byte) */
  push(chunk: string): void {
    if (this.pos > 65536 && this.pos > this.buf.length / 2) {
      this.buf = this.buf.slice(this.pos);
      this.pos = 0;
    }
    this.buf += chunk;
    this.wake();
  }

  /** the client closed its side */
  end(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /** resolves when there is a byte to read or the input ended */
  wait(): Promise<void> {
    if (this.pos < this.buf.length || this.ended) return Promise.resolve();
    return new Promise((resolve) => { this.waiter = resolve; });
  }

  getc(): number {
    if (this.pos < this.buf.length) return this.buf.charCodeAt(this.pos++);
    return this.ended ? EOF : WAIT;
  }

  /** getc(), waiting when needed */
  async getcAsync(): Promise<number> {
    for (;;) {
      const c = this.getc();
      if (c !== WAIT) return c;
      await this.wait();
    }
  }

  ungetc(): void {
    if (this.pos > 0) this.pos--;
  }

  /** bytes buffered and not yet read (smtp_hasc / the pipelining checks) */
  pending(): number {
    return this.buf.length - this.pos;
  }

  /** up to n buffered bytes, for log lines ("next input=...") */
  peek(n: number): string {
    return this.buf.slice(this.pos, this.pos + n);
  }

  /**
   * A whole buffered line up to (not including) its LF, taken at once; undefined
   * when no LF is buffered within `max` bytes (the caller then reads byte by byte).
   */
  takeLine(max: number): string | undefined {
    const nl = this.buf.indexOf('\n', this.pos);
    if (nl < 0 || nl - this.pos > max) return undefined;
    const line = this.buf.slice(this.pos, nl);
    this.pos = nl + 1;
    return line;
  }

  /** read(): up to `max` buffered bytes at once (BDAT chunks) */
  take(max: number): string {
    const s = this.buf.slice(this.pos, this.pos + max);
    this.pos += s.length;
    return s;
  }

  get atEof(): boolean {
    return this.ended && this.pos >= this.buf.length;
  }
}
