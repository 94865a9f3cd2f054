// The spooled message (or an RFC822 attachment's file) as Exim's mime code
// reads it: a FILE with fgetc/ungetc and fgets over a byte string.
import { fgetsAt } from '../../lang/acl/mime.js';

export const EOF = -1;

export class MimeStream {
  pos = 0;
  constructor(readonly text: string) {}
  getc(): number {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos++) : EOF;
  }
  ungetc(c: number): void {
    if (c !== EOF) this.pos--;
  }
  /** fgets(buf, size): undefined at the end */
  gets(size: number): string | undefined {
    const piece = fgetsAt(this.text, this.pos, size);
    if (piece !== undefined) this.pos += piece.length;
    return piece;
  }
}
