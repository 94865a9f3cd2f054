// Runtime configuration to a typed AST: main options, named lists, sections,
// driver instances with their options, ACLs as lists of logical lines. Every
// node knows its file:line:col. Problems are collected, not thrown, so the
// linter can report them all; Exim's own wording is kept for -bV.
import { ConfigLineReader, type ConfigProblem, type FileSystem, type LogicalLine } from './lines.js';
import { MacroError, MacroTable, type Macro } from './macros.js';
import { findDriverOption, mainOptions } from '../../lang/options/index.js';
import { handleOptionLine } from '../../lang/options/values.js';

export interface Pos { file: string; line: number; col: number }

export interface OptionSetting {
  name: string;
  /** raw value text, quotes still on; undefined for a bare boolean */
  value?: string;
  /** "no_" / "not_" prefix given */
  negated: boolean;
  hide: boolean;
  pos: Pos;
  /** position of the value's first character */
  valuePos?: Pos;
  line: LogicalLine;
}

export type NamedListKind = 'domain' | 'host' | 'address' | 'localpart';
export interface NamedListDef {
  kind: NamedListKind; name: string; value: string; cache: boolean; hide: boolean; pos: Pos;
  /** the logical line (value = its text from `line.text.length - value.length`) */
  line?: LogicalLine;
}

export interface DriverDef {
  kind: 'router' | 'transport' | 'authenticator'; name: string; options: OptionSetting[]; pos: Pos;
  /** reading order of the header line (see ConfigProblem.seq) */
  seq: number;
}

export interface AclDef { name: string; lines: LogicalLine[]; pos: Pos }

export interface ConfigAst {
  main: OptionSetting[];
  namedLists: NamedListDef[];
  acls: AclDef[];
  drivers: DriverDef[];
  retry: LogicalLine[];
  rewrite: LogicalLine[];
  localScan: OptionSetting[];
  macros: MacroTable;
  problems: ConfigProblem[];
  /** sections in the order they appeared */
  sections: { name: string; pos: Pos; seq: number }[];
  /** reading order of every "begin" line, known section or not */
  begins: number[];
}

const LIST_KINDS: Record<string, NamedListKind> = {
  domainlist: 'domain', hostlist: 'host', addresslist: 'address', localpartlist: 'localpart',
};
const SECTIONS = ['acls', 'authenticators', 'routers', 'transports', 'retrys', 'rewrites', 'local_scans'];
const DRIVER_KIND: Record<string, DriverDef['kind']> = { routers: 'router', transports: 'transport', authenticators: 'authenticator' };

export interface ParseOptions {
  /** -D macros */
  defines?: Macro[];
  /** Exim's builtin macros (_HAVE_*, ...) */
  builtins?: readonly Macro[];
  fs: FileSystem;
}

/** how Exim names each kind of named list in its messages */
const LIST_TEXT: Record<string, string> = {
  domainlist: 'domain list', hostlist: 'host list', addresslist: 'address list', localpartlist: 'local part list',
};

