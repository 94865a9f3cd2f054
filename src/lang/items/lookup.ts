// ${lookup{<key>} <type> {<file>}{<yes>}{<no>}} (single-key lookups) and
// ${lookup <type> {<query>}{<yes>}{<no>}} (query-style). The type may be
// "partial<n>-type", "type*", "type*@" and carry ",options" (ret=key, ...).
// The lookup types come from ctx.lookups (src/lookups/registry.ts).
import { ExpandError, ParseError, PENDING, evaluatedFirst, type Evaluator, type Expr, type ItemEntry, type YesNo } from '../expand-api.js';
import { lookupTable, LookupError, type LookupEnv, type LookupRegistry } from '../lookups/types.js';
import { parseLookupType, searchFind, type FindResult, type LookupSpec } from '../lookups/search.js';
import { hasUnquotedTaint } from '../lookups/taint.js';
import { matchServices } from '../conditions/lists.js';
import type { MatchServices } from '../match/list.js';
import { stringPrinting } from '../util/printing.js';
import { afterDecision, cstr, isAlpha } from './common.js';

/** the names the parser knows; implementations come from ctx.lookups */
const KNOWN = lookupTable();

interface LookupData { spec: LookupSpec; name: string; key?: Expr; yn: YesNo }

export const lookupItem: ItemEntry = {
  name: 'lookup',
  doc: '${lookup{<key>}<type>{<file>}{<string1>}{<string2>}} or ${lookup <type>{<query>}...}: the data found ($value), else string2',
  asRead: true,
  parse(p) {
    let key: Expr | undefined;
    if (p.skipWs() === '{') {
      key = p.arg();
      p.skipWs();
    }
    let spec: LookupSpec | string;
    let name: string;
    let file: Expr;
    let yn: YesNo;
    let decided = false;
    try {
      if (!isAlpha(p.peek())) p.fail('missing lookup type');
      // anything up to white space or '{' (Exim keeps at most 255 bytes of it)
      name = p.readUntilSpaceOrBrace().slice(0, 255);
      p.skipWs();
      spec = parseLookupType(name, KNOWN);
      if (typeof spec === 'string') return p.fail(spec);
      if (spec.type.kind === 'single') {
        if (!key) p.fail(`missing {key} for single-key "${name}" lookup`);
      } else if (key) {
        p.fail(`a single key was given for lookup type "${name}", which is not a single-key lookup type`);
      }
      if (p.peek() !== '{') p.curly("missing '{' for lookup file-or-query arg");
      file = p.arg();
      p.skipWs();
      try {
        yn = p.readYesNo('lookup');
      } catch (e) {
        // Exim does the lookup before it reads the yes/no strings: its failure comes first
        if (e instanceof ParseError) {
          const found = spec;
          const args = [file];
          // (the evaluator lets an error node's lookup suspend, never answer PENDING)
          e.before = afterDecision(e, (ev) => {
            const r = find(found, key, args, ev);
            return r !== PENDING && r.value !== undefined;
          });
          decided = true;
        }
        throw e;
      }
    } catch (e) {
      // the key is expanded first (the file or query in its turn, by its own string)
      if (e instanceof ParseError && key && !decided) e.before = evaluatedFirst([key], e.before);
      throw e;
    }
    const data: LookupData = { spec, name, key, yn };
    return { args: [file], data };
  },
  run(node, ev) {
    const { spec, key: keyExpr, yn } = node.data as LookupData;
    const found = find(spec, keyExpr, node.args, ev);
    if (found === PENDING) return PENDING;
    // $1 and $2 of a partial or default match, for the yes/no strings only
    const saved = ev.matches;
    try {
      if (found.matches) ev.matches = [saved[0] ?? '', found.matches[0], found.matches[1]];
      return ev.yesNo(found.value !== undefined, yn, 'lookup', found.value);
    } finally {
      ev.matches = saved;
    }
  },
};

/** What a lookup type may use of the evaluation (a class: its getters cost nothing per lookup). */
class FindEnv implements LookupEnv {
  private services: MatchServices | undefined;
  constructor(private readonly ev: Evaluator) {}
  expand(s: string): string { return this.ev.expandNested(s); }
  /** made when a lookup matches lists (wildlsearch): most never do */
  get match(): MatchServices { return (this.services ??= matchServices(this.ev)); }
  option(name: string): string | undefined { return this.ev.ctx.config?.options?.get(name); }
  get dns(): LookupEnv['dns'] { return this.ev.ctx.services?.dns; }
}

/** search_open() and search_find(): the result, or an ExpandError with Exim's text */
function find(spec: LookupSpec, keyExpr: Expr | undefined, args: Expr[], ev: Evaluator): FindResult | typeof PENDING {
  const ctx = ev.ctx;
  let key: string;
  let file: string | undefined;
  let fileTainted = false;
  let unquoted = false;
  if (keyExpr) {
    key = cstr(ev.str(keyExpr));
    file = cstr(ev.str(args[0]));
    fileTainted = ev.tainted;
  } else {
    key = cstr(ev.str(args[0]));
    unquoted = ev.tainted && spec.type.kind === 'query' && !!spec.type.quote && hasUnquotedTaint(args[0], ctx, spec.type.name);
  }
  const registry: LookupRegistry = ctx.lookups ?? KNOWN;
  const type = registry.get(spec.type.name) ?? spec.type;
  if (!type.find) throw new ExpandError(`lookup type "${type.name}" is not supported by exim-ts`);
  const found: FindResult | { error: string; defer?: boolean } | typeof PENDING = ev.ioOrPending(() => {
    // built in here: a re-run after waiting replays the journal and never gets this far
    const env = new FindEnv(ev);
    if (file !== undefined && fileTainted) {
      // search_open() refuses a tainted file name (and logs it), with no message
      ctx.logWrite?.(`Tainted filename for search: '${file}'`);
      return { error: '(null)' };
    }
    // Exim 4.96 logs a tainted query not made safe by the type's own quoter, and runs it
    if (unquoted) ctx.logWrite?.(`tainted search query is not properly quoted: ${key.replace(/^[ \t\n\v\f\r]+/, '')}`);
    try {
      if (file !== undefined) type.open?.(file);
      const r = searchFind({ ...spec, type }, file, key, env);
      if (r instanceof Promise) {
        return r.catch((e) => {
          if (e instanceof LookupError) return { error: deferMessage(key, e), defer: true };
          throw e;
        });
      }
      return r;
    } catch (e) {
      if (e instanceof LookupError) return e.defer ? { error: deferMessage(key, e), defer: true } : { error: e.message };
      throw e;
    }
  });
  if (found === PENDING) return PENDING;
  // a deferral is Exim's search_find_defer: an ACL condition using it gives DEFER
  if ('error' in found) throw new ExpandError(found.error, { defer: !!found.defer });
  return found;
}

function deferMessage(key: string, e: LookupError): string {
  return `lookup of "${stringPrinting(key, true)}" gave DEFER: ${e.message}`;
}
