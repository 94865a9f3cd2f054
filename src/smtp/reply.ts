// Building SMTP replies as Exim does: smtp_respond() (multi-line messages,
// extended codes, no_multiline_responses), smtp_message_code() (a user message
// that starts with its own code) and string_split_message() (long messages
// folded at 75 characters).

/** regex_smtp_code: "ddd " with an optional extended code "d.ddd.ddd " */
const SMTP_CODE = /^\d\d\d\s(?:\d\.\d\d?\d?\.\d\d?\d?\s)?/;

export interface Code {
  /** "550" or "550 5.7.1 " as found in a message */
  code: string;
  /** the length Exim keeps (3, or the match including its final space) */
  len: number;
}

/**
 * smtp_message_code(): a message that starts with a code overrides the default
 * one (when its first digit agrees, if checkValid). Returns the code and the
 * message with the code cut off, and a panic text for a wrong first digit.
 */
export function messageCode(dflt: string, msg: string | undefined, checkValid: boolean):
  { code: Code; msg: string | undefined; panic?: string } {
  const code: Code = { code: dflt, len: dflt.length };
  if (!msg) return { code, msg };
  const m = SMTP_CODE.exec(msg);
  if (!m) return { code, msg };
  if (checkValid && msg[0] !== dflt[0]) {
    return {
      code, msg: msg.slice(m[0].length),
      panic: `configured error code starts with incorrect digit (expected ${dflt[0]}) in "${msg}"`,
    };
  }
  return { code: { code: msg.slice(0, m[0].length), len: m[0].length }, msg: msg.slice(m[0].length) };
}

/** smtp_respond(): the lines of a (possibly multi-line) reply, each ending in CRLF */
export function respond(code: Code, final: boolean, msg: string, noMultiline = false): string {
  if (!final && noMultiline) return '';
  const c3 = code.code.slice(0, 3);
  const esc = code.len > 4 ? code.code.slice(4, code.len) : '';
  let out = '';
  let rest = msg;
  for (;;) {
    const nl = rest.indexOf('\n');
    if (nl < 0) return out + `${c3}${final ? ' ' : '-'}${esc}${rest}\r\n`;
    if (nl === rest.length - 1 || noMultiline) return out + `${c3}${final ? ' ' : '-'}${esc}${rest.slice(0, nl)}\r\n`;
    out += `${c3}-${esc}${rest.slice(0, nl)}\r\n`;
    rest = rest.slice(nl + 1).replace(/^[ \t\n\v\f\r]+/, '');
  }
}

/** string_split_message(): fold a message longer than 75 characters at spaces */
export function splitMessage(msg: string | undefined): string | undefined {
  if (msg === undefined || msg.length <= 75) return msg;
  const b = msg.split('');
  let s = 0;
  let ss = 0;
  for (;;) {
    let i = 0;
    while (i < 75 && ss < b.length && b[ss] !== '\n') { ss++; i++; }
    if (ss >= b.length) break;
    if (b[ss] === '\n') { s = ++ss; continue; }
    let tt = -1;
    let t = ss + 1;
    while (--t > s + 35) {
      if (b[t] === ' ') {
        if (b[t - 1] === ':') { tt = t; break; }
        if (tt < 0) tt = t;
      }
    }
    if (tt < 0) {
      for (t = ss + 1; t < b.length; t++) if (b[t] === ' ' || b[t] === '\n') { tt = t; break; }
    }
    if (tt < 0) break;
    b[tt] = '\n';
    s = ss = tt + 1;
  }
  return b.join('');
}
