// Exim's get_config_line(): physical lines to logical lines, with macros,
// comments, .ifdef/.ifndef/.elifdef/.elifndef/.else/.endif, .include and
// .include_if_exists, and "\" continuations. Every logical line keeps where
// each of its pieces came from, for file:line:col in diagnostics.
import { dirname } from 'node:path';
import { MacroTable } from './macros.js';
import { isSpace } from '../../lang/util/ctype.js';

/** A piece of a logical line that came from one physical line. */
export interface Piece {
  file: string;
  line: number;
  /** column (1-based) in the physical line where this piece starts */
  col: number;
  /** offset in the logical text where this piece starts */
  at: number;
}

export interface LogicalLine {
  text: string;
  pieces: Piece[];
  /** reading order: the n-th logical line (or "begin" line) of the whole configuration */
  seq?: number;
}

/** `seq`: where in the reading order it was found (see LogicalLine.seq; x.5 = while reading the next line) */
export interface ConfigProblem {
  file: string; line: number; col: number; message: string; fatal: boolean; seq?: number;
  /** the last physical line of the logical line it is in: where Exim, having read it all, reports it */
  endLine?: number;
}

export interface FileSystem {
  /** file contents as a byte string, or undefined if it cannot be read */
  read(path: string): string | undefined;
  exists(path: string): boolean;
}

/** next_cstate[state][action]: actions 0 .ifdef true, 1 .ifdef false, 2 .elifdef true or .else, 3 .elifdef false */
const NEXT = [[0, 1, 2, 2], [2, 2, 0, 1], [2, 2, 2, 2]];
/** name, state action if a macro was found, if not, stack: +1 push, 0 keep, -1 pop */
const CONDS: [string, number, number, number][] = [
  ['ifdef', 0, 1, 1], ['ifndef', 1, 0, 1], ['elifdef', 2, 3, 0], ['elifndef', 3, 2, 0], ['else', 2, 2, 0], ['endif', 0, 0, -1],
];
const STACK_MAX = 10;

interface Source { file: string; lines: string[]; next: number }

export class ConfigLineReader {
  private stack: Source[] = [];
  private cstate = 0;
  private cstack: number[] = [];
  readonly problems: ConfigProblem[] = [];
  /** a "begin NAME" line ended the section: the name */
  nextSection: string | undefined;
  private includeDepth = 0;
  /** logical lines (and "begin" lines) returned so far */
  seq = 0;

  constructor(readonly macros: MacroTable, readonly fs: FileSystem, file: string, text: string) {
    this.push(file, text);
  }

  private push(file: string, text: string): void {
    const lines = text.split('\n');
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    this.stack.push({ file, lines, next: 0 });
  }

  private problem(src: Source, line: number, message: string, fatal = true, col = 1): void {
    this.problems.push({ file: src.file, line, col, message, fatal, seq: this.seq + 0.5 });
  }

  /** Where the reader is: for problems found by the caller. */
  get position(): { file: string; line: number } {
    const s = this.stack[this.stack.length - 1]!;
    return { file: s.file, line: s.next };
  }

  /** The next logical line of the current section, or undefined at a "begin" or the end. */
  next(): LogicalLine | undefined {
    this.nextSection = undefined;
    let text = '';
    const pieces: Piece[] = [];
    for (;;) {
      const src = this.stack[this.stack.length - 1];
      if (!src) break;
      if (src.next >= src.lines.length) {
        if (this.stack.length > 1) { this.stack.pop(); this.includeDepth--; continue; }
        if (this.cstack.length) {
          this.problem(src, src.lines.length, 'Unexpected end of configuration file: .endif missing');
          this.cstack.length = 0;
          this.cstate = 0;
        }
        if (text) break;
        return undefined;
      }
      const lineNo = ++src.next;
      const raw = src.lines[lineNo - 1]!.replace(/\r$/, '');
      const { line: expanded, found } = this.macros.expand(raw, text === '');
      let ss = 0;
      while (isSpace(expanded[ss])) ss++;
      if (expanded[ss] === '#') continue;
      if (expanded[ss] === '.') {
        const cond = CONDS.find(([n]) => expanded.startsWith(n, ss + 1));
        if (cond) {
          const after = expanded[ss + 1 + cond[0].length];
          // Exim's check accepts a space, a 't' (sic: not a tab) or the end of the line
          if (after === ' ' || after === 't' || after === '\n' || after === undefined) {
            if (cond[3] > 0) {
              if (this.cstack.length >= STACK_MAX - 1) this.problem(src, lineNo, `.${cond[0]} nested too deeply`);
              this.cstack.push(this.cstate);
              this.cstate = NEXT[this.cstate]![found ? cond[1] : cond[2]]!;
            } else if (!this.cstack.length) {
              this.problem(src, lineNo, `.${cond[0]} without matching .ifdef`);
            } else {
              this.cstate = cond[3] < 0 ? this.cstack.pop()! : NEXT[this.cstate]![found ? cond[1] : cond[2]]!;
            }
          }
          // anything else after the name (".ifdef:", ".elsewhere") and Exim's
          // loop leaves as if it had handled a directive: the line is ignored
          continue;
        }
      }
      if (this.cstate !== 0) continue;
      const inc = /^\.include(_if_exists)?(?=[ \t\n\v\f\r])/.exec(expanded.slice(ss));
      if (inc) {
        let name = expanded.slice(ss + inc[0].length).trim();
        if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1);
        if (!name.startsWith('/')) {
          if (inc[1]) { this.problem(src, lineNo, `.include specifies a non-absolute path "${name}"`); continue; }
          // config_directory "/" name, as Exim joins them (nothing normalised)
          name = `${dirname(src.file)}/${name}`;
        }
        if (inc[1] && !this.fs.exists(name)) continue;
        if (this.includeDepth >= 50) { this.problem(src, lineNo, `.include nested too deeply at ${name}`); continue; }
        const body = this.fs.read(name);
        if (body === undefined) { this.problem(src, lineNo, `failed to open included configuration file ${name}`); continue; }
        this.includeDepth++;
        this.push(name, body);
        continue;
      }
      // a continuation's leading white space is dropped; trailing white space always
      let piece = expanded.slice(ss);
      piece = piece.replace(/[ \t\n\v\f\r]+$/, '');
      pieces.push({ file: src.file, line: lineNo, col: raw === expanded ? ss + 1 : 1, at: text.length });
      text += piece;
      if (text.length > 0) {
        if (!text.endsWith('\\')) break;
        text = text.slice(0, -1);
      }
    }
    if (/^begin /i.test(text)) {
      this.nextSection = text.slice(6).replace(/^[ \t\n\v\f\r]+/, '').slice(0, 22);
      this.seq++;
      return undefined;
    }
    return { text, pieces, seq: ++this.seq };
  }

  /** file:line:col of an offset in a logical line */
  static locate(l: LogicalLine, offset: number): { file: string; line: number; col: number } {
    let p = l.pieces[0]!;
    for (const q of l.pieces) if (q.at <= offset) p = q;
    return { file: p.file, line: p.line, col: p.col + (offset - p.at) };
  }
}
