// Config macros exactly as Exim's readconf.c handles them: definition
// (macro_read_assignment) and substitution in each physical line (macros_expand).
import { BUILTIN_MACROS } from '../../lang/builtin-macros.js';
import { isSpace } from '../../lang/util/ctype.js';

export interface Macro {
  name: string;
  value: string;
  /** defined with -D: a definition in the file is then ignored */
  commandLine?: boolean;
  /** one of Exim's own _HAVE_*, _OPT_*, ... names */
  builtin?: boolean;
}

const isUpper = (c: string | undefined) => c !== undefined && c >= 'A' && c <= 'Z';
const isNameChar = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9_]$/.test(c);
/** where a macro name may start: an upper-case letter, or _ before one */
const MACRO_START = /_?[A-Z]/g;
/** the first place at or after `from` where a macro name may start, or the length */
function nextStart(s: string, from: number): number {
  MACRO_START.lastIndex = from;
  const m = MACRO_START.exec(s);
  return m ? m.index : s.length;
}

/** EXIM_DRIVERNAME_MAX: the buffer macro names are read into */
const MACRO_NAME_MAX = 64;

export class MacroError extends Error {
  /** Exim words this one "in line N of FILE" (a syntax error of the line itself) */
  constructor(message: string, readonly inLine = false) { super(message); }
}

let builtinList: readonly Macro[] | undefined;

/** Exim's builtin macros, made once and shared by every table (a table copies one before changing it) */
export function builtinMacros(): readonly Macro[] {
  return (builtinList ??= BUILTIN_MACROS.map(([name, value]) => Object.freeze({ name, value, builtin: true })));
}

/** The macros in definition order: builtins first, then -D, then the file's. */
export class MacroTable {
  readonly list: Macro[] = [];
  /** the builtins come first in the list */
  private readonly builtins: number;

  constructor(builtins: readonly Macro[] = [], commandLine: Macro[] = []) {
    for (const m of builtins) this.list.push(m.builtin ? m : { ...m, builtin: true });
    this.builtins = builtins.length;
    for (const m of commandLine) this.list.push({ ...m, commandLine: true });
  }

  /** a macro the file defined (already checked) */
  addUser(m: Macro): void {
    this.list.push(m);
  }

  get(name: string): Macro | undefined {
    return this.list.find((m) => m.name === name);
  }

  /**
   * macro_read_assignment(): `line` starts with the name. Returns the macro
   * defined (or undefined if a -D definition overrides it); throws MacroError.
   */
  define(line: string): Macro | undefined {
    let i = 0;
    while (isNameChar(line[i])) {
      if (i >= MACRO_NAME_MAX - 1) throw new MacroError(`macro name too long (maximum is ${MACRO_NAME_MAX - 1} characters)`, true);
      i++;
    }
    const name = line.slice(0, i);
    while (isSpace(line[i])) i++;
    if (line[i++] !== '=') throw new MacroError('malformed macro definition', true);
    let redef = false;
    if (line[i] === '=') { redef = true; i++; }
    while (isSpace(line[i])) i++;
    const value = line.slice(i);
    let found: Macro | undefined;
    let at = 0;
    for (; at < this.list.length; at++) {
      const m = this.list[at]!;
      if (m.name === name) {
        if (!m.commandLine && !redef) throw new MacroError(`macro "${name}" is already defined (use "==" if you want to redefine it)`);
        found = m;
        break;
      }
      if (m.name.length < name.length && name.includes(m.name)) {
        throw new MacroError(`"${name}" cannot be defined as a macro because previously defined macro "${m.name}" is a substring`);
      }
    }
    if (found?.commandLine) return undefined;
    if (redef) {
      if (!found) throw new MacroError(`can't redefine an undefined macro "${name}"`);
      if (Object.isFrozen(found)) found = this.list[at] = { ...found };
      found.value = value;
      return found;
    }
    const m = { name, value };
    this.list.push(m);
    return m;
  }

  /**
   * macros_expand(): substitute in one physical line. `startOfLogical` skips
   * the name of a macro definition. Returns the new line and whether anything
   * was substituted (the test .ifdef uses).
   */
  expand(line: string, startOfLogical = true): { line: string; found: boolean } {
    let ss = 0;
    while (isSpace(line[ss])) ss++;
    let s = ss;
    if (startOfLogical && isUpper(line[s])) {
      while (isNameChar(line[s])) s++;
      let k = s;
      while (isSpace(line[k])) k++;
      s = line[k] === '=' ? k : ss;
    }
    let found = false;
    // only builtins (whose names all start with '_') and no '_': nothing to find
    if (this.list.length === this.builtins && line.indexOf('_', s) < 0) return { line, found };
    s = nextStart(line, s);
    if (s >= line.length) return { line, found };
    // builtin macros all start with '_': only looked for if the first candidate does
    const list = this.list;
    for (let i = line[s] === '_' ? 0 : this.builtins; i < list.length; i++) {
      const m = list[i]!;
      s = nextStart(line, s);
      if (s >= line.length) break;
      let t = s;
      for (;;) {
        const p = line.indexOf(m.name, t);
        if (p < 0) break;
        line = line.slice(0, p) + m.value + line.slice(p + m.name.length);
        t = nextStart(line, p + m.value.length);
        found = true;
      }
    }
    return { line, found };
  }
}
