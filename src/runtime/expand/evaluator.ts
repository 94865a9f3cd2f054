// Evaluates parsed expansion strings against a context. Parsing happens once
// (src/grammar/expansion); an Expr can be evaluated any number of times.
import {
  type CondNode, type Evaluator, type Expr, type YesNo, ExpandError, PENDING,
} from '../../lang/expand-api.js';
import type { ExpandContext } from './context.js';
import { parseExpansion } from '../../grammar/expansion/parser.js';
import { Generations } from './generations.js';

/** parsed strings of expandNested(), by text (a parse depends on the text alone) */
const nestedAsts = new Generations<string, ReturnType<typeof parseExpansion>>(1000);
import { unknownVariableHint } from '../../lang/variables.js';
import { cstr } from '../../lang/items/common.js';

/**
 * Throws the expansion error. A throw costs V8 a look-up of the source
 * position of the throwing function, which reads its tables from the start:
 * from a function this small that is next to nothing, from str() thousands
 * of instructions.
 */
function fail(message: string): never {
  throw new ExpandError(message);
}

/** Thrown through an evaluation that must wait for I/O; see Evaluation.io(). */
class Suspend {
  constructor(readonly promise: Promise<unknown>) {}
}

/** expand_string()'s answer: the value, or Exim's failure (forced or not) */
export type ExpandResult = { ok: true; value: string } | { ok: false; error: ExpandError };

/** a thrown error as an answer: an ExpandError is Exim's failure, anything else a fault */
export function asFailure(err: unknown): ExpandResult {
  if (err instanceof ExpandError) return { ok: false, error: err };
  throw err;
}

type Journal = { ok: boolean; value: unknown }[];

export class Evaluation implements Evaluator {
  tainted = false;
  /** sticky: some value evaluated inside the current item was tainted */
  private taintSeen = false;
  matches: string[] = [];
  /** $item, $value and other item-local values; made when first needed */
  private locals: Map<string, { value: string | undefined; tainted: boolean }> | undefined;
  private journal: Journal = [];
  private ioIndex = 0;
  /** this run may be answered PENDING by an item of its top-level string (see ioOrPending) */
  private asyncRun = false;
  /** how deep str() calls are (a suspension or an error caught inside leaves it high: the safe side) */
  private depth = 0;
  /** the item running now may answer PENDING */
  private pendingOk = false;
  /** the I/O a PENDING answer waits for */
  private pending: Promise<unknown> | undefined;

  constructor(readonly ctx: ExpandContext) {}

  str(e: Expr | undefined): string {
    if (!e) { this.tainted = false; return ''; }
    this.depth++;
    const outerSeen = this.taintSeen;
    let out = '';
    let t = false;
    for (let i = 0; i < e.length; i++) {
      const n = e[i]!;
      switch (n.k) {
        case 'text':
          out += n.s;
          break;
        case 'var': {
          const v = this.variable(n.name, n.braced);
          out += v;
          if (this.tainted) t = true;
          break;
        }
        case 'header': {
          const v = this.ctx.header(n.name, n.mode);
          out += v;
          // a header not there gives Exim's constant "", which is not tainted
          if (this.ctx.headersTainted && (v !== '' || this.ctx.headerExists(n.name))) t = true;
          break;
        }
        case 'nvar':
          out += this.matches[n.n] ?? '';
          break;
        case 'op': {
          let arg = n.certVar !== undefined ? n.certVar : this.str(n.arg);
          // Exim reads an operator's _n parameters when it runs it, after expanding the argument
          if (n.suffixError !== undefined) throw new ExpandError(n.suffixError);
          // operators see a C string: it ends at the first NUL
          arg = cstr(arg);
          const argTainted = this.tainted;
          this.taintSeen = false;
          out += n.entry.run(arg, n.suffix, this, n);
          const keeps = n.entry.keepsTaint;
          if ((typeof keeps === 'function' ? keeps(arg) : keeps !== false) ? argTainted || this.taintSeen : this.taintSeen) t = true;
          break;
        }
        case 'item': {
          this.taintSeen = false;
          // an item nested in the running one's key or file must not answer PENDING; the running one still may
          const outerOk = this.pendingOk;
          this.pendingOk = this.asyncRun && this.depth === 1;
          const v: string | typeof PENDING = n.entry.run(n, this);
          this.pendingOk = outerOk;
          if (v === PENDING) { this.depth--; return v as unknown as string; }
          out += v;
          if (this.taintSeen) t = true;
          break;
        }
        case 'error':
          // an error node's own lookup (see lookupItem) waits by a suspension: the error text depends on its answer
          this.pendingOk = false;
          return fail(n.before ? n.before(this, n.message) : n.message);
      }
    }
    this.tainted = t;
    this.taintSeen = outerSeen || t;
    // a nested string reaches its reader as Exim's C string: it ends at a NUL
    // (only the outermost one keeps what follows, for -be to print up to it)
    return --this.depth > 0 ? cstr(out) : out;
  }

