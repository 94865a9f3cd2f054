// exim-ts -C FILE -bP [item...] and -bV: option values and the start-up check,
// printed as Debian's exim 4.96 prints them (readconf_print, print_ol, -bV).
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { loadEximConfig, faultText, logFilePathItems, type EximConfig, type DriverInstance } from '../config/exim-config.js';
import { bpDefaults } from '../config/bp-defaults.js';
import { builtinMacros } from '../grammar/config/macros.js';
import { mainOptions, findDriverOption, type DriverClass } from '../lang/options/index.js';
import { printOption, userDbFromFiles, type UserDb } from '../lang/options/values.js';
import { keepEnvironmentPanic } from './environment.js';
import { diskFs } from '../config/disk-fs.js';

export interface InfoIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** now, for log lines */
  now?: () => Date;
  env?: Record<string, string | undefined>;
  users?: UserDb;
  /** the caller may see values set with "hide" */
  admin?: boolean;
  /** started as root (default: the process's uid): -bV then gives up root for exim_user, as Exim does */
  root?: boolean;
}

const readLatin1 = (p: string) => { try { return readFileSync(p, 'latin1'); } catch { return undefined; } };

export function systemUsers(): UserDb {
  return userDbFromFiles(readLatin1('/etc/passwd') ?? '', readLatin1('/etc/group') ?? '');
}

/** Load a config file the way exim does at start-up. */
export function loadForInfo(file: string, defines: { name: string; value: string }[], users: UserDb): EximConfig | undefined {
  const text = readLatin1(file);
  if (text === undefined) return undefined;
  return loadEximConfig(file, text, {
    fs: diskFs,
    defines, builtins: builtinMacros(), users,
  });
}

