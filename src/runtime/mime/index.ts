// run_mime_acl(): the MIME ACL over a received message. Only a message with a
// Content-Type: header is walked. The message is spooled as Exim's mbox scan
// file (<spool>/scan/<id>/<id>.eml: envelope lines, headers, blank line,
// body), walked part by part, then each message/rfc822 attachment the walk
// saved is walked in turn as a message of its own ($mime_is_rfc822 = 1).
import { existsSync, mkdirSync, opendirSync, readFileSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import type { AclRc } from '../../lang/acl/types.js';
import { HTYPE } from '../message/headers.js';
import { formatTod } from '../expand/tod.js';
import type { ExpandContext } from '../expand/context.js';
import { MimeStream } from './stream.js';
import { mimeAclCheck, type MimeCheck, type MimeCheckResult, type Walk } from './walk.js';

export type { MimeCheck, MimeCheckResult } from './walk.js';

export interface MimeAclOptions {
  /** a main-log line (Exim's log_write(0, LOG_MAIN...)); `panic`: it goes to the panic log too */
  log?: (text: string, panic: boolean) => void;
}

export interface MimeAclResult extends MimeCheckResult {
  /** the message has a Content-Type: header, so the ACL ran */
  ran: boolean;
  /** the scan file could not be written: Exim answers 451 "temporary local problem" */
  spoolFailed?: boolean;
}

const truthy = (v: string | undefined) => v === undefined || !/^(false|no)$/i.test(v.trim());

/** the mbox spool_mbox() writes: "From " line, X-Envelope-From/-To, headers, blank line, body */
export function mboxText(ctx: ExpandContext): string {
  const rp = ctx.getVar('return_path');
  const sender = ctx.getVar('sender_address');
  let s = `From ${rp ? rp : 'MAILER-DAEMON'} ${formatTod('todbsdin', ctx.now())}\n`;
  if (sender) s += `X-Envelope-From: <${sender}>\n`;
  if (ctx.recipients.length) s += `X-Envelope-To: ${ctx.recipients.join(', ')}\n`;
  for (const h of ctx.headers) if (h.type !== HTYPE.old) s += h.text;
  return `${s}\n${ctx.messageBody ?? ''}`;
}

/** directory_make(): each missing level in turn (Node's recursive mkdir can spin on some file systems, e.g. /proc) */
function makeDirectory(path: string): void {
  let at = '';
  for (const part of path.split('/')) {
    at = at === '' && part === '' ? '/' : at === '/' ? `/${part}` : at === '' ? part : `${at}/${part}`;
    if (part === '') continue;
    try {
      mkdirSync(at, 0o750);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** the scan directory of a message: <spool_directory>/scan/<message id> */
export function scanDirectory(ctx: ExpandContext): string {
  return `${ctx.getVar('spool_directory')}/scan/${ctx.getVar('message_id')}`;
}

export async function runMimeAcl(ctx: ExpandContext, check: MimeCheck, opts: MimeAclOptions = {}): Promise<MimeAclResult> {
  const log = opts.log ?? (() => undefined);
  if (!ctx.headers.some((h) => h.type !== HTYPE.old && h.text.slice(0, 13).toLowerCase() === 'content-type:')) {
    return { rc: 'OK', ran: false };
  }
  const scanDir = scanDirectory(ctx);
  const messageId = ctx.getVar('message_id') ?? '';
  const eml = `${scanDir}/${messageId}.eml`;
  let text: string;
  try {
    // the scan file is written once per message (other content scanning may have flagged it already)
    if (!ctx.mboxSpooled || !existsSync(eml)) {
      makeDirectory(scanDir);
      writeFileSync(eml, Buffer.from(mboxText(ctx), 'latin1'), { mode: 0o640 });
      ctx.mboxSpooled = true;
    }
    text = readFileSync(eml).toString('latin1');
  } catch {
    log('acl_smtp_mime: error while creating mbox spool file, message temporarily rejected.', true);
    return { rc: 'DEFER', ran: true, spoolFailed: true };
  }
  const w: Walk = {
    ctx, check, scanDir, messageId, log: (t) => log(t, false),
    lencheck: truthy(ctx.config.options.get('check_rfc2047_length')),
    partCount: -1, isRfc822: false, last: { rc: 'OK' },
  };
  ctx.set('mime_is_rfc822', '0');
  let rc: AclRc = 'OK';
  let rfc822File: string | undefined;
  let savedCount = -1;
  for (;;) {
    w.partCount = -1;
    rc = await mimeAclCheck(w, new MimeStream(text), undefined);
    if (rfc822File !== undefined) {
      w.partCount = savedCount;
      try {
        unlinkSync(rfc822File);
      } catch {
        log('acl_smtp_mime: can\'t unlink RFC822 spool file, skipping.', true);
        break;
      }
      rfc822File = undefined;
    }
    if (rc !== 'OK') break;
    // the next saved attachment, in directory order as Exim's readdir() finds it
    const dir = opendirSync(scanDir);
    try {
      for (let e = dir.readSync(); e; e = dir.readSync()) {
        if (e.name.slice(0, 9).toLowerCase() === '__rfc822_') { rfc822File = `${scanDir}/${e.name}`; break; }
      }
    } finally {
      dir.closeSync();
    }
    if (rfc822File === undefined) break;
    try {
      text = readFileSync(rfc822File).toString('latin1');
    } catch {
      log('acl_smtp_mime: can\'t open RFC822 spool file, skipping.', true);
      try { unlinkSync(rfc822File); } catch { /* as Exim: ignored */ }
      break;
    }
    w.isRfc822 = true;
    savedCount = w.partCount;
  }
  ctx.set('mime_part_count', String(w.partCount));
  return rc === 'OK' ? { rc, ran: true } : { ...w.last, rc, ran: true };
}

/**
 * unspool_mbox(): remove the scan directory of a message and everything in it
 * (directory order, as Exim), telling `trace` each file; nothing when the
 * message was not spooled for scanning.
 */
export function unspoolMbox(ctx: ExpandContext, trace?: (line: string) => void): void {
  if (!ctx.mboxSpooled) return;
  ctx.mboxSpooled = false;
  const dir = scanDirectory(ctx);
  let names: string[];
  try {
    const d = opendirSync(dir);
    names = [];
    try {
      for (let e = d.readSync(); e; e = d.readSync()) names.push(e.name);
    } finally {
      d.closeSync();
    }
  } catch {
    // flagged without a file (the DATA ACL's regex scans the message in memory): Exim had just the .eml
    trace?.(`unspool_mbox(): unlinking '${dir}/${ctx.getVar('message_id')}.eml'`);
    return;
  }
  for (const n of names) {
    trace?.(`unspool_mbox(): unlinking '${dir}/${n}'`);
    try { unlinkSync(`${dir}/${n}`); } catch { /* Exim logs to the panic log; nothing to add here */ }
  }
  try { rmdirSync(dir); } catch { /* as above */ }
}
