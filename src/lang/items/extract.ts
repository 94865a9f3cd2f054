// ${extract{<key>}{<string>}...} (keyed "key=value" fields), ${extract{<n>}{<seps>}{<string>}...}
// (numbered fields), their json/jsons forms, and ${listextract{<n>}{<list>}...}.
//
// Exim decides between keyed and numbered only when it runs the item (the
// first argument may be variable), reading 2 or 3 arguments before the yes/no
// strings. While skipping it reads up to 5 braced strings and an optional
// "fail". We parse that generic shape once and, at run time, give the errors
// Exim gives for the argument count it finds.
import { ExpandError, ParseError, evaluatedFirst, skippedText, type Evaluator, type Expr, type ItemEntry, type YesNo } from '../expand-api.js';
import { ListReader } from '../util/list.js';
import { dewrap, jsonElements } from '../util/json-list.js';
import { afterDecision, cstr, dequote, isDigit, isSpace, literal, strcmpic, trimSpace, yesNoCurly } from './common.js';

type Fmt = 'basic' | 'json' | 'jsons';


/** expand_getkeyed(): the value of "key=value" or "key value" fields, keys caseless */
function getKeyed(key: string, s: string): string | undefined {
  let i = 0;
  while (isSpace(s[i])) i++;
  while (i < s.length) {
    const k0 = i;
    while (i < s.length && s[i] !== '=' && !isSpace(s[i])) i++;
    const dkey = s.slice(k0, i);
    while (isSpace(s[i])) i++;
    if (s[i] === '=') { i++; while (isSpace(s[i])) i++; }
    const d = dequote(s, i);
    i = d.next;
    if (dkey.length === key.length && strcmpic(dkey, key) === 0) return d.value;
    while (isSpace(s[i])) i++;
  }
  return undefined;
}

/** expand_gettokened(): field n (negative from the end, 0 the whole) split at any of the separators */
function getTokened(field: number, seps: string, s: string): string | undefined {
  if (field === 0) return s;
  const fields: string[] = [];
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i === s.length || seps.includes(s[i]!)) {
      fields.push(s.slice(start, i));
      start = i + 1;
    }
  }
  if (field > 0) return fields[field - 1];
  return -field <= fields.length ? fields[fields.length + field] : undefined;
}

/** the first argument: a number (optionally negative) makes the extraction numbered */
function fieldNumber(s: string): number | undefined {
  let i = 0;
  let sign = 1;
  if (s[0] === '-') { sign = -1; i = 1; }
  let x = 0;
  while (i < s.length && isDigit(s[i])) x = (x * 10 + s.charCodeAt(i++) - 48) | 0;
  return i === s.length ? Math.imul(sign, x) : undefined;
}

interface ExtractData {
  fmt: Fmt;
  fail: boolean;
  /** something other than "fail" or '}' follows the arguments (only found at parse time) */
  bad?: boolean;
  /** where each argument starts (its '{') and where the "fail" word or the closing '}' is */
  at: number[];
  tail: number;
  src: string;
}

/**
 * The yes/no strings among the arguments after the `used` ones, or Exim's
 * error for them. `taken`: process_yesno() expands the side it takes as it
 * reads the two strings, before it finds the closing '}' missing.
 */
function yesNoFrom(args: Expr[], used: number, d: ExtractData, name: string, taken?: (yn: YesNo) => void): YesNo {
  const rest = args.length - used;
  const remaining = (i: number) => d.src.slice(i < args.length ? d.at[i]! : d.tail);
  if (rest === 0) {
    if (d.fail || d.bad) throw new ExpandError(yesNoCurly("'yes' part did not start with '{'", remaining(used)));
    return { fail: false };
  }
  if (rest === 1) {
    if (d.bad) throw new ExpandError(`syntax error in "${name}" item - "fail" expected`);
    return { yes: args[used], fail: d.fail };
  }
  if (rest === 2 && !d.fail && !d.bad) return { yes: args[used], no: args[used + 1], fail: false };
  taken?.({ yes: args[used], no: args[used + 1], fail: false });
  throw new ExpandError(yesNoCurly("did not close with '}'", remaining(used + 2)));
}

