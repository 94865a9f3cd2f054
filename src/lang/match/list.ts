// Exim's list matching (match.c): match_check_list() walks a list with
// negation, +named lists and /file items; check_string() tests one pattern
// (regex, *tail, @, exact, lookup). Pure functions over a small services
// interface, so the expander, the ACL engine and tests can each supply theirs.
import { ListReader } from '../util/list.js';
import { compilePcre, pcreExec, PcreError, regexErrorMessage } from '../util/pcre.js';
import { isSpace } from '../util/ctype.js';

export type ListKind = 'domain' | 'host' | 'address' | 'localpart' | 'string';
export type Rc = 'ok' | 'fail' | 'defer' | 'error';

/** What list matching needs from its surroundings. */
export interface MatchServices {
  /** primary_hostname, for "@" */
  primaryHostname: string;
  /** the raw value of a named list (domainlist/hostlist/...), or undefined */
  namedList(kind: ListKind, name: string): string | undefined;
  /** expand a string (named lists are expanded before use) */
  expand(s: string): string;
  /** contents of a file named in a list ("/path" items) */
  readFile(path: string): string;
  /** the host's own IP addresses, for "@[]" */
  localInterfaces(): string[];
  /**
   * Exim's cache of named-list results for one subject (a connection's host, a
   * message's sender, an address being checked): name -> result and lookup data.
   * Lists with "$" in them are not cached.
   */
  namedCache?: Map<string, { rc: 'ok' | 'fail'; value?: string }>;
  /** the debug trace of list matching (exim -bh's ">>> ... in ...? yes (matched ...)" lines) */
  trace?: (line: string) => void;
  /** a lookup item ("lsearch;/file"): the data, null when not found, or a deferral's message; absent: unsupported */
  lookup?(spec: string, key: string, kind: ListKind): string | null | { defer: string };
}

export interface MatchResult {
  rc: Rc;
  /** what $value gets (Exim's lookup_value) */
  value?: string;
  /** $0.. on a match, when the caller asked for them */
  matches?: string[];
  /** the reason of a defer */
  error?: string;
  /** what Exim would write to its log */
  log?: string;
}

/** One-item test: OK/FAIL/DEFER/ERROR, with value and numeric variables. */
export type ItemCheck = (pattern: string, out: { value?: string; matches?: string[]; error?: string }) => Rc;

const lc = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

const kindWords: Record<ListKind, string> = {
  domain: ' domain', host: ' host', address: ' address', localpart: ' local part', string: '',
};

export interface CheckListOptions {
  kind: ListKind;
  /** separator: 0 for the list's own, > 255 for a single item */
  sep?: number;
  /** "+caseful" handling for address and local part lists */
  onCaseful?: () => void;
  /** host lists: +include_unknown etc. */
  hostFlags?: boolean;
  /** whether +name refers to named lists */
  named?: boolean;
  /** for the trace: what is looked for ("host", the domain, ...), and the option the list is the value of */
  subject?: string;
  option?: string;
}

