// Helpers several rules share.
import { ListReader } from '../lang/util/list.js';
import type { Expr } from '../lang/expand-api.js';
import { locOf, slice, type SourceText } from './source.js';
import type { LintModel, OptionUse } from './model.js';
import type { Loc } from './types.js';

export interface ListItem { text: string; loc: Loc; src?: SourceText }

/**
 * The items of a list as string_nextinlist() gives them, each with where it
 * starts. When the list is only text (no variables or items), it is read
 * after expansion (escapes, \N); otherwise the raw items without "$" or "\".
 */
export function listItemsOf(model: LintModel, src: SourceText, sep = 0): ListItem[] {
  const expr = model.expansion(src);
  const literal = isLiteral(expr);
  const text = literal ? literalText(expr) : src.text;
  const items: ListItem[] = [];
  const r = new ListReader(text, sep);
  // positions: when the text is the source (raw), find each item in order
  let from = 0;
  for (let it = r.next(); it !== undefined; it = r.next()) {
    if (!literal && (it.includes('$') || it.includes('\\'))) continue;
    let at = src.text.indexOf(it, from);
    if (at < 0) at = src.text.indexOf(it.split(r.sepChar)[0] ?? it, from);
    const loc = locOf(src, at < 0 ? 0 : at);
    if (at >= 0) from = at + it.length;
    const item: ListItem = { text: it, loc };
    if (at >= 0 && src.text.slice(at, at + it.length) === it) item.src = slice(src, at, at + it.length);
    items.push(item);
  }
  return items;
}

export const isLiteral = (e: Expr) => e.every((n) => n.k === 'text');
export const literalText = (e: Expr) => e.map((n) => (n.k === 'text' ? n.s : '')).join('');

/** The literal value of an expansion string, or undefined if it has expansions or errors. */
export function literalValue(model: LintModel, src: SourceText): string | undefined {
  const e = model.expansion(src);
  return isLiteral(e) ? literalText(e) : undefined;
}

/** The value of an option setting, or undefined (unset, bare boolean or malformed). */
export function valueOf(model: LintModel, o: OptionUse): SourceText | undefined {
  const v = model.optionValue(o.setting);
  return v && !('error' in v) ? v : undefined;
}

/** where an option's name is written */
export const nameLoc = (o: OptionUse): Loc => ({ file: o.setting.pos.file, line: o.setting.pos.line, col: o.setting.pos.col });

/** Removed option names and what replaced them (Exim 4.96 refuses the old names). */
export function renamedOption(name: string): string | undefined {
  if (name === 'proxy_required_hosts') return 'hosts_proxy';
  if (name.startsWith('tpda_')) return 'event_action';
  return undefined;
}

/** Removed expansion variables and what replaced them. */
export function renamedVariable(name: string): string | undefined {
  const m = /^proxy_(host|target)_(address|port)$/.exec(name);
  if (m) return `$proxy_${m[1] === 'host' ? 'local' : 'external'}_${m[2]}`;
  if (name === 'dmarc_ar_header') return '${authresults}';
  if (name.startsWith('tpda_')) return '$event_name/$event_data (event_action)';
  return undefined;
}

/** the variable an "unknown variable name" error is about */
export function unknownVariableOf(message: string): string | undefined {
  return /^unknown variable name "([^"]*)"/.exec(message)?.[1];
}

/**
 * A lowercase name set like an option that is no option but is used as a
 * word elsewhere: most likely meant as a macro (names must start upper-case).
 */
export function lowercaseMacro(model: LintModel, o: OptionUse): boolean {
  if (o.entry || o.scope !== 'main' || o.setting.value === undefined) return false;
  const re = new RegExp(`(^|[^A-Za-z0-9_$])${o.setting.name}([^A-Za-z0-9_]|$)`);
  for (const other of model.options) {
    if (other === o || other.setting.value === undefined) continue;
    if (re.test(other.setting.value)) return true;
  }
  for (const acl of model.acls) for (const l of acl.def.lines) if (re.test(l.text)) return true;
  return false;
}

/** the option name as written, with any no_/not_ prefix */
export function writtenName(o: OptionUse): string {
  return /^(?:hide[ \t]+)?([A-Za-z0-9_]+)/.exec(o.setting.line.text)?.[1] ?? o.setting.name;
}