  private variable(name: string, braced: boolean): string {
    const local = this.locals?.get(name);
    if (local) {
      this.tainted = local.tainted;
      return local.value ?? '';
    }
    const v = this.ctx.getVar(name);
    if (v === null) {
      const msg = braced ? `unknown variable in "\${${name}}"` : `unknown variable name "${name}"`;
      throw new ExpandError(msg + unknownVariableHint(name));
    }
    // an unset variable gives Exim's constant "", which is not tainted
    this.tainted = this.ctx.isTainted(name) && (v !== '' || this.ctx.values.has(name));
    return v;
  }


  withLocal<T>(name: string, value: string | undefined, fn: () => T, tainted = false): T {
    const locals = (this.locals ??= new Map());
    const old = locals.get(name);
    locals.set(name, { value, tainted });
    try {
      return fn();
    } finally {
      if (old) locals.set(name, old);
      else locals.delete(name);
    }
  }

  /** current value of a local ($value, $item), if set */
  local(name: string): string | undefined {
    return this.locals?.get(name)?.value;
  }

  expandNested(source: string): string {
    // expand_string() reads a C string, and gives one: each ends at a NUL
    source = cstr(source);
    // list matching expands the same few lists over and over: parse each once
    let ast = nestedAsts.get(source);
    if (!ast) {
      ast = parseExpansion(source);
      nestedAsts.set(source, ast);
    }
    return cstr(this.str(ast));
  }

  cond(c: CondNode): boolean {
    const r = c.entry.test(c, this);
    return c.neg ? !r : r;
  }

  yesNo(ok: boolean, yn: YesNo, itemName: string, value?: string, valueTainted = false): string {
    if (!yn.yes) {
      if (!ok) return '';
      if (itemName === 'if') return 'true';
      if (value !== undefined && valueTainted) this.taintSeen = true;
      return value ?? '';
    }
    // the side not taken is read skipping: after the yes string, before the
    // no string (skipped() written out: this runs for every ${if})
    if (ok) {
      const r = this.withLocal('value', value, () => this.str(yn.yes), valueTainted);
      if (yn.no?.skipFail !== undefined) throw new ExpandError(yn.no.skipFail);
      return r;
    }
    if (yn.yes.skipFail !== undefined) throw new ExpandError(yn.yes.skipFail);
    if (yn.no) return this.str(yn.no);
    if (yn.fail) throw new ExpandError(`"${itemName}" failed and "fail" requested`, { forced: true });
    return '';
  }

  io<T>(op: () => T | Promise<T>): T {
    return this.step(op, false) as T;
  }

  ioOrPending<T>(op: () => T | Promise<T>): T | typeof PENDING {
    // the item's nested strings (its key, its file) have run by now and left the flag as they found it
    return this.step(op, this.pendingOk);
  }

