// Test helper: an ACL engine over a context with the session facts of an
// `exim -bh` run (client 192.0.2.1, EHLO x, MAIL FROM:<a@b.c>, RCPT TO:<d@x.b.example>)
// and the named lists of the config the expectations were recorded with.
import { readAcl, aclTextLines } from '../../../src/grammar/config/acl.js';
import type { AclDefinition, AclResult, AclWhere } from '../../../src/lang/acl/index.js';
import type { DnsAnswer, DnsRecord, DnsRecordType, DnsResolver } from '../../../src/lang/services/dns.js';
import type { SessionServices } from '../../../src/lang/services/index.js';
import { AclEngine } from '../../../src/runtime/acl/engine.js';
import { ExpandContext, emptyConfig } from '../../../src/runtime/expand/context.js';
import { standardLookups } from '../../../src/lookups/registry.js';

export interface SessionOptions {
  acl: string;
  ip?: string;
  sender?: string;
  rcpt?: string;
  vars?: Record<string, string>;
  services?: SessionServices;
}

/** the DNS as a table: "name TYPE" -> records, or a status */
export class TableDns implements DnsResolver {
  readonly asked: string[] = [];
  constructor(private readonly table: Record<string, string[] | 'again' | 'nxdomain'>) {}
  async query(name: string, type: DnsRecordType): Promise<DnsAnswer> {
    this.asked.push(`${name} ${type}`);
    const t = this.table[`${name} ${type}`];
    if (t === 'again' || t === 'nxdomain') return { status: t, records: [], authenticated: false };
    if (!t) return { status: Object.keys(this.table).some((k) => k.startsWith(`${name} `)) ? 'nodata' : 'nxdomain', records: [], authenticated: false };
    const records: DnsRecord[] = t.map((data) => ({ type, name, ttl: 60, data }));
    return { status: 'ok', records, authenticated: false };
  }
}

export function session(o: SessionOptions): AclEngine {
  const r = readAcl(aclTextLines(`${o.acl}\naccept`));
  if (!r.ok) throw new Error(r.error);
  const defs = new Map<string, AclDefinition>([['r', { name: 'r', statements: r.statements, file: '', line: 0 }]]);
  const cfg = { ...emptyConfig(), acls: defs };
  cfg.options.set('primary_hostname', 'oracle.example');
  cfg.namedLists.set('loc', { kind: 'domain', name: 'loc', value: 'a.example : *.b.example', cache: true });
  cfg.namedLists.set('nets', { kind: 'host', name: 'nets', value: '192.0.2.0/24 : 10.0.0.1', cache: true });
  const ctx = new ExpandContext(cfg);
  ctx.setSenderHost(o.ip ?? '192.0.2.1');
  ctx.setHelo('x');
  ctx.setSender(o.sender ?? 'a@b.c');
  const rcpt = o.rcpt ?? 'd@x.b.example';
  const at = rcpt.lastIndexOf('@');
  ctx.set('local_part', rcpt.slice(0, at), true).set('domain', rcpt.slice(at + 1), true);
  for (const [k, v] of Object.entries(o.vars ?? {})) ctx.set(k, v);
  ctx.services = o.services ?? {};
  ctx.lookups = standardLookups();
  const e = new AclEngine(ctx, defs, { sleep: () => undefined });
  ctx.aclEngine = e;
  return e;
}

/** run ACL "r" from `where` and give what matters: rc, user message, log lines */
export async function run(o: SessionOptions, where: AclWhere = 'RCPT'): Promise<AclResult & { logs: string[] }> {
  const e = session(o);
  const r = await e.check(where, 'r');
  return { ...r, logs: e.session.logs.map((l) => l.text) };
}