/** what extract finds (before its yes/no strings are chosen), and how many arguments it used */
function extractValue(args: Expr[], fmt: Fmt, ev: Evaluator): { value: string | undefined; tainted: boolean; need: number } {
  if (args.length < 1) throw new ExpandError("missing '{' for arg 1 of extract");
  const key = trimSpace(cstr(ev.str(args[0])));
  const keyTainted = ev.tainted;
  if (!key) throw new ExpandError('first argument of "extract" must not be empty');
  const n = fieldNumber(key);
  const need = n !== undefined && fmt === 'basic' ? 3 : 2;
  const sub: string[] = [key];
  let tainted = keyTainted;
  for (let i = 1; i < need; i++) {
    if (i >= args.length) throw new ExpandError(`missing '{' for arg ${i + 1} of extract`);
    sub.push(cstr(ev.str(args[i])));
    tainted ||= ev.tainted;
  }
  let value: string | undefined;
  if (fmt === 'basic') {
    value = n !== undefined ? getTokened(n, sub[1]!, sub[2]!) : getKeyed(key, sub[1]!);
  } else {
    const inner = dewrap(sub[1]!, n !== undefined ? '[]' : '{}');
    if (typeof inner !== 'string') {
      throw new ExpandError(`missing '${inner.missing}' wrapping ${n !== undefined ? 'array' : 'object'} for extract json`);
    }
    const items = jsonElements(inner);
    if (n !== undefined) {
      if (n <= 0) throw new ExpandError('first argument of "extract" must be greater than zero');
      value = items[n - 1]?.replace(/[ \t\n\v\f\r]+$/, '');
    } else {
      for (const item of items) {
        const k = dewrap(item, '""');
        if (typeof k !== 'string') throw new ExpandError('missing \'"\' wrapping string key for extract json');
        if (k === key) {
          // the value follows the key's closing quote and a colon
          let s = skipQuoted(item);
          while (isSpace(item[s])) s++;
          if (item[s] !== ':') throw new ExpandError('missing object value-separator for extract json');
          s++;
          while (isSpace(item[s])) s++;
          value = item.slice(s);
          break;
        }
      }
    }
    if (fmt === 'jsons' && value !== undefined) {
      const v = dewrap(value, '""');
      if (typeof v !== 'string') throw new ExpandError('missing \'"\' wrapping string result for extract jsons');
      value = v;
    }
  }
  return { value, tainted, need };
}

/** the error of an extract whose arguments are not closed by '}' or "fail", for a key */
function extractEnding(key: string, args: Expr[], data: ExtractData): { message: string; afterExtraction: boolean } {
  if (!key) return { message: 'first argument of "extract" must not be empty', afterExtraction: false };
  const need = fieldNumber(key) !== undefined && data.fmt === 'basic' ? 3 : 2;
  if (args.length < need) return { message: `missing '{' for arg ${args.length + 1} of extract`, afterExtraction: false };
  try {
    yesNoFrom(args, need, { ...data, fail: false, bad: true }, 'extract');
  } catch (e) {
    return { message: (e as Error).message, afterExtraction: true };
  }
  return { message: "missing '}' closing extract", afterExtraction: false };
}

export const extractItem: ItemEntry = {
  name: 'extract',
  asRead: true,
  doc: '${extract{<key>|<n>}{<seps>}{<string>}{<yes>}{<no>}}: a keyed or numbered field ($value); json/jsons forms read JSON',
  parse(p) {
    let fmt: Fmt = 'basic';
    const word = p.skipWs() !== '{' ? p.peekWord() : '';
    if (word === 'json' || word === 'jsons') {
      fmt = p.readWord() as Fmt;
      // Exim skips white space here only when it runs the item; we take the common case
      p.skipWs();
    }
    const args: Expr[] = [];
    const at: number[] = [];
    try {
      for (let j = 5; j > 0 && p.peek() === '{'; j--) {
        at.push(p.offset);
        // which are the yes/no strings is known only when it runs
        args.push(p.skippable(() => p.arg()));
        p.skipWs();
      }
    } catch (e) {
      // Exim expands the arguments it needs as it reads them (the key is checked
      // at once), extracts, then reads the yes/no strings, expanding the side taken
      if (e instanceof ParseError) {
        const read = args.slice();
        const at = read.length;
        const inner = e.before;
        e.before = (ev, message) => {
          const key = read.length > 0 ? trimSpace(cstr(ev.str(read[0]))) : '';
          if (read.length > 0 && !key) throw new ExpandError('first argument of "extract" must not be empty');
          const need = fieldNumber(key) !== undefined && fmt === 'basic' ? 3 : 2;
          if (at < need) return evaluatedFirst(read.slice(1), inner)(ev, message);
          const found = extractValue(read, fmt, ev).value !== undefined;
          if (at === need) return found && inner ? inner(ev, message) : message;
          if (found) { ev.str(read[need]); return message; }
          return at === need + 1 && inner ? inner(ev, message) : message;
        };
      }
      throw e;
    }
    let fail = false;
    const tail = p.offset;
    const after = p.src[tail + 4];
    if (p.peekWord() === 'fail' && (after === undefined || after === '}' || after === ' ' || after === '\t')) {
      fail = true;
      p.readWord();
      p.skipWs();
    }
    const data: ExtractData = { fmt, fail, at, tail, src: p.src };
    if (p.peek() !== '}') {
      // an error either way. While skipping, Exim reads the generic shape and
      // finds the '}' missing: that is the static message. When it runs the
      // item, which error it gives depends on the key (known then)
      const err = new ParseError("missing '}' closing extract", true);
      err.before = (ev) => {
        if (args.length === 0) return "missing '{' for arg 1 of extract";
        const key = trimSpace(cstr(ev.str(args[0])));
        const ending = extractEnding(key, args, data);
        // an empty key is refused as soon as it is read
        if (!key) return ending.message;
        if (ending.afterExtraction) {
          // the extraction runs first; process_yesno() then expands the side it
          // takes as it reads it, before it finds the closing '}' missing
          const { value, tainted, need } = extractValue(args, fmt, ev);
          ev.yesNo(value !== undefined, { yes: args[need], no: args[need + 1], fail: false }, 'extract', value, tainted);
        } else for (const a of args.slice(1)) ev.str(a);
        return ending.message;
      };
      throw err;
    }
    p.take('}');
    return { args, data };
  },
  run(node, ev) {
    const d = node.data as ExtractData;
    const { value, tainted, need } = extractValue(node.args, d.fmt, ev);
    const yn = yesNoFrom(node.args, need, d, 'extract', (read) => ev.yesNo(value !== undefined, read, 'extract', value, tainted));
    return ev.yesNo(value !== undefined, yn, 'extract', value, tainted);
  },
};