  private step<T>(op: () => T | Promise<T>, pendingOk: boolean): T | typeof PENDING {
    if (this.ioIndex < this.journal.length) {
      const rec = this.journal[this.ioIndex++]!;
      if (rec.ok) return rec.value as T;
      throw rec.value;
    }
    let r: T | Promise<T>;
    try {
      r = op();
    } catch (e) {
      this.journal.push({ ok: false, value: e });
      this.ioIndex++;
      throw e;
    }
    if (r instanceof Promise) {
      const journal = this.journal;
      const done = r.then(
        (value) => { journal.push({ ok: true, value }); },
        (value) => { journal.push({ ok: false, value }); },
      );
      if (pendingOk) {
        this.pending = done;
        return PENDING;
      }
      throw new Suspend(done);
    }
    this.journal.push({ ok: true, value: r });
    this.ioIndex++;
    return r;
  }

  /** Evaluate, waiting for I/O where an entry needs it (lookups, sockets). */
  async evaluateAsync(e: Expr): Promise<string> {
    for (;;) {
      try {
        const v = this.evaluateOnce(e, true);
        if (v !== PENDING) return v;
        await this.pending;
      } catch (err) {
        if (!(err instanceof Suspend)) throw err;
        await err.promise;
      }
    }
  }

  /**
   * The value or the expansion error, synchronous when nothing waits for
   * I/O, a promise only when something does. The error comes back as a
   * value: each throw costs V8 a walk of the stack, and re-throwing one
   * caught here would double what a failing expansion costs.
   */
  result(e: Expr): ExpandResult | Promise<ExpandResult> {
    let caught: unknown;
    try {
      const v = this.evaluateOnce(e, true);
      if (v !== PENDING) return { ok: true, value: v };
      caught = new Suspend(this.pending!);
    } catch (err) {
      caught = err;
    }
    if (!(caught instanceof Suspend)) return asFailure(caught);
    return caught.promise.then(() => this.evaluateAsync(e)).then((value): ExpandResult => ({ ok: true, value }), asFailure);
  }

  /**
   * Run a step that is not an expansion string (an ACL condition's list match)
   * with this evaluation's journal: sync when its ev.io() calls are, else it is
   * re-run after each wait with the finished I/O replayed.
   */
  perform<T>(fn: (ev: Evaluator) => T): T | Promise<T> {
    // trace lines of a run that waits are written once, by the run that finishes
    const ctx = this.ctx;
    const outer = ctx.trace;
    let lines: string[] = [];
    const once = () => {
      this.ioIndex = 0;
      this.matches = [];
      lines = [];
      if (outer) ctx.trace = (l) => { lines.push(l); };
      try {
        return fn(this);
      } catch (e) {
        if (!(e instanceof Suspend)) flush();
        throw e;
      } finally {
        ctx.trace = outer;
      }
    };
    const flush = () => { for (const l of lines) outer?.(l); lines = []; };
    try {
      const v = once();
      flush();
      return v;
    } catch (err) {
      if (!(err instanceof Suspend)) throw err;
      const again = async (p: Promise<unknown>): Promise<T> => {
        for (;;) {
          await p;
          try { const v = once(); flush(); return v; } catch (e) { if (!(e instanceof Suspend)) throw e; p = e.promise; }
        }
      };
      return again(err.promise);
    }
  }


  /** Evaluate without waiting: an entry that needs async I/O fails. Throws ExpandError. */
  evaluateSync(e: Expr): string {
    const r = this.resultSync(e);
    if (r.ok) return r.value;
    throw r.error;
  }

  /** evaluateSync() with the error as a value (see result()) */
  resultSync(e: Expr): ExpandResult {
    let caught: unknown;
    try {
      // not an asynchronous run: nothing answers PENDING
      return { ok: true, value: this.evaluateOnce(e) as string };
    } catch (err) {
      caught = err;
    }
    if (!(caught instanceof Suspend)) return asFailure(caught);
    caught.promise.catch(() => undefined);
    return { ok: false, error: new ExpandError('asynchronous lookup used in a synchronous expansion') };
  }

  private evaluateOnce(e: Expr, asyncRun = false): string | typeof PENDING {
    this.ioIndex = 0;
    this.matches = [];
    this.locals = undefined;
    this.taintSeen = false;
    this.depth = 0;
    this.asyncRun = asyncRun;
    try {
      return this.str(e);
    } finally {
      this.asyncRun = false;
    }
  }
}
