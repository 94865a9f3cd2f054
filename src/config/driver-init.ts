// What the drivers' init functions do once a driver's options are read
// (route_init() and the routers' and transports' *_init() functions): start-up errors in Exim's words, and the values
// they derive from other settings, which -bP then shows.
import { findDriverOption, type DriverClass } from '../lang/options/index.js';
import type { OptionValue } from '../lang/options/values.js';

/** the part of a driver instance these checks read and change */
export interface InitDriver {
  kind: DriverClass;
  name: string;
  driver?: string;
  options: Map<string, { entry: { type: OptionValue['type'] }; value: OptionValue; hide: boolean; derived?: boolean }>;
}

/** How Exim introduces an init error: LOG_CONFIG_FOR ("error for NAME KIND:") or LOG_CONFIG ("error:") */
export interface InitFault { form: 'driver' | 'config'; driver?: string; message: string }

/** routers whose init insists on a transport (ri_yestransport in drtables.c) and those that refuse one (ri_notransport) */
export const NEED_TRANSPORT: ReadonlySet<string> = new Set(['accept', 'dnslookup', 'ipliteral']);
export const NO_TRANSPORT: ReadonlySet<string> = new Set(['iplookup', 'redirect']);

const FROM_ADDRESS = 'From ${if def:return_path{$return_path}{MAILER-DAEMON}} ${tod_bsdinbox}\n';
const QUOTA_WARN_MESSAGE = 'To: $local_part@$domain\nSubject: Your mailbox\n\n'
  + 'This message is automatically created by mail delivery software (Exim).\n\n'
  + 'The size of your mailbox has exceeded a warning threshold that is\nset by the system administrator.\n';

const val = (d: InitDriver, n: string) => d.options.get(n)?.value.value;
const isSet = (d: InitDriver, n: string) => d.options.has(n) && !d.options.get(n)!.derived;
const on = (d: InitDriver, n: string) => val(d, n) === true;
/** a fixed (not expanded) uid/gid is set */
const fixedId = (d: InitDriver, n: string) => typeof val(d, n) === 'number' && d.options.get(n)!.value.expand === undefined;
const expandedId = (d: InitDriver, n: string) => d.options.get(n)?.value.expand !== undefined;

/** Set a value the init function derives (only options the driver has). */
function derive(d: InitDriver, name: string, value: OptionValue['value']): void {
  const entry = findDriverOption(d.kind, d.driver, name);
  if (!entry) return;
  d.options.set(name, { entry, value: { type: entry.type, value }, hide: false, derived: true });
}

