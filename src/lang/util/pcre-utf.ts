// PCRE2's UTF mode ((*UTF) at the start of a pattern) on top of the byte-mode
// translation: the pattern is rewritten so that, matched byte by byte, it
// behaves as in UTF mode: "." and negated classes take a whole UTF-8
// character, a multi-byte character is one unit for quantifiers and classes,
// and caseless matching folds non-ASCII letters too. Patterns this cannot
// rewrite (\Q..\E, \x{...}, \p, ranges of multi-byte characters) are left
// to fail as unsupported.

const CHAR = '[\\xc2-\\xf4][\\x80-\\xbf]+';

/** the UTF-8 character (bytes) starting at s[i], or undefined if s[i] is not a lead byte */
function utf8Char(s: string, i: number): string | undefined {
  const c = s.charCodeAt(i);
  if (c < 0xc2 || c > 0xf4) return undefined;
  let j = i + 1;
  while (j < s.length && (s.charCodeAt(j) & 0xc0) === 0x80) j++;
  return s.slice(i, j);
}

const esc = (bytes: string) => [...bytes].map((b) => '\\x' + b.charCodeAt(0).toString(16).padStart(2, '0')).join('');

/** the character and its other-case forms, as escaped byte sequences */
function forms(bytes: string, caseless: boolean): string[] {
  const out = [esc(bytes)];
  if (!caseless) return out;
  const ch = Buffer.from(bytes, 'latin1').toString('utf8');
  for (const v of [ch.toLowerCase(), ch.toUpperCase()]) {
    if (v === ch || [...v].length !== 1) continue;
    const e = esc(Buffer.from(v, 'utf8').toString('latin1'));
    if (!out.includes(e)) out.push(e);
  }
  return out;
}

/** Rewrite the pattern that follows (*UTF); undefined when it uses what this cannot rewrite. */
export function utfToBytePattern(p: string, caselessOpt: boolean): string | undefined {
  const lead = /^\(\?([a-zA-Z]*)\)/.exec(p);
  const caseless = caselessOpt || !!lead?.[1]?.includes('i');
  const dotall = !!lead?.[1]?.includes('s');
  let out = '';
  for (let i = 0; i < p.length;) {
    const c = p[i]!;
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) return undefined;
      if (/[QEpPXx]/.test(n) && (n !== 'x' || p[i + 2] === '{')) return undefined;
      const mb = utf8Char(p, i + 1);
      out += mb ? `(?:${esc(mb)})` : c + n;
      i += mb ? 1 + mb.length : 2;
      continue;
    }
    if (c === '.') {
      out += dotall ? `(?:[\\x00-\\x7f]|${CHAR})` : `(?:[^\\n\\x80-\\xff]|${CHAR})`;
      i++;
      continue;
    }
    if (c === '[') {
      let j = i + 1;
      const negated = p[j] === '^';
      if (negated) j++;
      let ascii = '';
      const multi: string[] = [];
      let first = true;
      for (;;) {
        if (j >= p.length) return undefined;
        const d = p[j]!;
        if (d === ']' && !first) break;
        first = false;
        if (d === '[' && p[j + 1] === ':') {
          const e = p.indexOf(':]', j + 2);
          if (e < 0) return undefined;
          ascii += p.slice(j, e + 2);
          j = e + 2;
          continue;
        }
        if (d === '\\') {
          if (p[j + 1] === undefined || /[QEpPx]/.test(p[j + 1]!)) return undefined;
          ascii += p.slice(j, j + 2);
          j += 2;
          continue;
        }
        const mb = utf8Char(p, j);
        if (mb) {
          if (p[j + mb.length] === '-') return undefined; // a range of multi-byte characters
          multi.push(...forms(mb, caseless));
          j += mb.length;
          continue;
        }
        ascii += d;
        j++;
      }
      const alts = [...(ascii ? [`[${ascii}]`] : []), ...multi];
      if (!negated) out += `(?:${alts.join('|')})`;
      else if (!multi.length) out += `(?:[^${ascii}\\x80-\\xff]|${CHAR})`;
      // any one character (newline included) that is none of them
      else out += `(?:(?!${alts.join('|')})(?:[\\x00-\\x7f]|${CHAR}))`;
      i = j + 1;
      continue;
    }
    const mb = utf8Char(p, i);
    if (mb) {
      out += `(?:${forms(mb, caseless).join('|')})`;
      i += mb.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
