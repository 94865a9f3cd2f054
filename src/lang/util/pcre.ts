// PCRE2 patterns (as Exim compiles them: no UTF mode, so byte semantics) run
// as JS RegExps over byte strings. The translation keeps PCRE's meaning for
// what differs: "." and "$", \s, \A \z \Z, \Q..\E, POSIX classes, (?P<..>),
// inline options, possessive and atomic forms (run as plain greedy ones, the
// one approximation). Compile errors carry PCRE2's wording and offset.

export class PcreError extends Error {
  constructor(message: string, readonly offset: number) { super(message); }
}

export interface CompiledRegex { re: RegExp; groups: number }

const POSIX: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: '\\t\\n\\v\\f\\r ',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', word: 'A-Za-z0-9_', cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~', graph: '!-~', ascii: '\\x00-\\x7f',
};
const SPACE = '\\t\\n\\v\\f\\r ';
const esc = (c: string) => (/[\\^$.*+?()[\]{}|\/-]/.test(c) ? '\\' + c : c.charCodeAt(0) < 32 || c.charCodeAt(0) > 126
  ? '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0') : c);

const cache = new Map<string, CompiledRegex | PcreError>();

/** Compile a PCRE pattern; throws PcreError. `caseless` adds the i option. */
export function compilePcre(pattern: string, caseless = false): CompiledRegex {
  const key = (caseless ? 'i' : '-') + pattern;
  let c = cache.get(key);
  if (!c) {
    try { c = translate(pattern, caseless); } catch (e) {
      if (!(e instanceof PcreError)) throw e;
      c = e;
    }
    if (cache.size > 2000) cache.clear();
    cache.set(key, c);
  }
  if (c instanceof PcreError) throw c;
  return c;
}