/** The init function's first start-up error for one driver, if any. */
export function driverInitFault(d: InitDriver): InitFault | undefined {
  const forDriver = (message: string): InitFault => ({ form: 'driver', driver: `${d.name} ${d.kind}`, message });
  const config = (message: string): InitFault => ({ form: 'config', message });
  if (d.kind === 'router' && d.driver === 'redirect') {
    const file = d.options.has('file'), data = d.options.has('data');
    if (file === data) return forDriver(`${file ? 'only ' : ''}one of "file" or "data" must be specified`);
    if (on(d, 'one_time')) {
      if (d.options.has('headers_add') || d.options.has('headers_remove')) {
        return forDriver('"headers_add" and "headers_remove" are not permitted with "one_time"');
      }
      if (d.options.has('unseen') && val(d, 'unseen') !== false) return forDriver('"unseen" may not be used with "one_time"');
    }
    if (d.options.has('qualify_domain') && on(d, 'qualify_preserve_domain')) {
      return forDriver('only one of "qualify_domain" or "qualify_preserve_domain" must be set');
    }
    if (on(d, 'allow_filter') && !on(d, 'check_local_user') && !d.options.has('user')) {
      return forDriver('"user" or "check_local_user" must be set with "allow_filter"');
    }
  }
  if (d.kind === 'router' && d.driver === 'manualroute') {
    const words = ['ignore', 'decline', 'defer', 'fail', 'freeze', 'pass'];
    const hff = val(d, 'host_find_failed');
    if (typeof hff === 'string' && !words.includes(hff)) return forDriver('unrecognized setting for host_find_failed option');
    const hai = val(d, 'host_all_ignored');
    if (typeof hai === 'string' && !words.slice(1).includes(hai)) return forDriver('unrecognized setting for host_all_ignored option');
    if (d.options.has('route_list') === d.options.has('route_data')) return forDriver('route_list or route_data (but not both) must be specified');
  }
  if (d.kind === 'router' && d.driver === 'queryprogram') {
    if (!d.options.has('command')) return forDriver('a command specification is required');
    if (!d.options.has('command_user')) return forDriver('command_user must be specified');
  }
  if (d.kind === 'router' && d.driver === 'iplookup') {
    const port = val(d, 'port');
    if (typeof port !== 'number' || port < 0) return forDriver('a port must be specified');
    if (!d.options.has('hosts')) return forDriver('a host list must be specified');
    const proto = val(d, 'protocol');
    if (typeof proto === 'string' && proto !== 'udp' && proto !== 'tcp') return forDriver('protocol not specified as udp or tcp');
  }
  if (d.kind === 'transport' && d.driver === 'smtp') {
    for (const n of ['command_timeout', 'data_timeout', 'final_timeout']) {
      const t = val(d, n);
      if (typeof t === 'number' && t <= 0) return config(`command, data, or final timeout value is zero for ${d.name} transport`);
    }
  }
  if (d.kind === 'transport' && d.driver === 'lmtp') {
    if (d.options.has('command') === d.options.has('socket')) return config(`one (and only one) of command or socket must be set for the ${d.name} transport`);
  }
  if (d.kind === 'transport' && (d.driver === 'lmtp' || d.driver === 'autoreply')) {
    if (fixedId(d, 'user') && !fixedId(d, 'group') && !expandedId(d, 'group')) return config(`user set without group for the ${d.name} transport`);
  }
  if (d.kind === 'transport' && d.driver === 'appendfile') {
    const tr = forDriver;
    const file = d.options.has('file'), dir = d.options.has('directory');
    if (file && dir) return tr('only one of "file" or "directory" can be specified');
    if (file && d.options.has('quota_filecount')) return tr('quota_filecount must not be set without "directory"');
    if (file && d.options.has('quota_directory')) return tr('quota_directory must not be set without "directory"');
    const lock = appendfileLocks(d);
    if (!lock.fcntl && !lock.flock && !lock.lockfile && !lock.mbx) return tr('no locking configured');
    if (dir) {
      if (on(d, 'maildir_format') && on(d, 'mailstore_format')) return tr('only one of maildir and mailstore may be specified');
      if (d.options.has('quota_filecount') && !d.options.has('quota')) return tr('quota must be set if quota_filecount is set');
      if (d.options.has('quota_directory') && !d.options.has('quota')) return tr('quota must be set if quota_directory is set');
    }
    if (fixedId(d, 'user') && !fixedId(d, 'group') && !expandedId(d, 'group')) return config(`user set without group for the ${d.name} transport`);
    const cf = val(d, 'create_file');
    if (typeof cf === 'string' && cf && !['anywhere', 'belowhome', 'inhome'].includes(cf) && cf[0] !== '/') {
      return config(`invalid value given for "create_file" for the ${d.name} transport: '${cf}'`);
    }
  }
  if (d.kind === 'transport' && d.driver === 'pipe') {
    const anyId = ['user', 'group'].some((n) => d.options.has(n));
    if (on(d, 'pipe_as_creator') && anyId) return config(`both pipe_as_creator and an explicit uid/gid are set for the ${d.name} transport`);
    if (fixedId(d, 'user') && !fixedId(d, 'group') && !expandedId(d, 'group')) return config(`user set without group for the ${d.name} transport`);
    const te = val(d, 'temp_errors');
    if (typeof te === 'string' && te !== '*' && !/^[0-9: ]*$/.test(te)) {
      return config(`temp_errors must be a list of numbers or an asterisk for the ${d.name} transport`);
    }
    if (on(d, 'return_output') && on(d, 'return_fail_output')) return config(`both return_output and return_fail_output set for ${d.name} transport`);
    if (on(d, 'log_output') && on(d, 'log_fail_output')) return config(`both log_output and log_fail_output set for the ${d.name} transport`);
    if (on(d, 'restrict_to_path') && on(d, 'use_shell')) return config(`both restrict_to_path and use_shell set for ${d.name} transport`);
    if (on(d, 'allow_commands') && on(d, 'use_shell')) return config(`both allow_commands and use_shell set for ${d.name} transport`);
  }
  return undefined;
}

