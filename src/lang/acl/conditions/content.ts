// Conditions on the message content: regex, mime_regex, decode, malware, spam.
import type { AclConditionEntry, AclEnv, AclRc } from '../types.js';
import { condition, notYet, only, MESSAGE_DATA } from './common.js';
import { ListReader } from '../../util/list.js';
import { compilePcre, pcreExec, PcreError, type Pcre } from '../../util/pcre.js';
import { cstr, fgetsAt, isBoundaryLine, type MimePartAccess } from '../mime.js';

/** regex.c's fgets() buffer: a line longer than this is scanned in pieces */
const LINE_BUFFER = 32767;
/** mime_regex reads this much of the decoded part */
const MIME_REGEX_MAX = 32766;

interface Regex { re: Pcre; text: string }

/** compile(): the list's patterns, last first (Exim builds its list by prepending); bad ones are logged and skipped */
function compileList(arg: string, env: AclEnv): Regex[] {
  const res: Regex[] = [];
  const list = new ListReader(arg);
  for (let p = list.next(); p !== undefined; p = list.next()) {
    if (p.toLowerCase() === 'false' || p === '0') continue;
    try {
      res.unshift({ re: compilePcre(p), text: p });
    } catch (e) {
      if (!(e instanceof PcreError)) throw e;
      env.log(['main'], `regex acl condition warning - error in regex '${p}': ${e.message} at offset ${e.offset}, skipped.`);
    }
  }
  return res;
}

/** matcher(): the first pattern that matches sets $regex_match_string and $regex1.. */
function matcher(res: Regex[], subject: string, env: AclEnv, withNuls: boolean): boolean {
  const ctx = env.ctx;
  for (const r of res) {
    const m = pcreExec(r.re, subject, 0, false, withNuls);
    if (!m) continue;
    for (let n = 1; n < m.count && n <= 9; n++) ctx.regexVars[n - 1] = m.groups[n] ?? '';
    ctx.set('regex_match_string', r.text);
    return true;
  }
  return false;
}

/**
 * regex(): line by line, the message as spooled (header lines, blank line,
 * body), or in the MIME ACL the current part from its body to its boundary;
 * the first line any pattern matches sets $regex1.. .
 */
function regex(arg: string, env: AclEnv): AclRc {
  const ctx = env.ctx;
  ctx.unset('regex_match_string');
  const part: MimePartAccess | undefined = ctx.mimePart;
  let text: string;
  let pos = 0;
  if (part) {
    text = part.text;
    pos = part.pos;
  } else {
    // spool_mbox(): Exim writes the message to a scan file now (removed after the DATA ACL)
    ctx.mboxSpooled = true;
    const headers = (ctx.headers as { text: string; type: string }[]).filter((h) => h.type !== '*').map((h) => h.text).join('');
    const body: string = ctx.messageBody ?? ctx.values.get('message_body') ?? '';
    text = `${headers}\n${body}`;
  }
  const res = compileList(arg, env);
  if (!res.length) return 'FAIL';
  for (let line = fgetsAt(text, pos, LINE_BUFFER); line !== undefined; line = fgetsAt(text, pos, LINE_BUFFER)) {
    pos += line.length;
    if (part?.boundary !== undefined && isBoundaryLine(line, part.boundary)) break;
    if (matcher(res, cstr(line), env, false)) return 'OK';
  }
  return 'FAIL';
}

/** mime_regex(): the decoded part (decoded now to a default file if no decode = did it), its first 32k */
function mimeRegex(arg: string, env: AclEnv): AclRc {
  const ctx = env.ctx;
  ctx.unset('regex_match_string');
  const res = compileList(arg, env);
  if (!res.length) return 'FAIL';
  const part: MimePartAccess | undefined = ctx.mimePart;
  if (!ctx.values.get('mime_decoded_filename')) {
    part?.decode('');
    if (!ctx.values.get('mime_decoded_filename')) {
      env.log(['main'], 'mime_regex acl condition warning - could not decode MIME part to file');
      return 'DEFER';
    }
  }
  const file: string = ctx.values.get('mime_decoded_filename');
  const data = part?.readFile(file, MIME_REGEX_MAX);
  if (data === undefined) {
    env.log(['main'], `mime_regex acl condition warning - can't open '${file}' for reading`);
    return 'DEFER';
  }
  return matcher(res, data, env, true) ? 'OK' : 'FAIL';
}

/** mime_decode(): the current part, decoded, to a file ($mime_decoded_filename, $mime_content_size) */
function decode(arg: string, env: AclEnv): AclRc {
  const part: MimePartAccess | undefined = env.ctx.mimePart;
  return part ? part.decode(arg) : 'FAIL';
}

export const content: AclConditionEntry[] = [
  condition({
    name: 'decode', doc: 'decode = <location>: decode the current MIME part to a file; sets $mime_decoded_filename (MIME ACL)',
    forbiddenIn: only('MIME'), run: decode,
  }),
  notYet('malware', 'a malware scanner', 'malware = <regex>[/<options>]: a virus scanner found malware', only(...MESSAGE_DATA)),
  condition({
    name: 'mime_regex', doc: 'mime_regex = <regex list>: the decoded MIME part (its first 32k) matches; $regex1.. get the groups (MIME ACL)',
    forbiddenIn: only('MIME'), run: mimeRegex,
  }),
  condition({
    name: 'regex', doc: 'regex = <regex list>: a line of the message (header and body) matches; $regex1.. get the groups',
    forbiddenIn: only('DATA', 'PRDR', 'NOTSMTP', 'MIME'), run: regex,
  }),
  notYet('spam', 'SpamAssassin', 'spam = <user>[/<options>]: SpamAssassin says the message is spam', only(...MESSAGE_DATA)),
];