const stamp = (d: Date) => {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

/** The main option values -bP shows: what the file set, else Debian's defaults, with Exim's derived ones. */
function mainLine(cfg: EximConfig, name: string, io: InfoIo): string | undefined {
  const set = cfg.main.get(name);
  const entry = mainOptions[name];
  const opts = { users: io.users, admin: io.admin ?? true, topBitChars: cfg.main.get('print_topbitchars')?.value.value === true };
  if (set) return printOption(name, set.entry, set.value, { ...opts, hidden: set.hide });
  const str = (n: string): string | undefined => {
    const v = cfg.main.get(n)?.value.value;
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const derived: Record<string, () => string> = {
    primary_hostname: () => hostname(),
    qualify_domain: () => str('primary_hostname') ?? hostname(),
    qualify_recipient: () => str('qualify_domain') ?? str('primary_hostname') ?? hostname(),
    process_log_path: () => `${str('spool_directory') ?? '/var/spool/exim4'}/exim-process.info`,
  };
  if (derived[name]) return `${name} = ${derived[name]!()}\n`;
  const d = bpDefaults.main!.find(([n]) => n === name);
  if (d) return d[1] + '\n';
  if (entry) return printOption(name, entry, undefined, opts);
  return undefined;
}

function driverLines(d: DriverInstance, io: InfoIo, topBitChars: boolean): string {
  const table = bpDefaults[`${d.kind}:${d.driver}`] ?? [];
  let out = '';
  for (const [name, line] of table) {
    const set = d.options.get(name);
    const entry = findDriverOption(d.kind, d.driver, name);
    const opts = { users: io.users, admin: io.admin ?? true, topBitChars };
    if (set) out += printOption(name, set.entry, set.value, { ...opts, hidden: set.hide });
    else if (entry && REQUIRED[`${d.kind}:${d.driver}`]?.includes(name)) out += printOption(name, entry, undefined, opts);
    else out += line + '\n';
  }
  return out;
}

/** options record-bp.py had to set for the recording: unset, they print empty */
const REQUIRED: Record<string, string[]> = {
  'router:accept': ['transport'], 'router:dnslookup': ['transport'], 'router:ipliteral': ['transport'],
  'router:manualroute': ['transport', 'route_list'], 'router:iplookup': ['hosts', 'port'],
  'router:queryprogram': ['command', 'command_user'], 'router:redirect': ['data'],
  'transport:appendfile': ['file'], 'transport:lmtp': ['socket'],
  'authenticator:cram_md5': ['public_name'], 'authenticator:cyrus_sasl': ['public_name'], 'authenticator:dovecot': ['public_name'],
  'authenticator:external': ['public_name'], 'authenticator:plaintext': ['public_name'], 'authenticator:spa': ['public_name'],
  'authenticator:tls': ['public_name'],
};

/** readconf_print(name, type): false when Exim counts it a failure */
function printItem(cfg: EximConfig, name: string | undefined, type: string | undefined, io: InfoIo): boolean {
  const topBit = cfg.main.get('print_topbitchars')?.value.value === true;
  let namesOnly = false;
  if (!type) {
    const n = name!;
    if (n.startsWith('+')) {
      let ok = false;
      for (const kind of ['address', 'domain', 'host', 'localpart'] as const) {
        const l = cfg.ast.namedLists.find((x) => x.kind === kind && x.name === n.slice(1));
        if (!l) continue;
        ok = true;
        io.out(`${kind}list ${n.slice(1)} = ${l.hide ? '<value not displayable>' : l.value}\n`);
      }
      if (!ok) io.out(`no address, domain, host, or local part list called "${n.slice(1)}" exists\n`);
      return ok;
    }
    if (n === 'configure_file' || n === 'config_file') { io.out(cfg.file + '\n'); return true; }
    if (n === 'all') {
      for (const [opt] of bpDefaults.main!) io.out(mainLine(cfg, opt, io) ?? '');
      return true;
    }
    if (n === 'local_scan') { io.out('local_scan() options are not supported\n'); return false; }
    const plural: Record<string, [string, boolean]> = {
      routers: ['router', false], transports: ['transport', false], authenticators: ['authenticator', false], macros: ['macro', false],
      router_list: ['router', true], transport_list: ['transport', true], authenticator_list: ['authenticator', true], macro_list: ['macro', true],
    };
    if (plural[n]) { [type, namesOnly] = plural[n]!; name = undefined; } else {
      const line = mainOptions[n] ? mainLine(cfg, n, io) : undefined;
      if (line === undefined) { io.out(`${n} is not a known option\n`); return false; }
      io.out(line);
      return true;
    }
  }
  if (type === 'macro') {
    if (!(io.admin ?? true)) { io.err('exim: permission denied\n'); return false; }
    for (const m of cfg.ast.macros.list) {
      if (name !== undefined && m.name !== name) continue;
      io.out(namesOnly ? `${m.name}\n` : `${m.name}=${m.value}\n`);
      if (name !== undefined) return true;
    }
    if (name === undefined) return true;
    io.out(`macro ${name} not found\n`);
    return false;
  }
  const list = cfg.drivers.filter((d) => d.kind === (type as DriverClass));
  if (namesOnly) { for (const d of list) io.out(d.name + '\n'); return true; }
  for (const d of list) {
    if (name === undefined) io.out(`\n${d.name} ${type}:\n`);
    else if (d.name !== name) continue;
    io.out(driverLines(d, io, topBit));
    if (name !== undefined) return true;
  }
  if (name === undefined) return true;
  io.out(`${type} ${name} not found\n`);
  return false;
}

function configFile(file: string | undefined): string {
  return file ? resolve(file) : '/etc/exim4/exim4.conf';
}

/** -bP [items]: exit status as exim's */
export function runBp(file: string | undefined, defines: { name: string; value: string }[], items: string[], io: InfoIo): number {
  const users = io.users ?? systemUsers();
  io = { ...io, users };
  const path = file ?? configFile(file);
  const cfg = loadForInfo(path, defines, users);
  if (!cfg) { io.err(`${stamp((io.now ?? (() => new Date()))())} non-existent configuration file(s): ${path}\n`); return 1; }
  // the environment is matched against keep_environment once the main section is read
  const panic = cfg.errorInMain ? undefined : keepEnvironmentPanic(cfg.main.get('keep_environment')?.value.value, io.env ?? process.env);
  if (panic) { io.err(`LOG: MAIN PANIC DIE\n  ${panic}\n`); return 1; }
  // started as root, Exim gives up root once the main section is read, before it reads the rest
  const dropFault = !cfg.errorInMain && (io.root ?? process.getuid?.() === 0) ? dropPrivilegeFault(cfg, users) : undefined;
  if (dropFault) { io.err(`LOG: MAIN PANIC DIE\n  ${dropFault}\n`); return 1; }
  if (cfg.error) {
    const paths = morePathsWarning(cfg);
    if (paths) io.err(`LOG: MAIN PANIC\n  ${paths}\n`);
    io.err(`LOG: ${cfg.error.log ?? 'PANIC DIE'}\n  ${faultText(cfg.error)}\n`);
    return 1;
  }
  let fail = false;
  if (!items.length) return printItem(cfg, 'all', undefined, io) ? 0 : 1;
  for (let i = 0; i < items.length; i++) {
    const x = items[i]!;
    if (i < items.length - 1 && ['router', 'transport', 'authenticator', 'macro', 'environment'].includes(x)) {
      fail = !printItem(cfg, items[i + 1]!, x, io) || fail;
      i++;
    } else fail = !printItem(cfg, x, undefined, io);
  }
  return fail ? 1 : 0;
}

/** -bV: version and features, then the configuration check */
export function runBv(file: string | undefined, defines: { name: string; value: string }[], io: InfoIo): number {
  const users = io.users ?? systemUsers();
  const now = io.now ?? (() => new Date());
  io.out(VERSION_LINES);
  const path = file ?? configFile(file);
  const cfg = loadForInfo(path, defines, users);
  if (!cfg) { io.err(`${stamp(now())} non-existent configuration file(s): ${path}\n`); return 1; }
  const env = io.env ?? process.env;
  const purge = Object.keys(env).length > 0 && !cfg.main.has('keep_environment');
  const log: string[] = [];
  // the environment is purged once the main section is read: a fault found later comes after the warning
  if (purge && !cfg.errorInMain) log.push('Warning: purging the environment.\n Suggested action: use keep_environment.');
  // matching it against keep_environment may end the run there
  const panic = cfg.errorInMain ? undefined : keepEnvironmentPanic(cfg.main.get('keep_environment')?.value.value, env);
  // started as root, Exim then gives up root for exim_user, before it reads the rest of the config
  const dropFault = !cfg.errorInMain && !panic && (io.root ?? process.getuid?.() === 0) ? dropPrivilegeFault(cfg, users) : undefined;
  if (panic) log.push(panic);
  else if (dropFault) log.push(dropFault);
  else if (cfg.error) log.push(faultText(cfg.error));
  // the first thing logged makes Exim look at log_file_path, as it stands then
  const paths = log.length ? morePathsWarning(cfg) : undefined;
  for (const line of paths ? [paths, ...log] : log) io.err(`${stamp(now())} ${line}\n`);
  if (cfg.error || dropFault || panic) return 1;
  io.out(`Configuration file is ${path}\n`);
  return 0;
}

/**
 * exim_setugid() with initgroups(), as Exim calls it after reading the config
 * when started as root: exim_user must have a passwd entry, and the gid
 * (gid_t)-1 is refused by the kernel.
 */
function dropPrivilegeFault(cfg: EximConfig, users: UserDb): string | undefined {
  const uid = cfg.main.get('exim_user')?.value.value;
  const gid = cfg.main.get('exim_group')?.value.value;
  if (typeof uid !== 'number') return undefined;
  if (users.userById(uid) === undefined) return `cannot run initgroups(): no passwd entry for uid=${uid}`;
  if (gid === 4294967295) return `initgroups failed for uid=${uid}: Invalid argument`;
  return undefined;
}

/** open_log()'s complaint when log_file_path names more than one file (syslog aside) */
function morePathsWarning(cfg: EximConfig): string | undefined {
  const v = cfg.logFilePathAtLog;
  if (v === undefined) return undefined;
  const items = logFilePathItems(v).filter((x) => x !== 'syslog');
  if (items.length < 2) return undefined;
  // an empty first item means the build's default (Debian's LOG_FILE_PATH)
  return `More than one path given in log_file_path: using ${items[0] || BUILD_LOG_FILE_PATH}`;
}

const BUILD_LOG_FILE_PATH = '/var/log/exim4/%slog';

const VERSION_LINES = [
  'Exim-ts version 0.1.0 (Exim 4.96 configuration and expansion language, in TypeScript)',
  'Compatible with: Exim 4.96 as built by Debian (exim4-daemon-heavy)',
  'Support for: expansions ACL-checking config-linting',
  'Lookups (built-in): lsearch wildlsearch nwildlsearch iplsearch dsearch passwd',
  'Authenticators: cram_md5 cyrus_sasl dovecot external plaintext spa tls (options only)',
  'Routers: accept dnslookup ipliteral iplookup manualroute queryprogram redirect (options only)',
  'Transports: appendfile autoreply lmtp pipe smtp (options only)',
  '',
].join('\n');
