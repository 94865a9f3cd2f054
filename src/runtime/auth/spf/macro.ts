// SPF macros (RFC 7208 7): %{s l o d i p h v} and, in explanations, %{c r t};
// digit and "r" transformers, delimiters, upper case for URL escaping; %% %_ %-.
export class SpfSyntaxError extends Error {
  /** libspf2's SPF_strerror() text for the error */
  constructor(readonly libspf2: string, message?: string) {
    super(message ?? libspf2);
  }
}

const MACRO = /%(?:\{([a-z])(\d*)(r?)([.\-+,/_=]*)\}|([%_-]))/iy;
const LETTERS = 'slodiphv';
const EXP_LETTERS = 'crt';

/** throws SpfSyntaxError unless `s` is a valid macro-string (explain-string when `exp`) */
export function checkMacroString(s: string, exp: boolean): void {
  for (let i = 0; i < s.length;) {
    const c = s[i]!;
    if (c === '%') {
      MACRO.lastIndex = i;
      const m = MACRO.exec(s);
      if (!m) throw new SpfSyntaxError('Invalid %-escape character', `bad macro in "${s}"`);
      if (m[1] !== undefined) {
        const l = m[1].toLowerCase();
        if (!LETTERS.includes(l) && !(exp && EXP_LETTERS.includes(l))) throw new SpfSyntaxError('Invalid macro variable', `bad macro letter in "${s}"`);
        if (m[2] !== '' && Number(m[2]) === 0) throw new SpfSyntaxError('Subdomain truncation depth too large', `zero transformer in "${s}"`);
      }
      i = MACRO.lastIndex;
      continue;
    }
    const code = c.charCodeAt(0);
    if (!(code >= 0x21 && code <= 0x7e) && !(exp && c === ' ')) throw new SpfSyntaxError('Invalid character found', `bad character in "${s}"`);
    i++;
  }
}

export interface MacroValues {
  /** the letter's value (lower case letter) */
  get(letter: string): string | Promise<string>;
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;
const urlEscape = (s: string) => Array.from(s, (c) => (UNRESERVED.test(c) ? c : `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)).join('');

/** expand a (checked) macro-string */
export async function expandMacros(s: string, values: MacroValues): Promise<string> {
  let out = '';
  for (let i = 0; i < s.length;) {
    if (s[i] !== '%') { out += s[i++]; continue; }
    MACRO.lastIndex = i;
    const m = MACRO.exec(s)!;
    i = MACRO.lastIndex;
    if (m[5] !== undefined) { out += m[5] === '%' ? '%' : m[5] === '_' ? ' ' : '%20'; continue; }
    const letter = m[1]!;
    let v = await values.get(letter.toLowerCase());
    const delims = m[4] || '.';
    if (m[2] !== '' || m[3] !== '' || m[4] !== '') {
      let parts = v.split(new RegExp(`[${delims.replace(/[-\\\]^]/g, '\\$&')}]`));
      if (m[3]) parts = parts.reverse();
      if (m[2] !== '') parts = parts.slice(Math.max(0, parts.length - Number(m[2])));
      v = parts.join('.');
    }
    out += letter === letter.toUpperCase() ? urlEscape(v) : v;
  }
  return out;
}