/** appendfile's locking after its init: explicit settings, then the defaults that depend on them */
function appendfileLocks(d: InitDriver): { fcntl: boolean; flock: boolean; lockfile: boolean; mbx: boolean } {
  const setByUser = (n: string) => isSet(d, n);
  let fcntl = isSet(d, 'use_fcntl_lock') ? on(d, 'use_fcntl_lock') : true;
  let flock = on(d, 'use_flock_lock');
  let lockfile = isSet(d, 'use_lockfile') ? on(d, 'use_lockfile') : true;
  let mbx = on(d, 'use_mbx_lock');
  if (flock && !setByUser('use_fcntl_lock')) fcntl = false;
  if (on(d, 'mbx_format')) {
    if (!['use_lockfile', 'use_fcntl_lock', 'use_flock_lock', 'use_mbx_lock'].some(setByUser)) {
      lockfile = flock = false;
      mbx = fcntl = true;
    } else if (mbx) {
      if (!setByUser('use_lockfile')) lockfile = false;
      if (!setByUser('use_fcntl_lock')) fcntl = false;
      if (!setByUser('use_flock_lock')) flock = false;
      if (!fcntl && !flock) fcntl = true;
    }
  }
  return { fcntl, flock, lockfile, mbx };
}

/** The values the init functions derive, as -bP shows them afterwards. */
export function applyDriverInit(d: InitDriver): void {
  if (d.kind === 'router') {
    // route_init(): retry_use_local_part defaults on when anything looks at the local part
    if (!isSet(d, 'retry_use_local_part')) {
      const uses = on(d, 'check_local_user')
        || ['local_parts', 'condition', 'local_part_prefix', 'local_part_suffix', 'senders', 'require_files'].some((n) => d.options.has(n));
      derive(d, 'retry_use_local_part', uses);
    }
    if (d.driver === 'redirect') {
      if (on(d, 'one_time')) for (const n of ['forbid_pipe', 'forbid_file', 'forbid_filter_reply']) derive(d, n, true);
      const listed = (n: string) => { const v = val(d, n); return Array.isArray(v) && v.length > 0; };
      if (!isSet(d, 'check_owner')) derive(d, 'check_owner', on(d, 'check_local_user') || listed('owners'));
      if (!isSet(d, 'check_group')) {
        const mm = val(d, 'modemask');
        const modemask = typeof mm === 'number' ? mm : 0o22;
        derive(d, 'check_group', (on(d, 'check_local_user') && (modemask & 0o20) === 0) || listed('owngroups'));
      }
    }
  }
  if (d.kind === 'transport' && d.driver === 'appendfile') {
    if (val(d, 'lock_retries') === 0) derive(d, 'lock_retries', 1);
    const lock = appendfileLocks(d);
    derive(d, 'use_fcntl_lock', lock.fcntl);
    derive(d, 'use_flock_lock', lock.flock);
    derive(d, 'use_lockfile', lock.lockfile);
    derive(d, 'use_mbx_lock', lock.mbx);
    if (!lock.fcntl) derive(d, 'lock_fcntl_timeout', 0);
    if (!lock.flock) derive(d, 'lock_flock_timeout', 0);
    if (d.options.has('quota_warn_threshold') && !d.options.has('quota_warn_message')) derive(d, 'quota_warn_message', QUOTA_WARN_MESSAGE);
    affixes(d, !d.options.has('directory') && !on(d, 'maildir_format') && !on(d, 'mailstore_format'), true);
  }
  if (d.kind === 'transport' && d.driver === 'pipe') affixes(d, true, false);
  if (d.kind === 'transport' && d.driver === 'smtp' && !d.options.has('port')) {
    // the default port follows the protocol
    const proto = String(val(d, 'protocol') ?? 'smtp').toLowerCase();
    derive(d, 'port', proto === 'lmtp' ? 'lmtp' : proto === 'smtps' ? 'smtps' : 'smtp');
  }
}

/** use_bsmtp forces "."/".." escaping; otherwise the mbox-style defaults where they apply */
function affixes(d: InitDriver, mbox: boolean, checkStrings: boolean): void {
  const dflt = (n: string, v: string) => { if (!isSet(d, n)) derive(d, n, v); };
  if (on(d, 'use_bsmtp')) {
    derive(d, 'check_string', '.');
    derive(d, 'escape_string', '..');
    dflt('message_prefix', '');
    dflt('message_suffix', '');
    return;
  }
  if (mbox) {
    dflt('message_prefix', FROM_ADDRESS);
    dflt('message_suffix', '\n');
    if (checkStrings) { dflt('check_string', 'From '); dflt('escape_string', '>From '); }
  } else {
    for (const n of ['message_prefix', 'message_suffix', 'check_string', 'escape_string']) dflt(n, '');
  }
}
