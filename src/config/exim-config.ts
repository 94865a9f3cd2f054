// The runtime configuration as Exim holds it after start-up: every option's
// typed value (main section and each driver instance), and the first error
// Exim would stop at, worded and placed as Exim reports it (for -bV and -bP).
// Built on parseConfig (structure) and lang/options/values (option values).
import { noDriverYetText, parseConfig, type ConfigAst, type ParseOptions, type Pos } from '../grammar/config/parse.js';
import type { LogicalLine } from '../grammar/config/lines.js';
import { readAcl } from '../grammar/config/acl.js';
import { mainOptions, findDriverOption, driverNames, type DriverClass, type OptionEntry } from '../lang/options/index.js';
import { parseRetryRule } from '../lang/options/retry.js';
import { applyDriverInit, driverInitFault, NEED_TRANSPORT, NO_TRANSPORT } from './driver-init.js';
import { checkRewriteRule, handleOptionLine, type OptionValue, type UserDb } from '../lang/options/values.js';
import { ExpandContext, emptyConfig } from '../runtime/expand/context.js';
import { expandString } from '../runtime/expand/expand.js';
import { hostname } from 'node:os';
import { ListReader } from '../lang/util/list.js';

/** the parser's words for problems Exim words differently */
const RENAMED: Record<string, string> = {
  'ACL name missing': 'missing or malformed ACL name',
};

export interface SetOption {
  entry: OptionEntry; value: OptionValue; hide: boolean;
  /** not in the file: derived at start-up (a driver's init function, "verify" setting verify_sender/_recipient, a user's group) */
  derived?: boolean;
}

export interface DriverInstance {
  kind: DriverClass;
  name: string;
  driver?: string;
  options: Map<string, SetOption>;
  pos: Pos;
}

/** How Exim introduces the error: "in line N of FILE", a driver's, or a bare message. */
export interface ConfigFault {
  message: string;
  /** 'line': "Exim configuration error in line N of F:"; 'config': "Exim configuration error:";
   * 'driver': "Exim configuration error for NAME KIND:"; 'plain': the message alone */
  form: 'line' | 'config' | 'driver' | 'plain';
  file?: string;
  line?: number;
  driver?: string;
  /** how -bP's debug output labels it: "PANIC DIE" (config), "MAIN PANIC DIE" (main log), "PANIC" (macros) */
  log?: string;
}

export interface EximConfig {
  file: string;
  ast: ConfigAst;
  main: Map<string, SetOption>;
  drivers: DriverInstance[];
  /** the error Exim stops at, if any */
  error?: ConfigFault;
  /** the error is found while the main section is read (readconf_main()), before Exim purges the environment */
  errorInMain?: boolean;
  /** log_file_path as it stands when Exim first logs (the error, or the purge warning): undefined for the default */
  logFilePathAtLog?: string;
}

/** Exim's text for a fault, as written to stderr (without the timestamp). */
export function faultText(f: ConfigFault): string {
  switch (f.form) {
    case 'line': return `Exim configuration error in line ${f.line} of ${f.file}:\n  ${f.message}`;
    case 'config': return `Exim configuration error:\n  ${f.message}`;
    case 'driver': return `Exim configuration error for ${f.driver}:\n  ${f.message}`;
    default: return f.message;
  }
}

