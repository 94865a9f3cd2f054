// ACL text to statements, exactly as Exim's acl_read() reads it: one verb
// starts a statement, conditions and modifiers follow on the same or the next
// lines, and the first line that looks like "name:" (or "MACRO =") ends the ACL.
// Also acl_getline(), which splits inline ACL text (${acl{accept ...}}, ACL files).
import {
  ACL_VERBS, findAclCondition,
  type AclCondition, type AclStatement, type AclVerb,
} from '../../lang/acl/index.js';
import { isSpace } from '../../lang/util/ctype.js';

export interface AclLine {
  text: string;
  /** config line number, for messages */
  line: number;
}

export type AclReadResult =
  | { ok: true; statements: AclStatement[]; /** the "name:" or macro line that ended the ACL, if any */ stop?: AclLine }
  | { ok: false; error: string; line: number };

const isAlpha = (c: string | undefined) => c !== undefined && /^[A-Za-z]$/.test(c);
const isAlnum = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9]$/.test(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** EXIM_DRIVERNAME_MAX - 1: the longest name readconf_readname() accepts */
const NAME_MAX = 63;

/** readconf_readname(): skip white space, read [A-Za-z][A-Za-z0-9_]*, skip white space */
export function readName(s: string, pos: number): { name: string; pos: number; tooLong?: boolean } {
  while (isSpace(s[pos])) pos++;
  let name = '';
  let tooLong = false;
  if (isAlpha(s[pos])) {
    while (isAlnum(s[pos]) || s[pos] === '_') {
      if (name.length >= NAME_MAX) { tooLong = true; break; }
      name += s[pos++];
    }
  }
  while (isSpace(s[pos])) pos++;
  return tooLong ? { name, pos, tooLong } : { name, pos };
}

/**
 * acl_read(): statements from lines until the end or a line starting a new ACL.
 * Errors carry Exim's text (the config reader prefixes "error in ACL: ").
 */
export function readAcl(lines: Iterable<AclLine>, file = ''): AclReadResult {
  const statements: AclStatement[] = [];
  let current: AclStatement | undefined;
  for (const l of lines) {
    const s = l.text;
    const fail = (error: string): AclReadResult => ({ ok: false, error, line: l.line });
    let negated = false;
    let pos = 0;
    while (isSpace(s[pos])) pos++;
    if (s[pos] === '!') { negated = true; pos++; }
    let r = readName(s, pos);
    if (r.tooLong) return fail(`exim item name too long (>${NAME_MAX + 1}), unable to use "${r.name}" (truncated)`);
    let name = r.name;
    pos = r.pos;
    if (s[pos] === ':' || (/^[A-Z]/.test(name) && s[pos] === '=')) return { ok: true, statements, stop: l };

    const verb = (ACL_VERBS as readonly string[]).includes(name) ? name as AclVerb : undefined;
    if (!verb) {
      if (!current) return fail(`unknown ACL verb "${name}" in "${s}"`);
    } else {
      if (negated) return fail(`malformed ACL line "${s}"`);
      current = { verb, conditions: [], file, line: l.line };
      statements.push(current);
      if (pos >= s.length) continue;
      if (s[pos] === '!') { negated = true; pos++; }
      r = readName(s, pos);
      if (r.tooLong) return fail(`exim item name too long (>${NAME_MAX + 1}), unable to use "${r.name}" (truncated)`);
      name = r.name;
      pos = r.pos;
    }

    const entry = findAclCondition(name);
    if (!entry) return fail(`unknown ACL condition/modifier in "${s}"`);
    if (negated && entry.kind === 'modifier') return fail(`ACL error: negation is not allowed with "${entry.name}"`);
    if (entry.name === 'endpass' && current!.verb !== 'accept' && current!.verb !== 'discard') {
      return fail(`ACL error: "${entry.name}" is not allowed with "${current!.verb}"`);
    }
    const cond: AclCondition = { name: entry.name, entry, negated, arg: '', line: l.line, source: s };

    if (entry.name === 'set') {
      const rest = s.slice(pos);
      if (rest.startsWith('dkim_verify_status') || rest.startsWith('dkim_verify_reason')) {
        if (isAlnum(rest[18])) {
          return fail(`invalid variable name after "set" in ACL modifier "set ${rest}" (only "dkim_verify_status" or "dkim_verify_reason" permitted)`);
        }
        cond.varName = rest.slice(0, 18);
        pos += 18;
      } else {
        if (!rest.startsWith('acl_c') && !rest.startsWith('acl_m')) {
          return fail(`invalid variable name after "set" in ACL modifier "set ${rest}" (must start "acl_c" or "acl_m")`);
        }
        let e = 5;
        if (!isDigit(rest[e]) && rest[e] !== '_') {
          return fail(`invalid variable name after "set" in ACL modifier "set ${rest}" (digit or underscore must follow acl_c or acl_m)`);
        }
        while (e < rest.length && rest[e] !== '=' && !isSpace(rest[e])) {
          if (!isAlnum(rest[e]) && rest[e] !== '_') {
            return fail(`invalid character "${rest[e]}" in variable name in ACL modifier "set ${rest}"`);
          }
          e++;
        }
        cond.varName = rest.slice(4, e);
        pos += e;
      }
      while (isSpace(s[pos])) pos++;
    }

    if (entry.name !== 'endpass') {
      if (s[pos++] !== '=') return fail(`"=" missing after ACL "${name}" ${entry.kind}`);
      while (isSpace(s[pos])) pos++;
      cond.arg = s.slice(pos);
    }
    current!.conditions.push(cond);
  }
  return { ok: true, statements };
}

/**
 * acl_getline() over a whole text: leading white space and blank lines skipped,
 * "#" lines ignored (also inside continuations), trailing "\" joins lines.
 */
export function aclTextLines(text: string): AclLine[] {
  const out: AclLine[] = [];
  let i = 0;
  let lineNo = 1;
  const n = text.length;
  const countNl = (from: number, to: number) => { for (let k = from; k < to; k++) if (text[k] === '\n') lineNo++; };
  for (;;) {
    // leading white space (newlines included) and comment lines
    let start: number;
    for (;;) {
      const from = i;
      while (i < n && isSpace(text[i])) i++;
      countNl(from, i);
      if (i >= n) return out;
      start = i;
      while (i < n && text[i] !== '\n') i++;
      if (i >= n) {
        if (text[start] !== '#') out.push({ text: text.slice(start, i), line: lineNo });
        return out;
      }
      if (text[start] !== '#') break;
    }
    let line = text.slice(start, i);
    const first = lineNo;
    // continuations: "\" before the newline, ignoring trailing white space
    for (;;) {
      const trimmed = line.replace(/[ \t\n\v\f\r]+$/, '');
      if (!trimmed.endsWith('\\')) break;
      line = trimmed.slice(0, -1);
      // skip the newline, leading blanks, and whole comment lines
      for (;;) {
        i++; lineNo++;
        while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
        if (text[i] !== '#') break;
        while (i < n && text[i] !== '\n') i++;
        if (i >= n) break;
      }
      const s2 = i;
      while (i < n && text[i] !== '\n') i++;
      line += text.slice(s2, i);
      if (i >= n) { out.push({ text: line, line: first }); return out; }
    }
    out.push({ text: line, line: first });
    i++; lineNo++;
  }
}
