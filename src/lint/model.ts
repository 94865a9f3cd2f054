// What the rules look at: the parsed config (parseConfig) plus what several
// rules need: each option setting with its table entry and its value as Exim
// reads it, ACL statements, which ACL runs where, the files' texts.
import { parseConfig, type ConfigAst, type DriverDef, type NamedListDef, type NamedListKind, type OptionSetting } from '../grammar/config/parse.js';
import type { FileSystem } from '../grammar/config/lines.js';
import type { Macro } from '../grammar/config/macros.js';
import { mainOptions, findDriverOption, type DriverClass, type OptionEntry } from '../lang/options/index.js';
import type { AclWhere } from '../lang/acl/index.js';
import { readAclStatements, type AclProblem, type LintStatement } from './acl-read.js';
import { optionString, verbatim, type SourceText } from './source.js';
import { parseExpansion } from '../grammar/expansion/parser.js';
import type { Expr } from '../lang/expand-api.js';

export type OptionScope = 'main' | DriverClass | 'local_scan';

export interface OptionUse {
  setting: OptionSetting;
  scope: OptionScope;
  driver?: DriverDef;
  /** the driver's type ("driver = ...") */
  driverType?: string;
  /** the table entry; undefined for an unknown option */
  entry?: OptionEntry;
  /** the name looked up: with a no_/not_ prefix stripped when only that name exists */
  name: string;
  negated: boolean;
}

export interface LintAcl {
  name: string;
  statements: LintStatement[];
  problems: AclProblem[];
  def: ConfigAst['acls'][number];
}

/** acl_* options and the place their ACL runs (Exim's acl_wherenames order) */
export const ACL_OPTION_WHERE: Readonly<Record<string, AclWhere>> = {
  acl_not_smtp: 'NOTSMTP', acl_not_smtp_mime: 'MIME', acl_not_smtp_start: 'NOTSMTP_START',
  acl_smtp_auth: 'AUTH', acl_smtp_connect: 'CONNECT', acl_smtp_data: 'DATA', acl_smtp_data_prdr: 'PRDR',
  acl_smtp_dkim: 'DKIM', acl_smtp_etrn: 'ETRN', acl_smtp_expn: 'EXPN', acl_smtp_helo: 'HELO',
  acl_smtp_mail: 'MAIL', acl_smtp_mailauth: 'MAILAUTH', acl_smtp_mime: 'MIME', acl_smtp_notquit: 'NOTQUIT',
  acl_smtp_predata: 'PREDATA', acl_smtp_quit: 'QUIT', acl_smtp_rcpt: 'RCPT', acl_smtp_starttls: 'STARTTLS',
  acl_smtp_vrfy: 'VRFY',
};

/** .include files read in one run, at most */
const MAX_INCLUDE_READS = 2000;

const BOOL_TYPES = new Set(['bool', 'bit', 'bool_verify', 'bool_set', 'expand_bool']);
export const isBoolOption = (e: OptionEntry) => BOOL_TYPES.has(e.type);

/** The list kind of an option, from its type as the spec words it. */
export function optionListKind(e: OptionEntry | undefined): NamedListKind | undefined {
  const spec = e?.spec ?? '';
  if (spec.startsWith('host list')) return 'host';
  if (spec.startsWith('domain list')) return 'domain';
  if (spec.startsWith('address list')) return 'address';
  if (spec.startsWith('local part list')) return 'localpart';
  return undefined;
}

/** ACL conditions whose argument is a list of a kind */
export const ACL_LIST_KIND: Readonly<Record<string, NamedListKind>> = {
  hosts: 'host', domains: 'domain', local_parts: 'localpart', senders: 'address', recipients: 'address',
  sender_domains: 'domain',
};

export interface LintInput {
  file: string;
  text: string;
  fs: FileSystem;
  defines?: Macro[];
  builtins?: readonly Macro[];
}

export class LintModel {
  readonly ast: ConfigAst;
  /** texts of the files read, by path (the main file and its includes) */
  readonly files = new Map<string, string>();
  readonly options: OptionUse[] = [];
  readonly acls: LintAcl[] = [];
  readonly aclByName = new Map<string, LintAcl>();
  /** where each named ACL can run (from the acl_* options, then through "acl =") */
  readonly aclWhere = new Map<string, Set<AclWhere>>();
  private values = new Map<OptionSetting, SourceText | { error: string; offset: number }>();
  /** parsed expansions by text: a config repeats its strings (one router's condition in the next) */
  private exprs = new Map<string, Expr>();
  private listValues = new Map<NamedListDef, SourceText>();

