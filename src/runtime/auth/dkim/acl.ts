// acl_smtp_dkim: run once per item of dkim_verify_signers (default
// $dkim_signers), with $dkim_cur_signer and the variables of the signature(s)
// it names (dkim.c's dkim_exim_acl_run()): an item with "@" matches a
// signature's identity, otherwise its domain; with no match the ACL still runs
// once, with status "none". The first verdict other than accept ends the loop.
import type { AclResult } from '../../../lang/acl/types.js';
import { listItems } from '../../../lang/util/list.js';
import type { AclEngine } from '../../acl/engine.js';
import { dkimSigners, type DkimSignature } from './verify.js';

const PER_SIGNATURE = ['dkim_domain', 'dkim_selector', 'dkim_key_length', 'dkim_algo', 'dkim_canon_body', 'dkim_canon_headers',
  'dkim_headernames', 'dkim_identity', 'dkim_bodylength', 'dkim_created', 'dkim_expires', 'dkim_key_testing',
  'dkim_key_nosubdomains', 'dkim_key_notes'];

function setSignature(engine: AclEngine, s: DkimSignature | undefined): void {
  const ctx = engine.ctx;
  if (!s) {
    for (const n of PER_SIGNATURE) ctx.unset(n);
    return;
  }
  const set = (n: string, v: string | number | undefined, tainted = true) => (v === undefined ? ctx.unset(n) : ctx.set(n, String(v), tainted));
  set('dkim_domain', s.domain);
  set('dkim_selector', s.selector);
  set('dkim_key_length', s.keyBits ?? 0, false);
  set('dkim_algo', s.algo);
  set('dkim_canon_body', s.canonBody);
  set('dkim_canon_headers', s.canonHeaders);
  set('dkim_headernames', s.headerNames);
  set('dkim_identity', s.identity || undefined);
  set('dkim_bodylength', s.bodyLength);
  set('dkim_created', s.created);
  set('dkim_expires', s.expires);
  set('dkim_key_testing', s.keyTesting ? '1' : undefined);
  set('dkim_key_nosubdomains', s.keyNoSubdomains ? '1' : undefined);
  set('dkim_key_notes', s.keyNotes || undefined);
}

/** the DKIM ACL over the verified signatures; `verifySigners` is the expanded dkim_verify_signers */
export async function runDkimAcl(engine: AclEngine, aclName: string, sigs: DkimSignature[], verifySigners?: string): Promise<AclResult> {
  const ctx = engine.ctx;
  const signers = dkimSigners(sigs);
  ctx.dkimResults = sigs.map((s) => ({ domain: s.domain, status: s.status }));
  ctx.set('dkim_signers', signers, true);
  let last: AclResult = { rc: 'OK' };
  for (const id of listItems(verifySigners ?? signers)) {
    const byIdentity = id.includes('@');
    const matching = sigs.filter((s) => (byIdentity ? s.identity : s.domain).toLowerCase() === id.toLowerCase());
    for (const s of matching.length ? matching : [undefined]) {
      ctx.set('dkim_cur_signer', id, true);
      setSignature(engine, s);
      ctx.set('dkim_verify_status', s?.status ?? 'none', false);
      ctx.set('dkim_verify_reason', s?.reason ?? '', false);
      last = await engine.check('DKIM', aclName);
      if (last.rc !== 'OK') return last;
    }
  }
  return last;
}
