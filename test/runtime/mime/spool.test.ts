// The scan directory: written for a MIME message only, removed by
// unspoolMbox(); a spool that cannot be written gives Exim's 451 case.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runMime, MESSAGE_ID } from './harness.js';
import { unspoolMbox } from '../../../src/runtime/mime/index.js';

const MIME = 'From: a@b.c\nContent-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: message/rfc822\n\nSubject: in\n\nx\n--q--\n';

describe('scan directory', () => {
  it('holds the mbox and the decoded files until unspoolMbox, which traces each file', async () => {
    const r = await runMime('warn decode = default\naccept', MIME, true);
    const dir = `${r.spool}/scan/${MESSAGE_ID}`;
    // the RFC822 file is gone once its walk is done
    expect(readdirSync(dir).sort()).toEqual([`${MESSAGE_ID}-00000`, `${MESSAGE_ID}-00001`, `${MESSAGE_ID}-00002`, `${MESSAGE_ID}.eml`]);
    const trace: string[] = [];
    unspoolMbox(r.ctx, (l) => trace.push(l));
    expect(trace.sort()).toEqual(readdirSafe(dir, r.spool));
    expect(existsSync(dir)).toBe(false);
    expect(r.ctx.mboxSpooled).toBe(false);
    rmSync(r.spool, { recursive: true, force: true });
  });
  it('is not made for a message without Content-Type:', async () => {
    const r = await runMime('accept', 'From: a@b.c\n\nplain\n', true);
    expect(r.ran).toBe(false);
    expect(existsSync(`${r.spool}/scan`)).toBe(false);
    rmSync(r.spool, { recursive: true, force: true });
  });
  it('cannot be made: DEFER with the 451 flag and Exim\'s log text', async () => {
    const r = await runMime('accept', MIME, true);
    unspoolMbox(r.ctx);
    // a spool directory under a plain file cannot be made
    writeFileSync(`${r.spool}/file`, '');
    r.ctx.config.options.set('spool_directory', `${r.spool}/file/spool`);
    r.ctx.mboxSpooled = false;
    const { runMimeAcl } = await import('../../../src/runtime/mime/index.js');
    const logs: string[] = [];
    const res = await runMimeAcl(r.ctx, () => ({ rc: 'OK' }), { log: (t, panic) => logs.push(`${panic}:${t}`) });
    expect(res).toEqual({ rc: 'DEFER', ran: true, spoolFailed: true });
    expect(logs).toEqual(['true:acl_smtp_mime: error while creating mbox spool file, message temporarily rejected.']);
    rmSync(r.spool, { recursive: true, force: true });
  });
});

/** the trace lines unspoolMbox gives for the files that were there */
function readdirSafe(_dir: string, spool: string): string[] {
  return [`${MESSAGE_ID}-00000`, `${MESSAGE_ID}-00001`, `${MESSAGE_ID}-00002`, `${MESSAGE_ID}.eml`]
    .map((n) => `unspool_mbox(): unlinking '${spool}/scan/${MESSAGE_ID}/${n}'`).sort();
}
