// mime_acl_check(): walk the parts of a message (or of an RFC822 attachment's
// file), set the $mime_* variables for each, and run the MIME ACL on it.
// Multiparts with a boundary are walked recursively; a message/rfc822 part is
// written to <scan dir>/__rfc822_NNNNN for a later pass. A result other than
// OK ends the walk.
import { statSync } from 'node:fs';
import type { AclRc } from '../../lang/acl/types.js';
import { isBoundaryLine } from '../../lang/acl/mime.js';
import type { ExpandContext } from '../expand/context.js';
import { MAX_HEADER, readMimeHeader } from './header.js';
import { applyMimeHeader, type PartVars } from './params.js';
import { MimePart, type PartState } from './part.js';
import type { MimeStream } from './stream.js';

export interface MimeCheckResult { rc: AclRc; userMsg?: string; logMsg?: string }
export type MimeCheck = () => Promise<MimeCheckResult> | MimeCheckResult;

/** the coverletter state of a multipart: MBC_ATTACHMENT, MBC_COVERLETTER_ONESHOT, MBC_COVERLETTER_ALL */
type Cover = 'attachment' | 'oneshot' | 'all';

interface BoundaryContext { boundary: string; cover: Cover }

/** what one run of the walk shares */
export interface Walk {
  ctx: ExpandContext;
  check: MimeCheck;
  scanDir: string;
  messageId: string;
  lencheck: boolean;
  log: (text: string) => void;
  partCount: number;
  isRfc822: boolean;
  /** the last result with its messages */
  last: MimeCheckResult;
}

const VAR_NAMES: [keyof PartVars, string][] = [
  ['content_type', 'mime_content_type'], ['content_disposition', 'mime_content_disposition'],
  ['content_transfer_encoding', 'mime_content_transfer_encoding'], ['content_id', 'mime_content_id'],
  ['content_description', 'mime_content_description'], ['filename', 'mime_filename'],
  ['charset', 'mime_charset'], ['boundary', 'mime_boundary'],
];

/** mime_vars_reset() */
export function resetMimeVars(ctx: ExpandContext): void {
  for (const [, name] of VAR_NAMES) ctx.unset(name);
  ctx.unset('mime_anomaly_text').unset('mime_decoded_filename');
  ctx.set('mime_anomaly_level', '0').set('mime_is_multipart', '0').set('mime_content_size', '0');
}

function setVars(w: Walk, vars: PartVars, state: PartState, coverletter: boolean): void {
  const ctx = w.ctx;
  for (const [key, name] of VAR_NAMES) {
    const v = vars[key];
    if (v === undefined) ctx.unset(name);
    else ctx.set(name, v, true);
  }
  ctx.set('mime_is_multipart', vars.content_type?.startsWith('multipart') ? '1' : '0');
  ctx.set('mime_part_count', String(w.partCount));
  ctx.set('mime_is_coverletter', coverletter ? '1' : '0');
  ctx.set('mime_is_rfc822', w.isRfc822 ? '1' : '0');
  syncState(ctx, state);
}

/** the variables decoding changes */
function syncState(ctx: ExpandContext, state: PartState): void {
  if (state.decodedFilename === undefined) ctx.unset('mime_decoded_filename');
  else ctx.set('mime_decoded_filename', state.decodedFilename, false);
  ctx.set('mime_content_size', String(state.contentSize));
  ctx.set('mime_anomaly_level', String(state.anomaly?.level ?? 0));
  if (state.anomaly) ctx.set('mime_anomaly_text', state.anomaly.text, false);
  else ctx.unset('mime_anomaly_text');
}

const exists = (path: string) => {
  try { statSync(path); return true; } catch { return false; }
};

export async function mimeAclCheck(w: Walk, f: MimeStream, context: BoundaryContext | undefined): Promise<AclRc> {
  let rc: AclRc = 'OK';
  for (;;) {
    resetMimeVars(w.ctx);
    // with a boundary: skip to the next boundary line; the closing one (or the end) ends this level
    if (context) {
      for (;;) {
        const line = f.gets(MAX_HEADER);
        if (line === undefined) return rc;
        if (isBoundaryLine(line, context.boundary)) {
          if (line.startsWith('--', 2 + context.boundary.length)) return rc;
          break;
        }
      }
    }
    const vars: PartVars = {};
    for (let h = readMimeHeader(f); h !== undefined; h = readMimeHeader(f)) applyMimeHeader(h, vars, w.lencheck);
    const nestedBoundary = vars.boundary;
    w.partCount++;
    const state: PartState = { encoding: vars.content_transfer_encoding, decodedFilename: undefined, contentSize: 0, anomaly: undefined };
    const coverletter = !(context && context.cover === 'attachment');
    setVars(w, vars, state, coverletter);
    const part = new MimePart(f.text, f.pos, context?.boundary, state, w.scanDir, w.messageId, () => syncState(w.ctx, state));
    w.ctx.mimePart = part;
    let r: MimeCheckResult;
    try {
      r = await w.check();
    } finally {
      w.ctx.mimePart = undefined;
    }
    w.last = r;
    rc = r.rc;
    if (rc !== 'OK') break;

    const type = vars.content_type;
    if (type !== undefined && nestedBoundary !== undefined && type.startsWith('multipart')) {
      const cover: Cover = context && context.cover === 'attachment' ? 'attachment'
        : type === 'multipart/alternative' || type === 'multipart/related' ? 'all' : 'oneshot';
      rc = await mimeAclCheck(w, f, { boundary: nestedBoundary, cover });
      if (rc !== 'OK') break;
    } else if (type !== undefined && type.startsWith('message/rfc822')) {
      let file: string | undefined;
      for (let n = 0; n < 128; n++) {
        const name = `${w.scanDir}/__rfc822_${String(n).padStart(5, '0')}`;
        if (!exists(name)) { file = name; break; }
      }
      if (file !== undefined) {
        state.decodedFilename = undefined;
        const writer = new MimePart(f.text, f.pos, context?.boundary, state, w.scanDir, w.messageId, () => undefined);
        writer.decode(file);
        if (state.decodedFilename === undefined) {
          w.log('MIME acl condition warning - could not decode RFC822 MIME part to file.');
          rc = 'DEFER';
          w.last = { rc };
          break;
        }
      }
    }
    if (!context) break;
    if (context.cover === 'oneshot') context.cover = 'attachment';
  }
  resetMimeVars(w.ctx);
  return rc;
}