function translate(p: string, caseless: boolean): CompiledRegex {
  let flags = caseless ? 'i' : '';
  let dotall = false, multiline = false, extended = false;
  let out = '';
  let i = 0;
  let groups = 0;
  const opens: number[] = [];
  /** can a quantifier follow what was just emitted? */
  let repeatable = false;
  // leading option settings apply to the whole pattern
  for (let m; (m = /^\(\?([imsx]+)\)/.exec(p.slice(i))); i += m[0].length) {
    for (const f of m[1]!) {
      if (f === 'i' && !flags.includes('i')) flags += 'i';
      if (f === 's') dotall = true;
      if (f === 'm') multiline = true;
      if (f === 'x') extended = true;
    }
  }
  while (i < p.length) {
    const c = p[i]!;
    if (extended && /[ \t\n\r\f\v]/.test(c)) { i++; continue; }
    if (extended && c === '#') { while (i < p.length && p[i] !== '\n') i++; continue; }
    switch (c) {
      case '\\': {
        const r = escapeSeq(p, i, false);
        out += r.out;
        i = r.next;
        repeatable = r.repeatable;
        continue;
      }
      case '[': {
        const r = charClass(p, i);
        out += r;
        i = classEnd;
        repeatable = true;
        continue;
      }
      case '(': {
        if (p[i + 1] === '?') {
          const rest = p.slice(i + 2);
          let m;
          if ((m = /^P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest))) {
            groups++; opens.push(i); out += `(?<${m[1]}>`; i += 2 + m[0].length; repeatable = false; continue;
          }
          if ((m = /^P=([A-Za-z_][A-Za-z0-9_]*)\)/.exec(rest))) {
            out += `\\k<${m[1]}>`; i += 2 + m[0].length; repeatable = true; continue;
          }
          if (rest[0] === ':' || rest[0] === '=' || rest[0] === '!') {
            opens.push(i); out += '(?' + rest[0]; i += 3; repeatable = false; continue;
          }
          if (rest[0] === '>' || rest[0] === '|') {
            opens.push(i); out += '(?:'; i += 3; repeatable = false; continue;
          }
          if (rest[0] === '<' && (rest[1] === '=' || rest[1] === '!')) {
            opens.push(i); out += '(?<' + rest[1]; i += 4; repeatable = false; continue;
          }
          if ((m = /^([imsx]*)(-[imsx]*)?(:|\))/.exec(rest))) {
            // option changes inside the pattern: JS has no scoped flags, so apply them throughout
            for (const f of m[1]!) {
              if (f === 'i' && !flags.includes('i')) flags += 'i';
              if (f === 's') dotall = true;
              if (f === 'm') multiline = true;
              if (f === 'x') extended = true;
            }
            if (m[3] === ':') { opens.push(i); out += '(?:'; }
            i += 2 + m[0].length;
            repeatable = false;
            continue;
          }
          if (rest[0] === '#') {
            const e = p.indexOf(')', i);
            if (e < 0) throw new PcreError('missing ) after (?# comment', p.length);
            i = e + 1;
            continue;
          }
          throw new PcreError('unrecognized character after (? or (?-', i + 2);
        }
        groups++;
        opens.push(i);
        out += '(';
        i++;
        repeatable = false;
        continue;
      }
      case ')':
        if (!opens.length) throw new PcreError('unmatched closing parenthesis', i);
        opens.pop();
        out += ')';
        i++;
        repeatable = true;
        continue;
      case '|':
        out += '|'; i++; repeatable = false; continue;
      case '*': case '+': case '?': {
        if (!repeatable) throw new PcreError('quantifier does not follow a repeatable item', i);
        out += c; i++;
        if (p[i] === '?') { out += '?'; i++; } else if (p[i] === '+') i++; // possessive: run as greedy
        repeatable = false;
        continue;
      }
      case '{': {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
        if (m) {
          if (!repeatable) throw new PcreError('quantifier does not follow a repeatable item', i);
          if (m[3] && Number(m[3]) < Number(m[1])) throw new PcreError('numbers out of order in {} quantifier', i + m[0].length - 1);
          out += m[0]; i += m[0].length;
          if (p[i] === '?') { out += '?'; i++; } else if (p[i] === '+') i++;
          repeatable = false;
          continue;
        }
        out += '\\{'; i++; repeatable = true; continue;
      }
      case '}': out += '\\}'; i++; repeatable = true; continue;
      case '.': out += dotall ? '[\\s\\S]' : '[^\\n]'; i++; repeatable = true; continue;
      case '$': out += multiline ? '(?=\\n|(?![\\s\\S]))' : '(?=\\n?(?![\\s\\S]))'; i++; repeatable = false; continue;
      case '^': out += multiline ? '(?<=^|\\n)' : '(?<![\\s\\S])'; i++; repeatable = false; continue;
      default:
        out += esc(c); i++; repeatable = true;
    }
  }
  if (opens.length) throw new PcreError('missing closing parenthesis', p.length);
  try {
    return { re: new RegExp(out, flags), groups };
  } catch (e) {
    throw new PcreError((e as Error).message.replace(/^Invalid regular expression: /, ''), p.length);
  }
}

let classEnd = 0;

/** [...] to a JS class; sets classEnd */
function charClass(p: string, start: number): string {
  let i = start + 1;
  let out = '[';
  if (p[i] === '^') { out += '^'; i++; }
  let first = true;
  for (;;) {
    if (i >= p.length) throw new PcreError('missing terminating ] for character class', p.length);
    const c = p[i]!;
    if (c === ']' && !first) { i++; break; }
    first = false;
    if (c === '[' && p[i + 1] === ':') {
      const m = /^\[:(\^?)([a-z]+):\]/.exec(p.slice(i));
      if (m && POSIX[m[2]!] !== undefined) {
        if (m[1]) {
          // a negated POSIX class inside a class: only expressible alone
          out += m[2] === 'digit' ? '\\D' : m[2] === 'space' ? `${'\\x00-\\x08\\x0e-\\x1f!-\\xff'}` : m[2] === 'word' ? '\\W' : POSIX[m[2]!];
        } else out += POSIX[m[2]!];
        i += m[0].length;
        continue;
      }
    }
    if (c === '\\') {
      const r = escapeSeq(p, i, true);
      out += r.out;
      i = r.next;
      continue;
    }
    out += c === '[' || c === '/' ? '\\' + c : c === ']' ? '\\]' : esc(c).replace(/^\\-$/, '-');
    i++;
  }
  classEnd = i;
  return out + ']';
}

