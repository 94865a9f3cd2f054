// The configuration as -be and the expansion engine need it: macros, main
// option values, named lists and the ACLs (read with acl_read()). Built on
// parseConfig, the one reader of config files.
import { builtinMacros } from '../grammar/config/macros.js';
import { readAcl } from '../grammar/config/acl.js';
import { parseConfig } from '../grammar/config/parse.js';
import type { AclDefinition } from '../lang/acl/types.js';
import { readString } from '../lang/options/values.js';
import { emptyConfig, type ExpandConfig } from '../runtime/expand/context.js';
import { diskFs } from './disk-fs.js';

export interface Macro { name: string; value: string; }

export interface LoadedConfig {
  expand: ExpandConfig;
  macros: Macro[];
  /** ACL name -> body text (statements), for ${acl} and the ACL engine */
  acls: Map<string, string>;
  /** router, transport and authenticator instances: name, driver and option values */
  drivers?: LoadedDriver[];
}

export interface LoadedDriver {
  kind: 'router' | 'transport' | 'authenticator';
  name: string;
  options: Map<string, string>;
}

export class ConfigError extends Error {}

/** Exim's LOG_CONFIG_IN prefix: where in the configuration the problem is */
function configLineError(file: string, line: number, message: string): string {
  return `Exim configuration error in line ${line} of ${file}:\n  ${message}`;
}

/** A quoted value as read_string() gives it; a plain one as it is. */
const valueOf = (raw: string, name: string) => {
  const r = readString(raw, name);
  return 'value' in r ? r.value : raw;
};

export function loadConfig(file: string, cmdMacros: Macro[] = []): LoadedConfig {
  const text = diskFs.read(file);
  if (text === undefined) throw new ConfigError(`non-existent configuration file(s): ${file}`);
  const ast = parseConfig(file, text, {
    defines: cmdMacros,
    builtins: builtinMacros(),
    fs: diskFs,
  });
  // Exim stops at the first fatal problem in reading order
  const fatal = ast.problems.filter((p) => p.fatal).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0))[0];
  if (fatal) throw new ConfigError(configLineError(fatal.file, fatal.line, fatal.message));

  const expand = emptyConfig();
  expand.configFile = file;
  for (const o of ast.main) {
    expand.options.set(o.name, o.value === undefined ? (o.negated ? 'false' : 'true') : valueOf(o.value, o.name));
    if (o.name === 'strict_acl_vars') expand.strictAclVars = o.value === undefined ? !o.negated : /^(true|yes)$/i.test(o.value);
  }
  for (const nl of ast.namedLists) {
    expand.namedLists.set(nl.name, { kind: nl.kind, name: nl.name, value: valueOf(nl.value, nl.name), cache: nl.cache });
  }
  // acl_read() on each body, as Exim does while reading the configuration
  const acls = new Map<string, string>();
  const parsed = new Map<string, AclDefinition>();
  for (const a of ast.acls) {
    const lines = a.lines.map((l) => ({ text: l.text, line: l.pieces[0]?.line ?? a.pos.line }));
    const r = readAcl(lines, a.pos.file);
    if (!r.ok) throw new ConfigError(configLineError(a.pos.file, r.line, `error in ACL: ${r.error}`));
    parsed.set(a.name, { name: a.name, statements: r.statements, file: a.pos.file, line: a.pos.line });
    acls.set(a.name, a.lines.map((l) => l.text + '\n').join(''));
  }
  expand.acls = parsed;
  const macros = ast.macros.list.filter((m) => !m.builtin).map((m) => ({ name: m.name, value: m.value }));
  const drivers = ast.drivers.map((d) => ({
    kind: d.kind, name: d.name,
    options: new Map(d.options.map((o) => [o.name, o.value === undefined ? (o.negated ? 'false' : 'true') : valueOf(o.value, o.name)])),
  }));
  return { expand, macros, acls, drivers };
}
