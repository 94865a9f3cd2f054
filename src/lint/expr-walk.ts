// Walking parsed expansion strings: every item, operator and condition with
// its arguments (${if} branches, lookup keys, and/or sub-conditions...), and
// the static taint of a result: which tainted variable (as Exim 4.94+ marks
// them: from the message or the SMTP peer) can reach it.
import type { CondNode, Expr, HeaderNode, ItemNode, Node, OpNode, VarNode } from '../lang/expand-api.js';
import { variables } from '../lang/variables.js';
import type { LintModel } from './model.js';
import type { SourceText } from './source.js';

export interface ExprVisitor {
  item?(n: ItemNode): void;
  op?(n: OpNode): void;
  cond?(n: CondNode): void;
}

const isCond = (x: any): x is CondNode => x && typeof x === 'object' && 'neg' in x && 'entry' in x && Array.isArray(x.args);
const isNode = (x: any): x is Node => x && typeof x === 'object' && typeof x.k === 'string';
/** parts of item/condition data that are tables or functions, not strings */
const SKIP = new Set(['entry', 'spec', 'type', 'before']);

function walkData(x: unknown, v: ExprVisitor, depth: number): void {
  if (depth > 64 || !x || typeof x !== 'object') return;
  if (Array.isArray(x)) {
    for (const y of x) {
      if (isNode(y)) walkNode(y, v, depth + 1);
      else walkData(y, v, depth + 1);
    }
    return;
  }
  if (isCond(x)) { walkCond(x, v, depth + 1); return; }
  for (const [k, y] of Object.entries(x)) if (!SKIP.has(k)) walkData(y, v, depth + 1);
}

function walkCond(c: CondNode, v: ExprVisitor, depth: number): void {
  v.cond?.(c);
  for (const a of c.args) walkExpr(a, v, depth);
  walkData(c.data, v, depth);
}

function walkNode(n: Node, v: ExprVisitor, depth: number): void {
  if (n.k === 'item') {
    v.item?.(n);
    for (const a of n.args) walkExpr(a, v, depth);
    walkData(n.data, v, depth);
  } else if (n.k === 'op') {
    v.op?.(n);
    walkExpr(n.arg, v, depth);
  }
}

/** Visit every item, operator and condition of an expansion, outermost first. */
export function walkExpr(e: Expr | undefined, v: ExprVisitor, depth = 0): void {
  if (!e || depth > 64) return;
  for (const n of e) walkNode(n, v, depth + 1);
}

/** Every expansion string of the config that Exim expands, with what it belongs to. */
export function forEachExpansion(model: LintModel, cb: (src: SourceText, what: string) => void): void {
  for (const o of model.options) {
    if (!o.entry?.expanded) continue;
    const v = model.optionValue(o.setting);
    if (v && !('error' in v)) cb(v, o.driver ? `${o.name} of ${o.driver.kind} ${o.driver.name}` : o.name);
  }
  for (const l of model.ast.namedLists) {
    const line = model.namedListLine(l);
    if (line) cb(line, `${l.kind}list ${l.name}`);
  }
  for (const acl of model.acls) for (const st of acl.statements) for (const c of st.conditions) {
    if (c.arg && c.entry) cb(c.arg, `"${c.name}" in ACL ${acl.name}`);
  }
}

export type TaintedRef = VarNode | HeaderNode;

/** items whose result is untainted whatever their arguments (looked-up, read or computed data) */
const CLEAN_ITEMS = new Set(['lookup', 'readfile', 'run', 'readsocket', 'acl', 'prvscheck', 'hmac', 'perl', 'dlfunc', 'certextract', 'authresults']);
/** operators whose result is computed, not copied, from their argument */
const CLEAN_OPS = new Set(['md5', 'sha1', 'sha2', 'sha256', 'sha3', 'crc32', 'strlen', 'eval', 'eval10', 'hash', 'nhash', 'h', 'nh', 'randint', 'listcount']);

export const isTaintedVar = (name: string) => variables[name]?.tainted === true;

/**
 * The first tainted variable or header whose value can end up in the
 * result of `e` (undefined: the result is untainted, as far as is known).
 */
export function taintedRef(e: Expr | undefined, depth = 0): TaintedRef | undefined {
  if (!e || depth > 64) return undefined;
  for (const n of e) {
    const r = nodeTaint(n, depth + 1);
    if (r) return r;
  }
  return undefined;
}

function yesNoTaint(yn: any, depth: number): TaintedRef | undefined {
  if (!yn || typeof yn !== 'object') return undefined;
  return taintedRef(yn.yes, depth) ?? taintedRef(yn.no, depth);
}

function nodeTaint(n: Node, depth: number): TaintedRef | undefined {
  switch (n.k) {
    case 'var': return isTaintedVar(n.name) ? n : undefined;
    case 'header': return n;
    case 'op': return CLEAN_OPS.has(n.name) ? undefined : taintedRef(n.arg, depth);
    case 'item': {
      const yn = n.data && typeof n.data === 'object' ? (n.data as { yn?: unknown }).yn : undefined;
      if (n.name === 'if' || CLEAN_ITEMS.has(n.name)) return yesNoTaint(yn, depth);
      for (const a of n.args) {
        const r = taintedRef(a, depth);
        if (r) return r;
      }
      return yesNoTaint(yn, depth);
    }
    default: return undefined;
  }
}

/** how a tainted reference is written */
export function refName(r: TaintedRef): string {
  if (r.k === 'var') return '$' + r.name;
  return `$${r.mode === '' ? '' : r.mode}h_${r.name}`;
}
