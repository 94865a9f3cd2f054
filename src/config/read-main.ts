// A first reader of Exim's runtime configuration: enough for -be (macros,
// main options, named lists). The full parser and linter grow from here.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { readAcl, readName as readAclName, type AclLine } from '../grammar/config/acl.js';
import type { AclDefinition } from '../lang/acl/types.js';
import { emptyConfig, type ExpandConfig, type NamedListKind } from '../runtime/expand/context.js';

export interface Macro { name: string; value: string; }

export interface LoadedConfig {
  expand: ExpandConfig;
  macros: Macro[];
  /** ACL name -> body text (statements), for ${acl} and the ACL engine */
  acls: Map<string, string>;
}

export class ConfigError extends Error {}

/** Exim's LOG_CONFIG_IN prefix: where in the configuration the problem is */
function configLineError(file: string, line: number, message: string): string {
  return `Exim configuration error in line ${line} of ${file}:\n  ${message}`;
}

const LIST_KINDS: Record<string, NamedListKind> = {
  domainlist: 'domain', hostlist: 'host', addresslist: 'address', localpartlist: 'localpart',
};

/** Apply macros to one line, in definition order, never re-scanning a replacement for the same macro. */
export function substituteMacros(line: string, macros: Macro[]): string {
  for (const m of macros) {
    let out = '';
    let i = 0;
    for (;;) {
      const j = line.indexOf(m.name, i);
      if (j < 0) break;
      const before = j > 0 ? line[j - 1]! : '';
      // a macro name only matches at the start of a word-like run
      if (before && /[A-Za-z0-9_]/.test(before)) { out += line.slice(i, j + 1); i = j + 1; continue; }
      out += line.slice(i, j) + m.value;
      i = j + m.name.length;
    }
    line = out + line.slice(i);
  }
  return line;
}

