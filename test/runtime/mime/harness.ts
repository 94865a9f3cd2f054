// Test helper: the MIME ACL of test/runtime/mime/mime.conf run by runMimeAcl()
// over a message file, in a fresh spool directory; gives the ACL's log lines.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAcl, aclTextLines } from '../../../src/grammar/config/acl.js';
import type { AclDefinition } from '../../../src/lang/acl/index.js';
import { AclEngine } from '../../../src/runtime/acl/engine.js';
import { ExpandContext, emptyConfig } from '../../../src/runtime/expand/context.js';
import { HTYPE, type HeaderLine } from '../../../src/runtime/message/headers.js';
import { runMimeAcl, unspoolMbox, type MimeAclResult } from '../../../src/runtime/mime/index.js';

export const MESSAGE_ID = '1xXVck-0001Za-1w';
const here = new URL('.', import.meta.url).pathname;

/** the statements of acl_mime in a recorder config (everything after its name) */
export function mimeConfAcl(file = 'mime.conf'): string {
  const conf = readFileSync(join(here, file), 'latin1');
  return conf.slice(conf.indexOf('\nacl_mime:\n') + 11);
}

/** a message file (LF line ends): header lines (with their continuations) and the body */
export function splitMessage(text: string): { headers: HeaderLine[]; body: string } {
  const headers: HeaderLine[] = [];
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const line = text.slice(pos, nl + 1);
    if (line === '\n') { pos = nl + 1; break; }
    if ((line[0] === ' ' || line[0] === '\t') && headers.length) headers[headers.length - 1]!.text += line;
    else headers.push({ text: line, type: HTYPE.other });
    pos = nl + 1;
  }
  return { headers, body: text.slice(pos) };
}

export interface MimeRun extends MimeAclResult {
  logs: string[];
  spool: string;
  ctx: ExpandContext;
}

/** run `acl` (statement text) as the MIME ACL over `message`; the spool directory stays for inspection until `done` */
export async function runMime(acl: string | ((spool: string) => string), message: string, keep = false): Promise<MimeRun> {
  const spool = mkdtempSync(join(tmpdir(), 'exim-ts-mime-'));
  const r = readAcl(aclTextLines(typeof acl === 'string' ? acl : acl(spool)));
  if (!r.ok) throw new Error(r.error);
  const defs = new Map<string, AclDefinition>([['acl_mime', { name: 'acl_mime', statements: r.statements, file: '', line: 0 }]]);
  const cfg = { ...emptyConfig(), acls: defs };
  cfg.options.set('spool_directory', spool);
  cfg.options.set('primary_hostname', 'mx.example.test');
  const ctx = new ExpandContext(cfg);
  ctx.setSenderHost('192.0.2.1');
  ctx.setHelo('client.example');
  ctx.setSender('sender@example.net');
  ctx.recipients = ['user@example.test'];
  ctx.set('message_id', MESSAGE_ID).set('message_exim_id', MESSAGE_ID);
  const m = splitMessage(message);
  ctx.headers = m.headers;
  ctx.messageBody = m.body;
  const e = new AclEngine(ctx, defs, { sleep: () => undefined });
  ctx.aclEngine = e;
  const extra: string[] = [];
  const check = async () => {
    const x = await e.check('MIME', 'acl_mime');
    return { rc: x.rc, userMsg: x.userMessage, logMsg: x.logMessage };
  };
  const res = await runMimeAcl(ctx, check, { log: (t) => extra.push(t) });
  const logs = [...e.session.logs.map((l) => l.text), ...extra].map((l) => l.split(MESSAGE_ID).join('MSGID').split(spool).join('SPOOL'));
  if (!keep) {
    unspoolMbox(ctx);
    rmSync(spool, { recursive: true, force: true });
  }
  return { ...res, logs, spool, ctx };
}