const SYSLOG_FACILITIES = ['mail', 'user', 'news', 'uucp', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7', 'daemon'];

interface Candidate { seq: number; fault: ConfigFault }

/** what Exim expands while reading the config (uid and gid lists, spool and log paths): no message, no session */
function readTimeExpand(s: string, primaryHostname = hostname()): { value: string } | { error: string } {
  const ctx = new ExpandContext(emptyConfig());
  ctx.set('primary_hostname', primaryHostname);
  const r = expandString(s, ctx);
  return r.ok ? { value: r.value } : { error: r.error.message };
}

/** log_file_path's items, as Exim reads them (a fixed ':' separator, white space trimmed) */
export function logFilePathItems(v: string): string[] {
  const items: string[] = [];
  const r = new ListReader(v, 58);
  for (let item = r.next(); item !== undefined; item = r.next()) items.push(item);
  return items;
}

export function loadEximConfig(file: string, text: string, opts: ParseOptions & { users?: UserDb }): EximConfig {
  const ast = parseConfig(file, text, opts);
  const main = new Map<string, SetOption>();
  const drivers: DriverInstance[] = [];
  const found: Candidate[] = [];
  /** Exim reports the line it had just read: the last physical line of a logical line */
  const lineFault = (l: LogicalLine, message: string): Candidate => {
    const p = l.pieces[l.pieces.length - 1]!;
    return { seq: l.seq ?? 0, fault: { message, form: 'line', file: p.file, line: p.line } };
  };

  for (const p of ast.problems) {
    if (!p.fatal) continue;
    const macro = /^macro "|^can't redefine|cannot be defined as a macro/.test(p.message);
    // macro_read_assignment()'s own syntax errors name the line, and are PANIC (not DIE) too
    const macroSyntax = /^malformed macro definition$|^macro name too long/.test(p.message);
    const noLine = macro || /^there are two (routers|transports|authenticators) called/.test(p.message);
    const message = RENAMED[p.message] ?? p.message.replace(/^("[^"]*") section has already been read$/, '$1 section is repeated in the configuration file');
    found.push({ seq: p.seq ?? 0, fault: { message, form: noLine ? 'config' : 'line', ...(noLine ? {} : { file: p.file, line: p.endLine ?? p.line }), ...(macro || macroSyntax ? { log: 'PANIC' } : {}) } });
  }
  // retry rules, as readconf_retries() reads them
  for (const l of ast.retry) {
    const r = parseRetryRule(l.text);
    if ('error' in r) { found.push(lineFault(l, r.error)); break; }
  }
  // global rewrite rules
  for (const l of ast.rewrite) {
    const r = checkRewriteRule(l.text, true);
    if ('error' in r) { found.push(lineFault(l, r.error)); break; }
  }
  const firstLine = text.split('\n', 1)[0]!;
  if (firstLine.startsWith('\xef\xbb\xbf')) found.push({ seq: 0, fault: { message: 'found unexpected BOM (Byte Order Mark)', form: 'line', file, line: 1 } });

  // main options, in reading order
  const seenMain = new Set<string>();
  for (const o of ast.main) {
    const r = handleOptionLine(o.line.text, (n) => mainOptions[n], seenMain, 'main option "%s" unknown', {
      users: opts.users, previousOf: (n) => main.get(n)?.value, expand: readTimeExpand,
    });
    if ('error' in r) { found.push(lineFault(o.line, r.error)); break; }
    main.set(r.line.name, { entry: r.entry, value: r.value, hide: r.line.hide });
    // a uid given by name sets the matching group too, unless that is set
    if (r.value.gid !== undefined && r.line.name.endsWith('_user')) {
      const g = r.line.name.slice(0, -4) + 'group';
      const ge = mainOptions[g];
      if (ge && !main.has(g)) main.set(g, { entry: ge, value: { type: ge.type, value: r.value.gid }, hide: false });
    }
  }
  // a numeric system_filter_user takes its group from the passwd entry of that uid
  const sfu = main.get('system_filter_user')?.value.value;
  if (typeof sfu === 'number' && !main.has('system_filter_group') && opts.users) {
    const n = opts.users.userById(sfu);
    const gid = n !== undefined ? opts.users.userByName(n)?.gid : undefined;
    const ge = mainOptions.system_filter_group!;
    if (gid !== undefined) main.set('system_filter_group', { entry: ge, value: { type: ge.type, value: gid }, hide: false });
  }
  // the longest retry interval is a day
  const rim = main.get('retry_interval_max');
  if (rim && typeof rim.value.value === 'number' && rim.value.value > 86400) rim.value = { ...rim.value, value: 86400 };

  // driver instances: generic options, then the driver's own once driver= is known
  for (const d of ast.drivers) {
    const inst: DriverInstance = { kind: d.kind, name: d.name, options: new Map(), pos: d.pos };
    drivers.push(inst);
    const seen = new Set<string>();
    for (const o of d.options) {
      const r = handleOptionLine(o.line.text, (n) => findDriverOption(d.kind, inst.driver, n), seen, 'option "%s" unknown', {
        users: opts.users, previousOf: (n) => inst.options.get(n)?.value, expand: readTimeExpand,
      });
      if ('error' in r) {
        let msg = r.error;
        // readconf_driver_init() names the line's first word (readconf_readname), not the option read
        if (!inst.driver && (r.unknown || msg.startsWith('option "'))) msg = noDriverYetText(o.line.text);
        found.push(lineFault(o.line, msg));
        break;
      }
      inst.options.set(r.line.name, { entry: r.entry, value: r.value, hide: r.line.hide });
      derivedSettings(inst, r.line.name, r.entry, r.value);
      if (r.line.name === 'driver') {
        const name = String(r.value.value);
        if (!driverNames(d.kind).includes(name)) {
          found.push(lineFault(o.line, `${d.kind} ${d.name}: cannot find ${d.kind} driver "${name}"`));
          break;
        }
        inst.driver = name;
      }
    }
  }

  // readconf_driver_init() finishes a driver when the next one (or the section's
  // end) is read: a missing driver= and the driver's init checks are reported
  // there, before anything after it; a section's own checks (route_init()) come
  // at its end, before the next "begin" line's name is looked at
  const EOF_SEQ = 1e9;
  const ends = [...ast.drivers.map((d) => d.seq), ...ast.begins].sort((a, b) => a - b);
  const nextAfter = (seq: number, list: number[]) => list.find((s) => s > seq) ?? EOF_SEQ;
  for (let i = 0; i < drivers.length; i++) {
    const d = ast.drivers[i]!;
    const inst = drivers[i]!;
    const finish = nextAfter(d.seq, ends) - 0.5;
    if (!inst.driver) found.push({ seq: finish, fault: { form: 'config', message: `no driver defined for ${d.kind} "${d.name}"` } });
    else {
      const init = driverInitFault(inst);
      if (init) found.push({ seq: finish, fault: init });
    }
  }
  const routers = ast.sections.find((x) => x.name === 'routers');
  if (routers) {
    const fault = routeInitFault(drivers.filter((x) => x.kind === 'router' && x.driver));
    if (fault) found.push({ seq: nextAfter(routers.seq, ast.begins) - 0.25, fault });
  }

  // each ACL through acl_read(), as Exim does while reading the acl section
  for (const a of ast.acls) {
    const lines = a.lines.map((l) => ({ text: l.text, line: l.pieces[l.pieces.length - 1]?.line ?? a.pos.line, seq: l.seq ?? 0 }));
    const r = readAcl(lines, a.pos.file);
    if (!r.ok) {
      const at = lines.find((l) => l.line === r.line);
      found.push({ seq: at?.seq ?? 0, fault: { message: `error in ACL: ${r.error}`, form: 'line', file: a.pos.file, line: r.line } });
      break;
    }
  }

  found.sort((a, b) => a.seq - b.seq);
  // readconf_main() stops at the first "begin" line: what comes before it and its own checks
  const mainEnd = ast.begins[0] ?? EOF_SEQ;
  const inMain = found[0] && found[0].seq < mainEnd;
  const early = inMain ? found[0]!.fault : afterMain(main, file);
  const error: ConfigFault | undefined = early ?? found[0]?.fault;
  // a fault in the main section is logged with log_file_path as far as it was read, unexpanded
  let logFilePathAtLog: string | undefined;
  if (inMain) for (const o of ast.main) { if ((o.line.seq ?? 0) < found[0]!.seq && o.name === 'log_file_path') logFilePathAtLog = o.value; }
  else if (typeof main.get('log_file_path')?.value.value === 'string') logFilePathAtLog = main.get('log_file_path')!.value.value as string;
  if (!error) for (const d of drivers) if (d.driver) applyDriverInit(d);
  return { file, ast, main, drivers, logFilePathAtLog, ...(error ? { error, errorInMain: early !== undefined } : {}) };
}

/** What setting one option sets besides itself (readconf_handle_option):
 * "verify"/"fail_verify" set their _sender and _recipient options, and a user
 * given by name sets the group from its passwd entry unless a group is set. */
function derivedSettings(inst: DriverInstance, name: string, entry: OptionEntry, value: OptionValue): void {
  const put = (n: string, v: OptionValue['value']) => {
    const e = findDriverOption(inst.kind, inst.driver, n);
    if (e) inst.options.set(n, { entry: e, value: { type: e.type, value: v }, hide: false, derived: true });
  };
  if (entry.type === 'bool_verify') {
    put(`${name}_sender`, value.value);
    put(`${name}_recipient`, value.value);
  }
  if (name === 'user' && value.gid !== undefined) {
    const g = inst.options.get('group');
    if (!g || g.derived) put('group', value.gid);
  }
}

/** readconf_main()'s checks once the main section is read */
function afterMain(main: Map<string, SetOption>, _file: string): ConfigFault | undefined {
  const v = (n: string) => main.get(n)?.value.value;
  if (v('local_sender_retain') === true && v('local_from_check') !== false) {
    return { form: 'plain', log: 'MAIN PANIC DIE', message: 'both local_from_check and local_sender_retain are set; this combination is not allowed' };
  }
  // spool_directory and log_file_path are expanded as the main section ends
  // (Exim keeps the expanded values: -bP shows them)
  const host = v('primary_hostname');
  const expanded = (name: string): string | ConfigFault | undefined => {
    const set = main.get(name);
    const raw = set?.value.value;
    if (typeof raw !== 'string') return undefined;
    const r = readTimeExpand(raw, typeof host === 'string' ? host : undefined);
    if ('error' in r) return { form: 'plain', log: 'MAIN PANIC DIE', message: `failed to expand ${name} "${raw}": ${r.error}` };
    set!.value = { ...set!.value, value: r.value };
    return r.value;
  };
  // checked before its expansion: an empty value, not one that expands to nothing
  if (v('spool_directory') === '') return { form: 'plain', log: 'MAIN PANIC DIE', message: 'spool_directory undefined: cannot proceed' };
  const spool = expanded('spool_directory');
  if (typeof spool === 'object') return spool;
  const lfp = expanded('log_file_path');
  if (typeof lfp === 'object') return lfp;
  if (lfp) {
    for (const item of logFilePathItems(lfp)) {
      if (item === '' || item === 'syslog') continue;
      if (!item.includes('%s')) return { form: 'plain', log: 'MAIN PANIC DIE', message: `log_file_path "${item}" does not contain "%s"` };
      const rest = item.replace('%s', 'X');
      const pc = rest.indexOf('%');
      if (pc >= 0 && ((rest[pc + 1] !== 'D' && rest[pc + 1] !== 'M') || rest.indexOf('%', pc + 2) >= 0)) {
        return { form: 'plain', log: 'MAIN PANIC DIE', message: `log_file_path "${lfp}" contains unexpected "%" character` };
      }
    }
  }
  const fac = v('syslog_facility');
  if (typeof fac === 'string') {
    const s = fac.length >= 4 && fac.slice(0, 4).toLowerCase() === 'log_' ? fac.slice(4) : fac;
    if (!SYSLOG_FACILITIES.includes(s.toLowerCase())) return { form: 'config', message: `failed to interpret syslog_facility "${fac}"` };
  }
  const ert = v('errors_reply_to');
  if (typeof ert === 'string' && !ert.includes('$') && !/@/.test(ert)) {
    return { form: 'config', message: `errors_reply_to (${ert}) does not contain a domain` };
  }
  return undefined;
}

/** route_init()'s checks over the routers once they are all read */
function routeInitFault(routers: DriverInstance[]): ConfigFault | undefined {
  for (const d of routers) {
    if (NEED_TRANSPORT.has(d.driver!) && !d.options.has('transport') && d.options.get('verify_only')?.value.value !== true) {
      return { form: 'config', message: `${d.name} router:\n  a transport is required for this router` };
    }
    if (NO_TRANSPORT.has(d.driver!) && d.options.has('transport')) {
      return { form: 'config', message: `${d.name} router:\n  a transport must not be defined for this router` };
    }
    const self = d.options.get('self')?.value.value;
    if (typeof self === 'string' && !/^(freeze|defer|fail|send|pass|reroute:.*)$/.test(self)) {
      return { form: 'driver', driver: `${d.name} router`, message: `${self} is not valid for the self option` };
    }
  }
  return undefined;
}
