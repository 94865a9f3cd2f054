// The session context an expansion is evaluated against: variable values,
// message headers, configuration facts and pluggable services. The SMTP
// server, the ACL engine, -be and embedding programs all fill one of these.
//
// Values are byte strings. A variable nobody set prints what Exim prints for
// its C type (int "0", bool "no", ...) or the option it mirrors; a few have
// fixed "unset" values in Exim (ports -1, local_user_uid (uid_t)-1, ...).
import { statfsSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { LookupRegistry } from '../../lang/lookups/types.js';
import { variables, type VarEntry } from '../../lang/variables.js';
import { listItems } from '../../lang/util/list.js';
import { aton, ipType, nmtoa } from '../../lang/util/ip.js';
import { formatTod } from './tod.js';
import {
  findHeader, FH_EXISTS_ONLY, FH_WANT_LIST, FH_WANT_RAW, HTYPE, headerKind, type HeaderLine,
} from '../message/headers.js';
import type { ReceivedMessage } from '../message/receive.js';
import type { SessionServices } from '../../lang/services/index.js';
import type { AclDefinition } from '../../lang/acl/types.js';
import type { MimePartAccess } from '../../lang/acl/mime.js';
import type { RunAcl } from '../../lang/conditions/acl.js';
import { AclEngine, runAclHook } from '../acl/engine.js';

/** A header as name and raw value (the part after the colon, folding kept). */
export interface Header {
  name: string;
  value: string;
}

export type NamedListKind = 'domain' | 'host' | 'address' | 'localpart';

export interface NamedList {
  kind: NamedListKind;
  name: string;
  value: string;
  cache: boolean;
}

/** Config facts the expander reads (the config reader fills these). */
export interface ExpandConfig {
  /** main options as their raw string values (primary_hostname, ...) */
  options: Map<string, string>;
  namedLists: Map<string, NamedList>;
  strictAclVars: boolean;
  /** file name for $config_file */
  configFile: string;
  /** the ACLs of "begin acl", parsed (for ${acl}, the acl condition and the ACL engine) */
  acls?: ReadonlyMap<string, AclDefinition>;
}

export function emptyConfig(): ExpandConfig {
  return { options: new Map(), namedLists: new Map(), strictAclVars: false, configFile: '' };
}

/** Facts of the Exim build we reproduce (Debian's exim4-daemon-heavy 4.96). */
export const BUILD = {
  version: '4.96',
  compileNumber: '2',
  compileDate: '26-Nov-2026 14:26:47',
  eximPath: '/usr/sbin/exim4',
  spoolDirectory: '/var/spool/exim4',
  logFilePath: '',
  headersCharset: 'UTF-8',
  messageBodyVisible: 500,
  bounceReturnSizeLimit: 100 * 1024,
  spfGuess: 'v=spf1 a/24 mx/24 ptr ?all',
} as const;

/** Values Exim's globals start with when they are not plain 0 / NULL. */
const INITIAL: Record<string, string> = {
  interface_port: '-1',
  received_port: '-1',
  sending_port: '-1',
  mime_part_count: '-1',
  // (uid_t)-1 printed as a long
  local_user_uid: '4294967295',
  local_user_gid: '4294967295',
};

/** dkim_exim_expand_defaults(): what the DKIM variables give outside a verification */
const DKIM_DEFAULTS: Record<string, string> = {
  dkim_bodylength: '9999999999999',
  dkim_created: '0',
  dkim_expires: '9999999999999',
  dkim_key_granularity: '*',
  dkim_key_srvtype: '*',
  dkim_key_testing: '0',
  dkim_key_nosubdomains: '0',
};

/** Exim's size option syntax: 100K, 2M, 1G */
function sizeOption(v: string | undefined, dflt: number): string {
  if (v === undefined) return String(dflt);
  const m = /^\s*(\d+)\s*([kKmMgG]?)\s*$/.exec(v);
  if (!m) return String(dflt);
  const mult = { '': 1, k: 1024, m: 1024 * 1024, g: 1024 * 1024 * 1024 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return String(Number(m[1]) * mult);
}

const realNow = () => new Date();

export class ExpandContext {
  /** variable values set by the caller (byte strings), keyed by var_table name */
  readonly values = new Map<string, string>();
  /** names in `values` whose taint differs from the table's mark: true = tainted */
  readonly taintOverride = new Map<string, boolean>();
  /** $acl_c* and $acl_m*, keyed by full name */
  readonly aclVars = new Map<string, string>();
  /** $r_* router variables, keyed without the r_ */
  readonly routerVars = new Map<string, string>();
  /** $auth1..$auth4 */
  readonly authVars: (string | undefined)[] = [];
  /** $regex1..$regex9 */
  readonly regexVars: (string | undefined)[] = [];
  /** the message's header lines, in order (Exim's header_list) */
  headers: HeaderLine[] = [];
  /** header values come from the peer */
  headersTainted = true;
  /** a filter is running: $n0..$sn9 exist */
  filterRunning = false;
  /** the lookup types this context can search (the CLI gives src/lookups' standard set) */
  lookups: LookupRegistry | undefined;
  /** the environment after keep_environment/add_environment; undefined: taken from the process */
  environment: Map<string, string> | undefined;
  /** Exim's search_error_message: the last lookup's error (unset prints as NULL) */
  searchErrorMessage: string | undefined;
  /**
   * Exim's parse_allow_group / parse_found_group: process globals of the address
   * parser. ${addresses} leaves "found" set after a group without its ';', and the
   * next ${address:...;} in the same process then accepts the ';'.
   */
  readonly parseGroup = { allow: false, found: false };
  /** $recipients may be used (system filter, DATA ACLs, -be) */
  enableDollarRecipients = false;
  /** envelope recipients, for $recipients and $recipients_count */
  recipients: string[] = [];
  /** clock, replaceable for tests and replays */
  now: () => Date = realNow;
  /** process id for $pid (replaceable for replays) */
  pid = process.pid;
  /** DNS, stores and providers the session runs with (see src/lang/services) */
  services: SessionServices = {};
  /** the client's other verified names from the reverse lookup (Exim's sender_host_aliases) */
  senderHostAliases: string[] = [];
  /** why the reverse lookup failed, for verify = reverse_host_lookup (Exim's host_lookup_msg) */
  hostLookupMsg = '';
  /** the message's verified DKIM signatures (signing domain, status) for DMARC */
  dkimResults: { domain: string; status: string }[] = [];
  /**
   * The message body as received (after the header, dot-unstuffed, CRLF as LF),
   * given by the SMTP engine for the DATA ACLs: regex = scans it.
   */
  messageBody?: string;
  /**
   * Rates "ratelimit =" computed in this session (Exim's ratelimiters_cmd/_mail/_conn):
   * the SMTP engine clears `cmd` after each command and `mail` after each message.
   */
  ratelimiters?: { cmd: Map<string, number>; mail: Map<string, number>; conn: Map<string, number> };

  /** the ACL engine of this session: created on first use from config.acls */
  private _aclEngine?: AclEngine;
  get aclEngine(): AclEngine {
    return this._aclEngine ??= new AclEngine(this, this.config.acls ?? new Map());
  }
  set aclEngine(e: AclEngine) { this._aclEngine = e; }

  /** ${acl{name}{args}} and the acl condition: Exim's eval_acl() (a bound function, callable detached) */
  readonly runAcl: RunAcl = (name, args) => runAclHook(this.aclEngine, name, args);

  constructor(readonly config: ExpandConfig = emptyConfig()) {}

  /** Set a variable; `tainted` marks a value from outside (the table marks the usual ones). */
  set(name: string, value: string, tainted?: boolean): this {
    this.values.set(name, value);
    if (tainted === undefined) this.taintOverride.delete(name);
    else this.taintOverride.set(name, tainted);
    return this;
  }

  /** Forget a value: the variable prints its unset value again. */
  unset(name: string): this {
    this.values.delete(name);
    this.taintOverride.delete(name);
    return this;
  }

  /** Was this variable's value tainted? Derived ones follow their source. */
  isTainted(name: string): boolean {
    const c0 = name.charCodeAt(0);
    if ((c0 === 97 || c0 === 114) && /^acl_[cm](?![a-zA-Z])|^r_|^auth\d|^regex\d/.test(name)) return this.taintOverride.get(name) ?? false;
    const o = this.taintOverride.get(name);
    if (o !== undefined) return o;
    if (name === 'sender_address_domain' || name === 'sender_address_local_part') return this.isTainted('sender_address');
    return variables[name]?.tainted === true;
  }

  // Typed setters for the session layers: each sets the variables Exim sets together.

  /** The SMTP client: address, port, and optionally its verified name. */
  setSenderHost(address: string, port = 0, name?: string): this {
    this.set('sender_host_address', address);
    this.set('sender_host_port', String(port));
    if (name !== undefined) this.set('sender_host_name', name, true);
    return this.updateFullhost();
  }

  /** The local end of the connection ($interface_address, $received_ip_address, ...). */
  setInterface(address: string, port: number): this {
    this.set('interface_address', address).set('received_ip_address', address);
    this.set('interface_port', String(port)).set('received_port', String(port));
    return this;
  }

  setHelo(name: string): this {
    this.set('sender_helo_name', name, true);
    return this.updateFullhost();
  }

  /** The envelope sender (MAIL FROM), tainted unless it is our own. */
  setSender(address: string, tainted = true): this {
    return this.set('sender_address', address, tainted);
  }

  /** host_build_sender_fullhost(): $sender_fullhost and $sender_rcvhost from name, HELO and address. */
  updateFullhost(): this {
    const addr = this.values.get('sender_host_address');
    if (!addr) return this;
    const name = this.values.get('sender_host_name') ?? '';
    const helo = this.values.get('sender_helo_name');
    const ident = this.values.get('sender_ident');
    const port = Number(this.values.get('sender_host_port') ?? '0');
    // the port shows only with log_selector +incoming_port
    const withPort = this.logIncomingPort && port > 0;
    const a = withPort ? `[${addr}]:${port}` : `[${addr}]`;
    // a HELO that is the client's own address literal is not shown again
    let showHelo = helo !== undefined;
    if (helo && helo.startsWith('[') && helo.endsWith(']')) {
      const lit = helo.slice(1, -1).replace(/^ipv[46]:/i, '');
      if (ipType(lit) !== 0 && nmtoa(aton(lit), -1, ':').toLowerCase() === nmtoa(aton(addr), -1, ':').toLowerCase()) showHelo = false;
    }
    let full: string;
    let rcv: string;
    if (!name) {
      full = helo ? `(${helo}) ${a}` : a;
      const parts = [withPort ? `port=${port}` : '', showHelo ? `helo=${helo}` : '', ident ? `ident=${ident}` : ''].filter(Boolean);
      rcv = parts.length ? `${a} (${parts.join(' ')})` : a;
    } else {
      if (showHelo && helo!.toLowerCase() === name.toLowerCase()) showHelo = false;
      full = showHelo ? `${name} (${helo}) ${a}` : `${name} ${a}`;
      rcv = showHelo
        ? (ident ? `${name}\n\t(${a} helo=${helo} ident=${ident})` : `${name} (${a} helo=${helo})`)
        : (ident ? `${name} (${a} ident=${ident})` : `${name} (${a})`);
    }
    this.set('sender_fullhost', full, this.isTainted('sender_helo_name') || !!name);
    this.set('sender_rcvhost', rcv, this.isTainted('sender_helo_name') || !!name);
    return this;
  }

  /**
   * Named-list result caches, as Exim keeps them: for the client host (the
   * connection), the sender's domain and address (a message), and the domain
   * and local part of the address an ACL check is about (that check).
   */
  readonly listCaches = {
    host: new Map<string, { rc: 'ok' | 'fail'; value?: string }>(),
    senderDomain: new Map<string, { rc: 'ok' | 'fail'; value?: string }>(),
    senderAddress: new Map<string, { rc: 'ok' | 'fail'; value?: string }>(),
    domain: new Map<string, { rc: 'ok' | 'fail'; value?: string }>(),
    localPart: new Map<string, { rc: 'ok' | 'fail'; value?: string }>(),
  };

  /** dnslists answers by query, kept as Exim's dnsbl_cache is (per process) */
  dnsblCache: Map<string, { status: string; addrs: string[]; expiry: number }> | undefined;

  /** content scanning wrote the message to a scan file (spool_mbox), to be removed after the DATA ACL */
  mboxSpooled = false;
  /** the MIME part the MIME ACL is checking (mime_stream; src/runtime/mime sets it around each check) */
  mimePart: MimePartAccess | undefined;

  /** the recipient an RCPT/VRFY/PRDR ACL is checking, as given (the recipients condition matches it) */
  aclRecipient: string | undefined;
  /** its local part unquoted, in its own case (local_parts matches this, caselessly) */
  aclLocalPart: string | undefined;

  /** the debug trace (exim -bh's ">>> " lines, without the prefix): list matching writes here when set */
  trace: ((line: string) => void) | undefined;

  /** the host's own addresses, for "@[]" in host lists (local_interfaces in a server) */
  localInterfaces: string[] | undefined;

  /** log_selector +incoming_port: $sender_fullhost shows the client's port */
  logIncomingPort = false;

  /** Replace the headers from name/value pairs (value as after the colon). */
  setHeaders(headers: Header[]): this {
    this.headers = [];
    for (const h of headers) this.addHeader(h.name, h.value);
    return this;
  }

  /** Append a header; `value` is what follows the colon (a leading space is usual). */
  addHeader(name: string, value: string): this {
    let text = `${name}:${value}`;
    if (!text.endsWith('\n')) text += '\n';
    const kind = headerKind(text);
    const type = ({ bcc: HTYPE.bcc, cc: HTYPE.cc, from: HTYPE.from, id: HTYPE.id, received: HTYPE.received,
      'reply-to': HTYPE.replyTo, sender: HTYPE.sender, to: HTYPE.to } as Record<string, string>)[kind] ?? HTYPE.other;
    this.headers.push({ text, type });
    return this;
  }

  /** A message read by receiveMessage(): headers, body variables and counts. */
  loadMessage(m: ReceivedMessage): this {
    this.headers = m.headers;
    this.set('message_body', m.body, true).set('message_body_end', m.bodyEnd, true);
    this.set('message_size', String(m.messageSize));
    this.set('message_linecount', String(m.messageLinecount));
    this.set('body_linecount', String(m.bodyLinecount));
    this.set('body_zerocount', String(m.bodyZerocount));
    this.set('message_body_size', String(m.messageBodySize));
    this.set('max_received_linelength', String(m.maxReceivedLinelength));
    this.set('received_count', String(m.receivedCount));
    this.set('message_id', m.messageId).set('message_exim_id', m.messageId);
    if (m.returnPath !== undefined) this.set('return_path', m.returnPath, true);
    if (m.fromLine) {
      this.setSender(m.senderAddress);
      this.unset('authenticated_sender');
    }
    return this;
  }

  /** find_variable(): the value, or null for a name Exim does not know here */
  getVar(name: string): string | null {
    // $acl_*, $r_*, $authN and $regexN all start with a or r: other names skip the patterns
    const c0 = name.charCodeAt(0);
    if ((c0 === 97 || c0 === 114) && /^acl_[cm](?![a-zA-Z])/.test(name)) {
      const v = this.aclVars.get(name);
      return v ?? (this.config.strictAclVars ? null : '');
    }
    if (c0 === 114 && name.startsWith('r_')) {
      const v = this.routerVars.get(name.slice(2));
      return v ?? (this.config.strictAclVars ? null : '');
    }
    if (c0 === 97 || c0 === 114) {
      let m = /^auth(\d+)$/.exec(name);
      if (m && Number(m[1]) >= 1 && Number(m[1]) <= 4) return this.authVars[Number(m[1]) - 1] ?? '';
      m = /^regex(\d+)$/.exec(name);
      if (m && Number(m[1]) >= 1 && Number(m[1]) <= 9) return this.regexVars[Number(m[1]) - 1] ?? '';
    }
    const entry: VarEntry | undefined = variables[name];
    if (!entry || entry.unsupported) return null;
    if (entry.aliasOf) return this.getVar(entry.aliasOf);
    if (entry.type === 'filter_int' && !this.filterRunning) return null;
    switch (entry.type) {
      // these are computed from other state whatever was set
      case 'localpart': case 'domain': {
        const addr = this.getVar('sender_address') ?? '';
        const at = addr.lastIndexOf('@');
        if (entry.type === 'domain') return at < 0 ? '' : addr.slice(at + 1);
        return at < 0 ? addr : addr.slice(0, at);
      }
      case 'msgheaders':
        return findHeader(this.headers, null, 0, null) ?? '';
      case 'msgheaders_raw':
        return findHeader(this.headers, null, FH_WANT_RAW, null) ?? '';
      case 'reply':
        return this.replyAddress();
      case 'pid':
        return String(this.pid);
      case 'load_avg':
        return String(Math.trunc(loadavg()[0]! * 1000));
      case 'todel':
        // microseconds when reading the real clock
        if (this.now === realNow) return String(Math.floor((performance.timeOrigin + performance.now()) * 1000));
        return formatTod(entry.type, this.now());
      case 'todbsdin': case 'tode': case 'todf': case 'todl':
      case 'todlf': case 'todzone': case 'todzulu':
        return formatTod(entry.type, this.now());
      case 'pspace': case 'pinodes': {
        const r = this.statvfs(name.startsWith('spool'));
        return String(entry.type === 'pspace' ? r.space : r.inodes);
      }
      case 'string_func':
        return this.stringFunc(name);
      default:
        break;
    }
    const set = this.values.get(name);
    if (set !== undefined) {
      if (entry.type === 'cert') return set ? '<cert>' : '';
      return set;
    }
    return this.defaultValue(name, entry);
  }

  /** What a variable prints when nothing set it. */
  private defaultValue(name: string, entry: VarEntry): string {
    if (INITIAL[name] !== undefined) return INITIAL[name]!;
    const opts = this.config.options;
    switch (name) {
      case 'primary_hostname': return opts.get('primary_hostname') ?? '';
      case 'smtp_active_hostname': return this.getVar('primary_hostname')!;
      case 'qualify_domain': return opts.get('qualify_domain') ?? this.getVar('primary_hostname')!;
      case 'qualify_recipient': return opts.get('qualify_recipient') ?? this.getVar('qualify_domain')!;
      case 'spool_directory': return opts.get('spool_directory') ?? BUILD.spoolDirectory;
      case 'bounce_return_size_limit': case 'return_size_limit':
        return sizeOption(opts.get('bounce_return_size_limit') ?? opts.get('return_size_limit'), BUILD.bounceReturnSizeLimit);
      case 'spf_guess': return opts.get('spf_guess') ?? BUILD.spfGuess;
      case 'localhost_number': return opts.get('localhost_number') ?? '0';
      case 'exim_version': case 'version_number': return BUILD.version;
      case 'compile_number': return BUILD.compileNumber;
      case 'compile_date': return BUILD.compileDate;
      case 'exim_path': return BUILD.eximPath;
      case 'config_file': return this.config.configFile;
      case 'config_dir': return this.config.configFile.replace(/\/[^/]*$/, '');
      case 'recipients_count': return String(this.recipients.length);
      case 'dkim_verify_status': return '';
      default: break;
    }
    switch (entry.type) {
      case 'int': case 'filter_int': case 'ino':
        return '0';
      case 'uid': case 'gid':
        return '0';
      case 'bool':
        return 'no';
      case 'dkim':
        return DKIM_DEFAULTS[name] ?? '';
      default:
        return '';
    }
  }

  /** receive_statvfs(): KB available and inodes free for the spool or log directory (-1: unknown) */
  private statvfs(spool: boolean): { space: number; inodes: number } {
    const spoolDir = this.getVar('spool_directory')!;
    let path: string | undefined;
    if (spool) path = spoolDir;
    else {
      const lfp = this.config.options.get('log_file_path') ?? BUILD.logFilePath;
      path = listItems(lfp === '' ? ':' : lfp).find((p) => p !== 'syslog');
      if (path === undefined) return { space: -1, inodes: -1 };
      path = path === '' ? `${spoolDir}/log` : path.slice(0, Math.max(0, path.lastIndexOf('/')));
    }
    try {
      const s = statfsSync(path);
      return { space: Math.trunc((s.bavail * s.bsize) / 1024), inodes: s.files > 0 ? s.ffree : -1 };
    } catch {
      return { space: -1, inodes: -1 };
    }
  }

  private stringFunc(name: string): string {
    switch (name) {
      case 'recipients':
        // fn_recipients(): only where Exim allows it
        return this.enableDollarRecipients ? this.recipients.join(', ') : (this.values.get('recipients') ?? '');
      default:
        // headers_added, queue_size, smtp_command_history, arc_domains: set by their owners
        return this.values.get(name) ?? '';
    }
  }

  /** $reply_address: Reply-To: if not empty, else From:, raw, newlines to spaces, trimmed */
  private replyAddress(): string {
    let s = findHeader(this.headers, 'reply-to:', FH_WANT_RAW, null);
    if (s !== null) s = s.replace(/^[ \t\n\v\f\r]+/, '');
    if (s === null || s === '') s = findHeader(this.headers, 'from:', FH_WANT_RAW, null);
    if (s === null) return '';
    return s.replace(/^[ \t\n\v\f\r]+/, '').replace(/\n/g, ' ').replace(/[ \t\n\v\f\r]+$/, '');
  }

  /** headers_charset for decoding $h_ (the main option, else the build default) */
  get headersCharset(): string {
    return this.config.options.get('headers_charset') ?? BUILD.headersCharset;
  }

  /** find_header(): the value of the named header(s); `name` ends with ':' */
  header(name: string, mode: '' | 'r' | 'b' | 'l'): string {
    const flags = mode === 'r' ? FH_WANT_RAW : mode === 'l' ? FH_WANT_RAW | FH_WANT_LIST : 0;
    return findHeader(this.headers, name, flags, mode === 'b' ? null : this.headersCharset) ?? '';
  }

  /** def:h_name: - does a (not removed) header of that name exist? */
  headerExists(name: string): boolean {
    return findHeader(this.headers, name, FH_EXISTS_ONLY, null) !== null;
  }
}