/** index just after the closing quote of the leading "..." string (backslash escapes skipped) */
function skipQuoted(s: string): number {
  let p = 0;
  while (isSpace(s[p])) p++;
  p++;
  for (; p < s.length; p++) {
    if (s[p] === '\\') p++;
    else if (s[p] === '"') return p + 1;
  }
  return p;
}

export const listextractItem: ItemEntry = {
  name: 'listextract',
  asRead: true,
  doc: '${listextract{<n>}{<list>}{<yes>}{<no>}}: the nth item of the list (negative from the end) as $value',
  parse(p) {
    const args: Expr[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        if (p.skipWs() !== '{') p.curly(`missing '{' for arg ${i + 1} of listextract`);
        args.push(p.arg());
        // even while skipping, Exim checks that the field number is numeric (its skipped text then)
        if (i === 0) {
          const lit = literal(args[0]!);
          const f = trimSpace(cstr(lit ?? skippedText(args[0])));
          if (f && fieldNumber(f) === undefined) {
            if (lit !== undefined) p.fail('first argument of "listextract" must be numeric');
            p.skipFailure('first argument of "listextract" must be numeric');
          }
        }
      }
    } catch (e) {
      // an error at or in the second argument: Exim has expanded and checked the first
      if (e instanceof ParseError && args.length === 1) {
        const inner = e.before;
        e.before = (ev, message) => {
          const f = trimSpace(cstr(ev.str(args[0])));
          if (!f) throw new ExpandError('first argument of "listextract" must not be empty');
          if (fieldNumber(f) === undefined) throw new ExpandError('first argument of "listextract" must be numeric');
          return inner ? inner(ev, message) : message;
        };
      }
      throw e;
    }
    try {
      return { args, data: { yn: p.readYesNo('listextract') } };
    } catch (e) {
      if (e instanceof ParseError) e.before = afterDecision(e, (ev) => listextractValue(args, ev).value !== undefined);
      throw e;
    }
  },
  run(node, ev) {
    const { value, tainted } = listextractValue(node.args, ev);
    return ev.yesNo(value !== undefined, node.data.yn, 'listextract', value, tainted);
  },
};

function listextractValue(args: Expr[], ev: Evaluator): { value: string | undefined; tainted: boolean } {
  const f = trimSpace(cstr(ev.str(args[0])));
  if (!f) throw new ExpandError('first argument of "listextract" must not be empty');
  const n = fieldNumber(f);
  if (n === undefined) throw new ExpandError('first argument of "listextract" must be numeric');
  const list = ev.str(args[1]);
  const tainted = ev.tainted;
  let value: string | undefined;
  let field = n;
  if (field < 0) {
    const r = new ListReader(list);
    for (field++; r.next() !== undefined;) field++;
  }
  if (field !== 0) {
    const r = new ListReader(list);
    while (--field > 0 && r.next() !== undefined);
    value = r.next();
  }
  return { value, tainted };
}
