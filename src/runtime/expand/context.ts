// The session context an expansion is evaluated against: variable values,
// message headers, configuration facts and pluggable services. The SMTP
// server, the ACL engine, -be and embedding programs all fill one of these.
import { variables, type VarEntry } from '../../lang/variables.js';
import { formatTod } from './tod.js';

export interface Header {
  /** name as it appears, without the colon */
  name: string;
  /** raw value after the colon, including folding, as bytes */
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
}

export function emptyConfig(): ExpandConfig {
  return { options: new Map(), namedLists: new Map(), strictAclVars: false, configFile: '' };
}

export class ExpandContext {
  /** variable values set by the caller (byte strings), keyed by var_table name */
  readonly values = new Map<string, string>();
  /** names in `values` whose value is tainted (beyond the table's own marks) */
  readonly taintedNames = new Set<string>();
  /** $acl_c* and $acl_m*, keyed by full name */
  readonly aclVars = new Map<string, string>();
  /** $r_* router variables, keyed without the r_ */
  readonly routerVars = new Map<string, string>();
  headers: Header[] = [];
  /** header values come from the peer */
  headersTainted = true;
  /** a filter is running: $n0..$sn9 exist */
  filterRunning = false;
  /** clock, replaceable for tests and replays */
  now: () => Date = () => new Date();

  constructor(readonly config: ExpandConfig = emptyConfig()) {}

  set(name: string, value: string, tainted = false): this {
    this.values.set(name, value);
    if (tainted) this.taintedNames.add(name); else this.taintedNames.delete(name);
    return this;
  }

  isTainted(name: string): boolean {
    return this.taintedNames.has(name) || variables[name]?.tainted === true;
  }

  /** find_variable(): the value, or null for a name Exim does not know here */
  getVar(name: string): string | null {
    if (/^acl_[cm][^a-zA-Z]/.test(name)) {
      const v = this.aclVars.get(name);
      return v ?? (this.config.strictAclVars ? null : '');
    }
    if (name.startsWith('r_')) {
      const v = this.routerVars.get(name.slice(2));
      return v ?? (this.config.strictAclVars ? null : '');
    }
    const set = this.values.get(name);
    const entry: VarEntry | undefined = variables[name];
    if (!entry) {
      if (/^(auth[1-4]|regex[1-9])$/.test(name)) return set ?? '';
      return null;
    }
    if (entry.type === 'filter_int' && !this.filterRunning) return null;
    if (set !== undefined) return set;
    return this.defaultValue(name, entry);
  }

  private defaultValue(name: string, entry: VarEntry): string {
    switch (entry.type) {
      case 'int': case 'filter_int': case 'ino': case 'load_avg':
        return '0';
      case 'uid': case 'gid':
        return String(process.getuid?.() ?? 0);
      case 'bool':
        return 'no';
      case 'pid':
        return String(process.pid);
      case 'todbsdin': case 'tode': case 'todel': case 'todf': case 'todl':
      case 'todlf': case 'todzone': case 'todzulu':
        return formatTod(entry.type, this.now());
      case 'string_func':
        return this.stringFunc(name);
      case 'msgheaders':
        return this.allHeaders(false);
      case 'msgheaders_raw':
        return this.allHeaders(true);
      default:
        return this.config.options.get(name) ?? '';
    }
  }

  private stringFunc(name: string): string {
    switch (name) {
      case 'recipients':
        return this.values.get('recipients') ?? '';
      default:
        return '';
    }
  }

  private allHeaders(raw: boolean): string {
    return this.headers.map((h) => `${h.name}:${raw ? h.value : h.value}`).join('\n');
  }

  /** find_header(): the value of the named header(s); `name` ends with ':' */
  header(name: string, mode: '' | 'r' | 'b' | 'l'): string {
    const want = name.slice(0, -1).toLowerCase();
    const found = this.headers.filter((h) => h.name.toLowerCase() === want);
    if (found.length === 0) return '';
    if (mode === 'l') return found.map((h) => h.value).join('\n');
    if (mode === 'r') return found.map((h) => h.value).join('');
    const trimmed = found.map((h) => h.value.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''));
    return trimmed.join('\n');
  }
}