/** match_check_list(): OK if matched a non-negated item or ended after a negated one */
export function matchCheckList(list: string, o: CheckListOptions, check: ItemCheck, svc: MatchServices,
  res: MatchResult = { rc: 'fail' }): MatchResult {
  let includeUnknown = false;
  let ignoreUnknown = false;
  let includeDefer = false;
  let ignoreDefer = false;
  let yieldOk = true;
  const items: string[] = [];
  if (o.sep !== undefined && o.sep > 255) items.push(list);
  else {
    const r = new ListReader(list, o.sep ?? 0);
    for (let x = r.next(); x !== undefined; x = r.next()) items.push(x);
  }
  const done = (rc: Rc, extra: Partial<MatchResult> = {}): MatchResult => Object.assign(res, { rc }, extra);
  // "host in hosts_require_helo?" or "host in "<the list>"?"
  const trace = o.subject !== undefined ? svc.trace : undefined;
  const ot = trace ? `${o.subject} in ${o.option ?? `"${list.slice(0, 2048)}${list.length > 2048 ? '...' : ''}"`}?` : '';
  const traced = (r: MatchResult, line: () => string): MatchResult => { if (trace) trace(`${ot} ${line()}`); return r; };
  /** what an item that deferred or could not be checked means for the list, as the +include/+ignore settings say; undefined: go on */
  const trouble = (rc: Rc, error: string | undefined, item: string): MatchResult | undefined => {
    if (rc === 'defer') {
      const err = error ?? `DNS lookup of ${item} deferred`;
      if (ignoreDefer) { trace?.(`${err}: item ignored by +ignore_defer`); return undefined; }
      if (includeDefer) return done('ok', { log: `${err}: accepted by +include_defer` });
      trace?.(`${ot} list match deferred for ${item.replace(/^"(.*)"$/, '$1')}`);
      return done('defer', { error: err });
    }
    if (rc === 'error') {
      if (ignoreUnknown) { trace?.(`${error}: item ignored by +ignore_unknown`); return undefined; }
      trace?.(`${ot} ${includeUnknown ? 'yes' : 'no'} (${error})`);
      return includeUnknown ? done('ok', { log: `${error}: accepted by +include_unknown` }) : done('fail');
    }
    return undefined;
  };
  for (const item of items) {
    let ss = item;
    if ((o.kind === 'address' || o.kind === 'localpart') && ss === '+caseful') { o.onCaseful?.(); continue; }
    if (o.kind === 'host' && ss.startsWith('+')) {
      if (ss === '+include_unknown') { includeUnknown = true; ignoreUnknown = false; continue; }
      if (ss === '+ignore_unknown') { ignoreUnknown = true; includeUnknown = false; continue; }
      if (ss === '+include_defer') { includeDefer = true; ignoreDefer = false; continue; }
      if (ss === '+ignore_defer') { ignoreDefer = true; includeDefer = false; continue; }
    }
    if (ss.startsWith('!')) {
      yieldOk = false;
      ss = ss.slice(1);
      while (isSpace(ss[0])) ss = ss.slice(1);
    } else yieldOk = true;
    const yes = yieldOk ? 'ok' : 'fail';

    if (ss[0] !== '/') {
      if (ss[0] === '+' && o.named !== false) {
        const raw = svc.namedList(o.kind, ss.slice(1));
        // Exim logs the name and gives no reason in the expansion error
        if (raw === undefined) return done('defer', { error: undefined, log: `unknown named${kindWords[o.kind]} list "${ss}"` });
        const name = ss.slice(1);
        const cache = raw.includes('$') ? undefined : svc.namedCache;
        const hit = cache?.get(name);
        if (hit) {
          if (hit.rc === 'fail') continue;
          return traced(done(yes, { value: hit.value }), () => `${yes === 'ok' ? 'yes' : 'no'} (matched "${item}" - cached)`);
        }
        const sub = matchCheckList(svc.expand(raw), { ...o, sep: 0, option: undefined }, check, svc, res);
        if (sub.rc === 'defer') return sub;
        cache?.set(name, { rc: sub.rc === 'ok' ? 'ok' : 'fail', value: sub.value });
        if (sub.rc === 'ok') return traced(done(yes), () => `${yes === 'ok' ? 'yes' : 'no'} (matched "${item}")`);
        continue;
      }
      const out: { value?: string; matches?: string[]; error?: string } = {};
      const rc = check(ss, out);
      if (rc === 'ok') {
        return traced(done(yes, { value: out.value, matches: out.matches ?? res.matches }), () => `${yes === 'ok' ? 'yes' : 'no'} (matched "${item}")`);
      }
      const settled = trouble(rc, out.error, `"${ss}"`);
      if (settled) return settled;
      continue;
    }

    // a file of items, one per line, with # comments
    let fileYield = yieldOk;
    const text = svc.readFile(ss);
    for (const rawLine of text.split('\n')) {
      let line = rawLine;
      let from = 0;
      for (;;) {
        const h = line.indexOf('#', from);
        if (h < 0) break;
        if ((o.kind !== 'address' && o.kind !== 'localpart') || h === 0 || isSpace(line[h - 1])) { line = line.slice(0, h); break; }
        from = h + 1;
      }
      line = line.replace(/[ \t\n\v\f\r]+$/, '').replace(/^[ \t\n\v\f\r]+/, '');
      if (!line) continue;
      fileYield = yieldOk;
      if (line[0] === '!') {
        fileYield = !fileYield;
        line = line.slice(1).replace(/^[ \t\n\v\f\r]+/, '');
      }
      const out: { value?: string; matches?: string[]; error?: string } = {};
      const rc = check(line, out);
      if (rc === 'ok') {
        return traced(done(fileYield ? 'ok' : 'fail', { value: line, matches: out.matches ?? res.matches }),
          () => `${yieldOk ? 'yes' : 'no'} (matched "${rawLine.trim()}" in ${ss})`);
      }
      const settled = trouble(rc, out.error, line);
      if (settled) return settled;
    }
    yieldOk = fileYield;
  }
  return traced(done(yieldOk ? 'fail' : 'ok'), () => `${yieldOk ? 'no' : 'yes'} (end of list)`);
}