  constructor(input: LintInput) {
    const files = this.files;
    files.set(input.file, input.text);
    // include loops branch (a file including itself twice doubles at each of Exim's 50 levels): cap the reads
    let reads = 0;
    let capped = false;
    const fs: FileSystem = {
      read(p) {
        if (++reads > MAX_INCLUDE_READS) { capped = true; return ''; }
        const t = input.fs.read(p);
        if (t !== undefined && !files.has(p)) files.set(p, t);
        return t;
      },
      exists: (p) => input.fs.exists(p),
    };
    this.ast = parseConfig(input.file, input.text, { fs, defines: input.defines ?? [], builtins: input.builtins ?? [] });
    if (capped) {
      this.ast.problems.push({ file: input.file, line: 1, col: 1, fatal: true,
        message: `more than ${MAX_INCLUDE_READS} .include reads: an include loop? (the rest were read as empty)` });
    }
    for (const s of this.ast.main) this.options.push(this.resolve(s, 'main', mainOptions));
    for (const s of this.ast.localScan) this.options.push({ setting: s, scope: 'local_scan', name: s.name, negated: s.negated });
    for (const d of this.ast.drivers) {
      const type = d.options.find((o) => o.name === 'driver')?.value?.replace(/^"|"$/g, '').trim();
      for (const s of d.options) {
        const use = this.resolve(s, d.kind, undefined, d, type);
        this.options.push(use);
      }
    }
    for (const def of this.ast.acls) {
      const r = readAclStatements(def.lines);
      const acl: LintAcl = { name: def.name, statements: r.statements, problems: r.problems, def };
      this.acls.push(acl);
      if (!this.aclByName.has(def.name)) this.aclByName.set(def.name, acl);
    }
    this.computeWhere();
  }

  private resolve(s: OptionSetting, scope: OptionScope, table?: Record<string, OptionEntry>, driver?: DriverDef, type?: string): OptionUse {
    const find = (n: string) => table ? (Object.hasOwn(table, n) ? table[n] : undefined) : findDriverOption(scope as DriverClass, type, n);
    let name = s.name;
    let negated = s.negated;
    let entry = find(name);
    // "no_x = ..." is read by Exim as a negated x (and then refused)
    if (!entry && !negated) {
      const m = /^(no|not)_(.+)$/.exec(name);
      if (m && find(m[2]!)) { name = m[2]!; negated = true; entry = find(name); }
    }
    const use: OptionUse = { setting: s, scope, name, negated };
    if (entry) use.entry = entry;
    if (driver) use.driver = driver;
    if (type) use.driverType = type;
    return use;
  }

  /** An option's value as read_string() gives it (dequoted), or where it is malformed. */
  optionValue(s: OptionSetting): SourceText | { error: string; offset: number } | undefined {
    if (s.value === undefined) return undefined;
    let v = this.values.get(s);
    if (!v) {
      v = optionString(s.line, s.line.text.length - s.value.length);
      this.values.set(s, v);
    }
    return v;
  }

  /** the parsed expansion of a text (cached) */
  expansion(src: SourceText): Expr {
    let e = this.exprs.get(src.text);
    if (!e) { e = parseExpansion(src.text); this.exprs.set(src.text, e); }
    return e;
  }

  /** main options set, by name (the last setting) */
  mainOption(name: string): OptionUse | undefined {
    let found: OptionUse | undefined;
    for (const o of this.options) if (o.scope === 'main' && o.name === name) found = o;
    return found;
  }

  /** a named list's value with its place in the config */
  namedListLine(l: NamedListDef): SourceText | undefined {
    if (!l.line) return undefined;
    let v = this.listValues.get(l);
    if (!v) { v = verbatim(l.line, l.line.text.length - l.value.length); this.listValues.set(l, v); }
    return v;
  }

  namedListDefined(kind: NamedListKind, name: string): boolean {
    return this.ast.namedLists.some((l) => l.kind === kind && l.name === name);
  }

  /** The ACL a name refers to as Exim's acl_check() would: a defined name, or undefined for inline text / files / expansions. */
  private computeWhere(): void {
    const add = (acl: string, w: AclWhere) => {
      let set = this.aclWhere.get(acl);
      if (!set) this.aclWhere.set(acl, (set = new Set()));
      if (set.has(w)) return false;
      set.add(w);
      return true;
    };
    for (const o of this.options) {
      if (o.scope !== 'main') continue;
      const w = ACL_OPTION_WHERE[o.name];
      const v = this.optionValue(o.setting);
      if (!w || !v || 'error' in v) continue;
      const name = v.text.trim();
      if (this.aclByName.has(name)) add(name, w);
    }
    // through "acl = name ..." (and ${acl{name}}-free plain names only)
    for (let changed = true; changed;) {
      changed = false;
      for (const acl of this.acls) {
        const from = this.aclWhere.get(acl.name);
        if (!from) continue;
        for (const st of acl.statements) for (const c of st.conditions) {
          if (c.name !== 'acl' || !c.arg) continue;
          const target = /^\S+/.exec(c.arg.text)?.[0];
          if (!target || !this.aclByName.has(target)) continue;
          for (const w of from) if (add(target, w)) changed = true;
        }
      }
    }
  }
}
