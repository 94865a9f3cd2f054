// ACL bodies to statements for the linter: acl_read()'s rules (see
// src/grammar/config/acl.ts, whose readName() this uses), but it goes on after
// a bad line so that one run reports every problem, and it keeps the offset
// of each verb, name and argument for file:line:col.
import type { LogicalLine } from '../grammar/config/lines.js';
import { readName } from '../grammar/config/acl.js';
import { ACL_VERBS, findAclCondition, type AclConditionEntry, type AclVerb } from '../lang/acl/index.js';
import { verbatim, type SourceText } from './source.js';
import { isSpace } from '../lang/util/ctype.js';

export interface LintCondition {
  name: string;
  /** undefined: not a condition/modifier of this build */
  entry?: AclConditionEntry;
  negated: boolean;
  line: LogicalLine;
  /** offsets of the name in line.text */
  nameStart: number;
  nameEnd: number;
  /** the text after "=" (undefined for endpass or when "=" is missing) */
  arg?: SourceText;
  /** set: the variable name */
  varName?: string;
}

export interface LintStatement {
  verb: AclVerb;
  line: LogicalLine;
  verbStart: number;
  conditions: LintCondition[];
}

export type AclProblemKind = 'verb' | 'condition' | 'negated' | 'endpass' | 'syntax';

export interface AclProblem {
  kind: AclProblemKind;
  line: LogicalLine;
  offset: number;
  length: number;
  message: string;
  /** the unknown name, for hints */
  name?: string;
}

const isAlnum = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9]$/.test(c);
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

export function readAclStatements(lines: readonly LogicalLine[]): { statements: LintStatement[]; problems: AclProblem[] } {
  const statements: LintStatement[] = [];
  const problems: AclProblem[] = [];
  let current: LintStatement | undefined;
  for (const l of lines) {
    const s = l.text;
    const problem = (kind: AclProblemKind, offset: number, length: number, message: string, name?: string) =>
      problems.push({ kind, line: l, offset, length: Math.max(1, length), message, ...(name !== undefined ? { name } : {}) });
    let negated = false;
    let pos = 0;
    while (isSpace(s[pos])) pos++;
    if (s[pos] === '!') { negated = true; pos++; }
    let start = pos;
    while (isSpace(s[start])) start++;
    let r = readName(s, pos);
    let name = r.name;
    pos = r.pos;
    const verb = (ACL_VERBS as readonly string[]).includes(name) ? name as AclVerb : undefined;
    if (!verb) {
      if (!current) {
        problem('verb', start, name.length || 1, `unknown ACL verb "${name}" in "${s}"`, name);
        continue;
      }
    } else {
      if (negated) { problem('syntax', start, name.length, `malformed ACL line "${s}" (a verb cannot be negated)`); }
      current = { verb, line: l, verbStart: start, conditions: [] };
      statements.push(current);
      if (pos >= s.length) continue;
      negated = false;
      if (s[pos] === '!') { negated = true; pos++; }
      start = pos;
      while (isSpace(s[start])) start++;
      r = readName(s, pos);
      name = r.name;
      pos = r.pos;
    }
    const cur = current!;
    const entry = findAclCondition(name);
    const cond: LintCondition = { name, negated, line: l, nameStart: start, nameEnd: start + name.length };
    if (entry) cond.entry = entry;
    if (!entry) problem('condition', start, name.length, `unknown ACL condition/modifier "${name}"`, name);
    else if (negated && entry.kind === 'modifier') {
      problem('negated', start - 1, name.length + 1, `negation is not allowed with the "${name}" modifier`, name);
    }
    if (entry?.name === 'endpass') {
      if (cur.verb !== 'accept' && cur.verb !== 'discard') {
        problem('endpass', start, name.length, `"endpass" is not allowed with "${cur.verb}" (only with accept and discard)`);
      }
      cur.conditions.push(cond);
      continue;
    }
    if (name === 'set') {
      const rest = s.slice(pos);
      let bad: string | undefined;
      let e = 0;
      if (rest.startsWith('dkim_verify_status') || rest.startsWith('dkim_verify_reason')) {
        if (isAlnum(rest[18])) bad = 'only "dkim_verify_status" or "dkim_verify_reason" permitted';
        e = 18;
      } else if (!rest.startsWith('acl_c') && !rest.startsWith('acl_m')) {
        bad = 'must start "acl_c" or "acl_m"';
      } else if (!isDigit(rest[5]) && rest[5] !== '_') {
        bad = 'digit or underscore must follow acl_c or acl_m';
      } else {
        e = 5;
        while (e < rest.length && rest[e] !== '=' && !isSpace(rest[e])) {
          if (!isAlnum(rest[e]) && rest[e] !== '_') { bad = `invalid character "${rest[e]}" in variable name`; break; }
          e++;
        }
      }
      if (bad) {
        problem('syntax', pos, Math.max(1, rest.search(/[\s=]|$/)), `invalid variable name after "set" in "set ${rest}" (${bad})`);
        cur.conditions.push(cond);
        continue;
      }
      cond.varName = rest.slice(rest.startsWith('acl_') ? 4 : 0, e);
      pos += e;
      while (isSpace(s[pos])) pos++;
    }
    if (s[pos] !== '=') {
      if (entry) problem('syntax', Math.min(pos, s.length - 1), 1, `"=" missing after ACL "${name}" ${entry.kind}`);
      cur.conditions.push(cond);
      continue;
    }
    pos++;
    while (isSpace(s[pos])) pos++;
    cond.arg = verbatim(l, pos);
    cur.conditions.push(cond);
  }
  return { statements, problems };
}