export function loadConfig(file: string, cmdMacros: Macro[] = []): LoadedConfig {
  const expand = emptyConfig();
  expand.configFile = file;
  const macros: Macro[] = [...cmdMacros];
  const acls = new Map<string, string>();
  const lines: string[] = [];
  const readInto = (path: string, depth: number) => {
    if (depth > 50) throw new ConfigError(`too many nested .include files at ${path}`);
    const text = readFileSync(path, 'latin1');
    for (const raw of text.split('\n')) lines.push(raw.replace(/\r$/, ''));
  };
  readInto(file, 0);
  let section = 'main';
  let currentAcl: string | undefined;
  const aclLines = new Map<string, { line: number; lines: AclLine[] }>();
  const cond: boolean[] = [];
  let i = 0;
  const next = (): string | undefined => {
    while (i < lines.length) {
      let l = substituteMacros(lines[i++]!, macros).trim();
      const d = /^\.(ifdef|ifndef|elifdef|elifndef|else|endif|include|include_if_exists)(?:[ ]|$)(.*)$/.exec(l);
      if (d) {
        handleDirective(d[1]!, d[2]!.trim(), lines[i - 1]!);
        continue;
      }
      if (cond.includes(false)) continue;
      if (l === '' || l.startsWith('#')) { if (l === '') return ''; continue; }
      while (l.endsWith('\\') && i < lines.length) {
        const n = substituteMacros(lines[i++]!, macros).trim();
        if (n.startsWith('#')) continue;
        l = l.slice(0, -1) + n;
      }
      return l;
    }
    return undefined;
  };
  const handleDirective = (d: string, arg: string, raw: string) => {
    const defined = () => substituteMacros(raw, macros) !== raw;
    switch (d) {
      case 'ifdef': cond.push(defined()); break;
      case 'ifndef': cond.push(!defined()); break;
      case 'elifdef': case 'elifndef': case 'else': {
        // once a branch was taken, the rest stay off: remember with a marker
        const taken = (cond as any)._taken ??= [];
        const top = cond.length - 1;
        if (cond[top]) taken[top] = true;
        cond[top] = !taken[top] && (d === 'else' ? true : d === 'elifdef' ? defined() : !defined());
        break;
      }
      case 'endif': { const t = (cond as any)._taken; if (t) t.length = cond.length - 1; cond.pop(); break; }
      default: {
        if (cond.includes(false)) break;
        const name = arg.replace(/^"(.*)"$/, '$1');
        const path = resolve(dirname(file), name);
        try {
          const text = readFileSync(path, 'latin1').split('\n').map((x) => x.replace(/\r$/, ''));
          lines.splice(i, 0, ...text);
        } catch {
          if (d === 'include') throw new ConfigError(`failed to open included configuration file ${path}`);
        }
      }
    }
  };
  for (let l = next(); l !== undefined; l = next()) {
    if (l === '') continue;
    const b = /^begin\s+(\S+)/i.exec(l);
    if (b) { section = b[1]!.toLowerCase().replace(/s?$/, 's'); currentAcl = undefined; continue; }
    const mac = /^([A-Z][A-Za-z0-9_]*)\s*(==?)\s*(.*)$/.exec(l);
    if (mac && section !== 'retrys' && section !== 'rewrites') {
      const [, name, op, value] = mac;
      const old = macros.find((m) => m.name === name);
      if (old && cmdMacros.some((m) => m.name === name)) continue;
      if (op === '==' && old) old.value = value!;
      else if (old) throw new ConfigError(`macro "${name}" is already defined (use "==" if you want to redefine it)`);
      else macros.push({ name: name!, value: value! });
      currentAcl = undefined;
      continue;
    }
    if (section === 'main') {
      const nl = /^(?:hide\s+)?(domainlist|hostlist|addresslist|localpartlist)(_cache)?\s+([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(l);
      if (nl) {
        expand.namedLists.set(nl[3]!, { kind: LIST_KINDS[nl[1]!]!, name: nl[3]!, value: unquote(nl[4]!), cache: !!nl[2] });
        continue;
      }
      const opt = /^(?:hide\s+)?([a-z0-9_]+)\s*(?:=\s*(.*))?$/.exec(l);
      if (opt) {
        const name = opt[1]!;
        if (opt[2] === undefined) {
          const neg = /^(no|not)_(.*)$/.exec(name);
          if (neg) expand.options.set(neg[2]!, 'false'); else expand.options.set(name, 'true');
        } else {
          expand.options.set(name, unquote(opt[2]));
        }
        if (name === 'strict_acl_vars') expand.strictAclVars = opt[2] === undefined || /^(true|yes)$/i.test(opt[2]);
      }
    } else if (section === 'acls') {
      // readconf_acl(): "name:" starts an ACL (anything after the colon is ignored)
      const head = readAclName(l, 0);
      if (l[head.pos] === ':') {
        if (!head.name) throw new ConfigError(configLineError(file, i, 'missing or malformed ACL name'));
        if (aclLines.has(head.name)) throw new ConfigError(configLineError(file, i, `there are two ACLs called "${head.name}"`));
        currentAcl = head.name;
        acls.set(currentAcl, '');
        aclLines.set(currentAcl, { line: i, lines: [] });
        continue;
      }
      if (!currentAcl) throw new ConfigError(configLineError(file, i, 'missing or malformed ACL name'));
      acls.set(currentAcl, acls.get(currentAcl) + l + '\n');
      aclLines.get(currentAcl)!.lines.push({ text: l, line: i });
    }
  }
  if (cond.length) throw new ConfigError('missing .endif');
  // acl_read() on each body, as Exim does while reading the configuration
  const parsed = new Map<string, AclDefinition>();
  for (const [name, body] of aclLines) {
    const r = readAcl(body.lines, file);
    if (!r.ok) throw new ConfigError(configLineError(file, r.line, `error in ACL: ${r.error}`));
    parsed.set(name, { name, statements: r.statements, file, line: body.line });
  }
  expand.acls = parsed;
  return { expand, macros, acls };
}

/** A quoted option value: "..." with backslash escapes. */
function unquote(v: string): string {
  if (!v.startsWith('"')) return v;
  const end = v.lastIndexOf('"');
  const body = v.slice(1, end > 0 ? end : undefined);
  return body.replace(/\\([0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/g, (_, e: string) => {
    const simple: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v' };
    if (simple[e] !== undefined) return simple[e]!;
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    return e;
  });
}