function escapeSeq(p: string, i: number, inClass: boolean): { out: string; next: number; repeatable: boolean } {
  const n = p[i + 1];
  if (n === undefined) throw new PcreError('\\ at end of pattern', p.length);
  const one = (out: string, len = 2, repeatable = true) => ({ out, next: i + len, repeatable });
  switch (n) {
    case 's': return one(inClass ? SPACE : `[${SPACE}]`);
    case 'S': return one(inClass ? '\\x00-\\x08\\x0e-\\x1f!-\\xff' : `[^${SPACE}]`);
    case 'h': return one(inClass ? ' \\t\\xa0' : '[ \\t\\xa0]');
    case 'H': return one(inClass ? '\\x00-\\x08\\x0a-\\x1f!-\\x9f\\xa1-\\xff' : '[^ \\t\\xa0]');
    case 'v': return one(inClass ? '\\n\\v\\f\\r\\x85' : '[\\n\\v\\f\\r\\x85]');
    case 'R': return one('(?:\\r\\n|[\\n\\v\\f\\r\\x85])');
    case 'A': return one('(?<![\\s\\S])', 2, false);
    case 'z': return one('(?![\\s\\S])', 2, false);
    case 'Z': return one('(?=\\n?(?![\\s\\S]))', 2, false);
    case 'G': return one('', 2, false);
    case 'e': return one('\\x1b');
    case 'a': return one('\\x07');
    case 'Q': {
      const e = p.indexOf('\\E', i + 2);
      const lit = p.slice(i + 2, e < 0 ? p.length : e);
      return { out: [...lit].map(esc).join(''), next: e < 0 ? p.length : e + 2, repeatable: lit.length > 0 };
    }
    case 'E': return one('', 2, false);
    case 'x': {
      const m = /^\{([0-9a-fA-F]+)\}/.exec(p.slice(i + 2)) ?? /^([0-9a-fA-F]{0,2})/.exec(p.slice(i + 2))!;
      const v = m[1] ? parseInt(m[1], 16) : 0;
      if (v > 255) throw new PcreError('character code point value in \\x{} or \\o{} is too large', i + m[0].length + 2);
      return { out: '\\x' + v.toString(16).padStart(2, '0'), next: i + 2 + m[0].length, repeatable: true };
    }
    case 'k': {
      const m = /^(?:<([A-Za-z_]\w*)>|\{([A-Za-z_]\w*)\}|'([A-Za-z_]\w*)')/.exec(p.slice(i + 2));
      if (!m) throw new PcreError('\\k is not followed by a braced, angle-bracketed, or quoted name', i + 2);
      return { out: `\\k<${m[1] ?? m[2] ?? m[3]}>`, next: i + 2 + m[0].length, repeatable: true };
    }
    case 'c': {
      const x = p[i + 2];
      if (x === undefined) throw new PcreError('\\c at end of pattern', p.length);
      return { out: '\\x' + ((x.toUpperCase().charCodeAt(0) ^ 0x40) & 0xff).toString(16).padStart(2, '0'), next: i + 3, repeatable: true };
    }
    default:
      if (n >= '1' && n <= '9' && !inClass) {
        const m = /^\d+/.exec(p.slice(i + 1))!;
        return { out: '\\' + m[0], next: i + 1 + m[0].length, repeatable: true };
      }
      if (n >= '0' && n <= '7') {
        const m = /^[0-7]{1,3}/.exec(p.slice(i + 1))!;
        return { out: '\\x' + (parseInt(m[0], 8) & 0xff).toString(16).padStart(2, '0'), next: i + 1 + m[0].length, repeatable: true };
      }
      if (/[dDwWbBnrtf]/.test(n)) return one('\\' + n, 2, !/[bB]/.test(n));
      if (/[A-Za-z]/.test(n)) throw new PcreError('unrecognized character follows \\', i + 2);
      return one(esc(n));
  }
}

/** PCRE-style match at `from`: the capture strings ($0..$n), or undefined */
export function execAt(c: CompiledRegex, s: string, from = 0): RegExpExecArray | null {
  const re = new RegExp(c.re.source, c.re.flags.includes('g') ? c.re.flags : c.re.flags + 'g');
  re.lastIndex = from;
  return re.exec(s);
}