export interface StringCheck {
  subject: string;
  origSubject: string;
  caseless: boolean;
  /** "@" and "@[]" are special (domains) */
  atSpecial: boolean;
  /** -1: no numeric variables; 0: $0 is the subject, $1.. from the match; n: start at $n */
  expandSetup: number;
}

/** check_string(): one pattern against a string */
export function checkString(cb: StringCheck, pattern: string, out: { value?: string; matches?: string[]; error?: string },
  svc: MatchServices, kind: ListKind = 'string'): Rc {
  const s = pattern[0] === '^' ? cb.origSubject : cb.subject;
  let setup = cb.expandSetup;
  if (setup > 0) setup--;
  if (pattern[0] === '^') {
    let re;
    try {
      re = compilePcre(pattern, cb.caseless);
    } catch (e) {
      if (e instanceof PcreError) throw new MatchPanic(regexErrorMessage(pattern, e), `regular expression error: ${e.message} at offset ${e.offset} while compiling ${pattern}`);
      throw e;
    }
    const m = pcreExec(re, s);
    if (!m) return 'fail';
    if (setup >= 0) {
      const ms: string[] = [];
      if (setup === 0) ms[0] = s;
      let k = setup + 1;
      for (let g = 1; g < m.groups.length; g++) ms[k++] = m.groups[g] ?? '';
      out.matches = ms;
    }
    out.value = pattern;
    return 'ok';
  }
  if (pattern[0] === '*') {
    const tail = pattern.slice(1);
    if (tail.length > s.length) return 'fail';
    const end = s.slice(s.length - tail.length);
    if (cb.caseless ? lc(end) !== lc(tail) : end !== tail) return 'fail';
    if (setup >= 0) {
      const ms: string[] = [];
      ms[0] = s;
      ms[setup + 1] = s.slice(0, s.length - tail.length);
      out.matches = ms;
    }
    out.value = pattern;
    return 'ok';
  }
  let pat = pattern;
  if (cb.atSpecial && pattern[0] === '@') {
    if (pattern.length === 1) pat = svc.primaryHostname;
    else if (pattern === '@[]') {
      if (s[0] !== '[' && s[s.length - 1] !== ']') return 'fail';
      const inner = s.slice(1, s.length - 1);
      if (!svc.localInterfaces().includes(inner)) return 'fail';
      if (setup >= 0) out.matches = [s];
      out.value = pattern;
      return 'ok';
    } else if (/^@mx_/i.test(pattern)) {
      out.error = 'MX lookups ("@mx_...") are not yet supported';
      return 'defer';
    }
  }
  if (!pat.includes(';')) {
    if (cb.caseless ? lc(s) !== lc(pat) : s !== pat) return 'fail';
    if (setup >= 0) out.matches = [s];
    out.value = pat;
    return 'ok';
  }
  if (!svc.lookup) {
    out.error = 'lookups not yet supported';
    return 'defer';
  }
  const r = svc.lookup(pat, s, kind);
  if (r === null) return 'fail';
  if (typeof r !== 'string') {
    out.error = r.defer;
    return 'defer';
  }
  out.value = r;
  if (setup >= 0) out.matches = [s];
  return 'ok';
}

/** A configuration error Exim treats as fatal (bad regex in a list): the expansion fails with it. */
export class MatchPanic extends Error {
  /** @param dies what Exim's regex_must_compile() dies with where nothing catches it */
  constructor(message: string, readonly dies = message) {
    super(message);
  }
}

export { lc as lowerAscii };
