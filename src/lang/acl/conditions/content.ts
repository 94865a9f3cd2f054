// Conditions on the message content: regex, mime_regex, decode, malware, spam.
import type { AclConditionEntry, AclEnv, AclRc } from '../types.js';
import { condition, notYet, only, MESSAGE_DATA } from './common.js';
import { ListReader } from '../../util/list.js';
import { compilePcre, pcreExec, PcreError, type Pcre } from '../../util/pcre.js';

/** regex.c's fgets() buffer: a line longer than this is scanned in pieces */
const LINE_BUFFER = 32767;

/**
 * regex(): the message as spooled (header lines, blank line, body), line by
 * line; the first line any pattern matches sets $regex1.. . Patterns are tried
 * last first (Exim builds its list by prepending); bad ones are logged and skipped.
 */
function regex(arg: string, env: AclEnv): AclRc {
  const res: { re: Pcre; text: string }[] = [];
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
  if (!res.length) return 'FAIL';
  const ctx = env.ctx;
  // spool_mbox(): Exim writes the message to a scan file now (removed after the DATA ACL)
  ctx.mboxSpooled = true;
  const headers = (ctx.headers as { text: string; type: string }[]).filter((h) => h.type !== '*').map((h) => h.text).join('');
  const body: string = ctx.messageBody ?? ctx.values.get('message_body') ?? '';
  const mbox = `${headers}\n${body}`;
  for (let i = 0; i < mbox.length;) {
    const nl = mbox.indexOf('\n', i);
    let end = nl < 0 ? mbox.length : nl + 1;
    if (end - i > LINE_BUFFER - 1) end = i + LINE_BUFFER - 1;
    const line = mbox.slice(i, end);
    i = end;
    for (const r of res) {
      const m = pcreExec(r.re, line);
      if (!m) continue;
      for (let n = 1; n < m.groups.length && n <= 9; n++) ctx.regexVars[n - 1] = m.groups[n] ?? '';
      ctx.set('regex_match_string', r.text);
      return 'OK';
    }
  }
  return 'FAIL';
}

export const content: AclConditionEntry[] = [
  notYet('decode', 'MIME decoding', 'decode = <location>: decode the current MIME part to a file (MIME ACL)', only('MIME')),
  notYet('malware', 'a malware scanner', 'malware = <regex>[/<options>]: a virus scanner found malware', only(...MESSAGE_DATA)),
  notYet('mime_regex', 'MIME decoding', 'mime_regex = <regex list>: the decoded MIME part matches (MIME ACL)', only('MIME')),
  condition({
    name: 'regex', doc: 'regex = <regex list>: a line of the message (header and body) matches; $regex1.. get the groups',
    forbiddenIn: only('DATA', 'PRDR', 'NOTSMTP', 'MIME'), run: regex,
  }),
  notYet('spam', 'SpamAssassin', 'spam = <user>[/<options>]: SpamAssassin says the message is spam', only(...MESSAGE_DATA)),
];