export function parseConfig(file: string, text: string, opts: ParseOptions): ConfigAst {
  const macros = new MacroTable(opts.builtins, opts.defines);
  const reader = new ConfigLineReader(macros, opts.fs, file, text);
  const ast: ConfigAst = {
    main: [], namedLists: [], acls: [], drivers: [], retry: [], rewrite: [], localScan: [],
    macros, problems: reader.problems, sections: [], begins: [],
  };
  let current: LogicalLine | undefined;
  const problem = (pos: Pos, message: string, fatal = true) => {
    const last = current?.pieces[current.pieces.length - 1];
    const endLine = last && last.file === pos.file && last.line > pos.line ? last.line : undefined;
    ast.problems.push({ ...pos, message, fatal, seq: reader.seq, ...(endLine ? { endLine } : {}) });
  };
  const at = (l: LogicalLine, offset = 0) => ConfigLineReader.locate(l, offset);

  /** a macro definition line: true if handled. In the main section any
   * line that starts with an upper-case letter is one (readconf_main). */
  const macroLine = (l: LogicalLine, anyUpper = false): boolean => {
    const m = anyUpper ? /^[A-Z]/.exec(l.text) : /^[A-Z][A-Za-z0-9_]*[ \t]*=/.exec(l.text);
    if (!m) return false;
    try { macros.define(l.text); } catch (e) {
      if (!(e instanceof MacroError)) throw e;
      problem(at(l), e.message);
    }
    return true;
  };

  let section = 'main';
  let driver: DriverDef | undefined;
  let acl: AclDef | undefined;
  const seen = new Set<string>();
  for (;;) {
    const l = reader.next();
    current = l;
    if (!l) {
      if (reader.nextSection === undefined) break;
      const pos = { ...reader.position, col: 1 };
      ast.begins.push(reader.seq);
      let name = reader.nextSection.toLowerCase();
      if (!name.endsWith('s')) name += 's';
      if (!SECTIONS.includes(name)) { problem(pos, `"${reader.nextSection}" is not a known configuration section name`); section = 'unknown'; continue; }
      if (seen.has(name)) problem(pos, `"${reader.nextSection}" section has already been read`);
      seen.add(name);
      ast.sections.push({ name, pos, seq: reader.seq });
      section = name;
      driver = undefined;
      acl = undefined;
      continue;
    }
    switch (section) {
      case 'main':
      case 'local_scans': {
        if (macroLine(l, true)) break;
        const nl = /^(hide[ \t]+)?(domainlist|hostlist|addresslist|localpartlist)(_cache)?/.exec(l.text);
        if (nl) {
          // read_named_list(): any other word that starts so is no option either
          if (!/^[ \t]/.test(l.text.slice(nl[0].length))) { problem(at(l), 'unrecognized configuration line'); break; }
          const rest = l.text.slice(nl[0].length);
          const m = /^[ \t]*([A-Za-z0-9_]*)[ \t]*(=?)[ \t]*(.*)$/.exec(rest)!;
          if (!m[2]) { problem(at(l), `missing '=' after "${m[1]}"`); break; }
          if (ast.namedLists.some((x) => x.kind === LIST_KINDS[nl[2]!] && x.name === m[1])) {
            problem(at(l), `duplicate name "${m[1]}" for a named ${LIST_TEXT[nl[2]!]}`);
          }
          ast.namedLists.push({ kind: LIST_KINDS[nl[2]!]!, name: m[1]!, value: m[3]!, cache: !!nl[3], hide: !!nl[1], pos: at(l), line: l });
          break;
        }
        const opt = optionLine(l, at);
        if (!opt) { problem(at(l), unsplittable(l.text, (n) => mainOptions[n], 'main option "%s" unknown', ast.main)); break; }
        (section === 'main' ? ast.main : ast.localScan).push(opt);
        break;
      }
      case 'acls': {
        if (macroLine(l)) { acl = undefined; break; }
        const head = /^([A-Za-z0-9_]+)[ \t]*:[ \t]*$/.exec(l.text);
        const verb = /^(accept|defer|deny|discard|drop|require|warn)\b/.exec(l.text);
        if (head && !verb) {
          acl = { name: head[1]!, lines: [], pos: at(l) };
          if (ast.acls.some((a) => a.name === acl!.name)) problem(at(l), `there are two ACLs called "${acl.name}"`);
          ast.acls.push(acl);
          break;
        }
        if (!acl) { problem(at(l), 'ACL name missing'); break; }
        acl.lines.push(l);
        break;
      }
      case 'routers': case 'transports': case 'authenticators': {
        if (macroLine(l)) { driver = undefined; break; }
        // readconf_readname() reads a name only from a letter on: a line that
        // starts with ':' begins a driver whose name is empty
        const head = /^([A-Za-z][A-Za-z0-9_]*)?[ \t]*:(.*)$/.exec(l.text);
        if (head) {
          const kind = DRIVER_KIND[section]!;
          const name = head[1] ?? '';
          if (head[2]!.trim()) problem(at(l), `extra characters follow driver name ${name}`);
          if (ast.drivers.some((d) => d.kind === kind && d.name === name)) problem(at(l), `there are two ${kind}s called "${name}"`);
          driver = { kind, name, options: [], pos: at(l), seq: reader.seq };
          ast.drivers.push(driver);
          break;
        }
        if (!driver) { problem(at(l), `${DRIVER_KIND[section]} name missing`); break; }
        const opt = optionLine(l, at);
        if (!opt) {
          const d = driver;
          const drv = d.options.find((o) => o.name === 'driver')?.value;
          problem(at(l), unsplittable(l.text, (n) => findDriverOption(d.kind, drv, n), 'option "%s" unknown', d.options, !drv));
          break;
        }
        driver.options.push(opt);
        break;
      }
      case 'retrys': ast.retry.push(l); break;
      case 'rewrites': ast.rewrite.push(l); break;
      default: break;
    }
  }
  return ast;
}

/** What readconf_handle_option() says of a line that is no `name [= value]`
 * (`option setting expected: ...`, `missing "=" after ...`, ...). */
function unsplittable(text: string, find: Parameters<typeof handleOptionLine>[1], unknownText: string,
  before: OptionSetting[], noDriverYet = false): string {
  // (an option already set is reported as such before the rest of the line is looked at)
  const r = handleOptionLine(text, find, new Set(before.map((o) => o.name)), unknownText);
  if (!('error' in r)) return 'unrecognized configuration line';
  // readconf_driver_init() names the line's first word there, not the option it read ("hide = x")
  if (noDriverYet && (r.unknown || r.error.startsWith('option "'))) return noDriverYetText(text);
  return r.error;
}

/** an unknown option in a driver whose driver= has not come yet, as readconf_driver_init() words it */
export function noDriverYetText(line: string): string {
  const word = /^[ \t]*([A-Za-z][A-Za-z0-9_]*)?/.exec(line)![1] ?? '';
  return `option "${word}" unknown ("driver" must be specified before any private options)`;
}

/** `[hide] [no_|not_]name [= value]` */
function optionLine(l: LogicalLine, at: (l: LogicalLine, o?: number) => Pos): OptionSetting | undefined {
  const m = /^(hide[ \t]+)?([a-z][a-z0-9_]*)[ \t]*(?:=[ \t]*(.*))?$/.exec(l.text);
  if (!m) return undefined;
  let name = m[2]!;
  let negated = false;
  const neg = /^(no|not)_(.+)$/.exec(name);
  if (neg && m[3] === undefined) { negated = true; name = neg[2]!; }
  const valueAt = m[3] === undefined ? undefined : l.text.length - m[3].length;
  return {
    name, value: m[3], negated, hide: !!m[1], pos: at(l, m[1]?.length ?? 0), line: l,
    valuePos: valueAt === undefined ? undefined : at(l, valueAt),
  };
}
