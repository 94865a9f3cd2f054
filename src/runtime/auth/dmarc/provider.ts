// DMARC as Exim's dmarc.c does it over libopendmarc: the record at
// _dmarc.<From domain> (Exim 4.96 asks that name only), SPF alignment from the
// session's spf result (none when spf = did not run) against the envelope
// domain, DKIM alignment from the verified signatures, and Exim's status
// names and texts. Organizational domains come from the public suffix list
// (dmarc_tld_file when given, else tldts' built-in copy).
import { appendFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { DnsResolver } from '../../../lang/services/dns.js';
import type { DmarcProvider, DmarcRequest, DmarcResponse } from '../../../lang/services/auth.js';
import { parseDmarc, type DmarcRecord } from './record.js';

// libopendmarc's numbers as the history file prints them
const ARES: Record<string, number> = { pass: 0, softfail: 2, neutral: 3, temperror: 4, permerror: 5, none: 6, fail: 7 };
const POLICY_CODE: Record<string, number> = { norecord: 14, accept: 15, reject: 16, quarantine: 17, none: 18 };
const ACTION: Record<string, number> = { reject: 0, accept: 2, none: 2, norecord: 2, quarantine: 4 };
const charCode = (c: string | undefined) => (c ? c.charCodeAt(0) : 0);

/** dmarc_write_history_file(): one record in OpenDMARC's history format */
export function historyRecord(req: DmarcRequest, rec: DmarcRecord, status: string, spfAlign: boolean, dkimAlign: boolean, now: Date): string {
  let h = `job ${req.messageId ?? ''}\nreporter ${req.reporter ?? ''}\nreceived ${Math.floor(now.getTime() / 1000)}\n`
    + `ipaddr ${req.ip}\nfrom ${req.fromDomain}\nmfrom ${req.envelopeDomain}\n`;
  if (req.spf) h += `spf ${ARES[req.spf.result] ?? 11}\n`;
  for (const d of req.dkim) h += `dkim ${d.domain} ${d.status === 'pass' ? 0 : d.status === 'fail' ? 7 : d.status === 'none' ? 6 : 11}\n`;
  h += `pdomain ${req.fromDomain}\npolicy ${POLICY_CODE[status] ?? 14}\n`;
  h += rec.rua.length ? rec.rua.map((r) => `rua ${r}\n`).join('') : 'rua -\n';
  h += `pct ${rec.pct}\nadkim ${charCode(rec.adkim)}\naspf ${charCode(rec.aspf)}\np ${charCode(rec.p[0])}\nsp ${charCode(rec.sp?.[0])}\n`;
  h += `align_dkim ${dkimAlign ? 4 : 5}\nalign_spf ${spfAlign ? 4 : 5}\naction ${ACTION[status] ?? 3}\n`;
  return h;
}

/** a public suffix list file (dmarc_tld_file): the organizational domain of a name */
export function suffixListOrgDomain(file: string): (d: string) => string {
  const rules = new Set<string>();
  const wild = new Set<string>();
  const except = new Set<string>();
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const l = raw.trim().toLowerCase();
    if (!l || l.startsWith('//')) continue;
    if (l.startsWith('!')) except.add(l.slice(1));
    else if (l.startsWith('*.')) wild.add(l.slice(2));
    else rules.add(l);
  }
  return (d) => {
    const labels = d.toLowerCase().split('.');
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.');
      if (except.has(suffix)) return suffix;
      const parent = labels.slice(i + 1).join('.');
      if (rules.has(suffix) || (i + 1 < labels.length && wild.has(parent))) return i > 0 ? labels.slice(i - 1).join('.') : d;
    }
    return labels.slice(-2).join('.');
  };
}

// tldts' list takes a while to load: only a DMARC check needs it, not every process
let tldts: typeof import('tldts') | undefined;
const builtinOrgDomain = (d: string) => {
  tldts ??= createRequire(import.meta.url)('tldts') as typeof import('tldts');
  return tldts.getDomain(d, { allowPrivateDomains: false }) ?? d.toLowerCase();
};

export class DnsDmarcProvider implements DmarcProvider {
  private readonly orgDomain: (d: string) => string;

  constructor(private readonly dns: DnsResolver, tldFile?: string, private readonly now: () => Date = () => new Date()) {
    this.orgDomain = tldFile ? suffixListOrgDomain(tldFile) : builtinOrgDomain;
  }

  private aligned(a: string, b: string, mode: 'r' | 's'): boolean {
    const x = a.toLowerCase().replace(/\.$/, '');
    const y = b.toLowerCase().replace(/\.$/, '');
    return mode === 's' ? x === y : this.orgDomain(x) === this.orgDomain(y);
  }

  async check(req: DmarcRequest): Promise<DmarcResponse> {
    const from = req.fromDomain;
    if (!from) {
      return { status: 'nofrom', statusText: 'No From: domain found', usedDomain: '', domainPolicy: '', arHeader: 'dmarc=temperror' };
    }
    const a = await this.dns.query(`_dmarc.${from}`, 'TXT');
    const texts = a.status === 'ok' ? a.records.filter((r) => r.type === 'TXT').map((r) => r.data) : [];
    const rec = texts.map(parseDmarc).find((r) => r !== undefined);
    const ar = (pf: string) => `dmarc=${pf} header.from=${from}`;
    if (!rec) {
      return { status: 'norecord', statusText: 'No DMARC record', usedDomain: from, domainPolicy: '', arHeader: ar('none') };
    }
    const spfDomain = req.spf?.domain ?? '';
    const spfAlign = req.spf?.result === 'pass' && spfDomain !== '' && this.aligned(spfDomain, from, rec.aspf);
    const dkimAlign = req.dkim.some((s) => s.status === 'pass' && this.aligned(s.domain, from, rec.adkim));
    const logs = [];
    let r: Omit<DmarcResponse, 'logs'>;
    if (spfAlign || dkimAlign) {
      r = { status: 'accept', statusText: 'Accept', usedDomain: from, domainPolicy: rec.p, arHeader: ar('pass') };
    } else if (rec.p === 'reject') {
      r = { status: 'reject', statusText: 'Reject', usedDomain: from, domainPolicy: rec.p, arHeader: ar('fail') };
    } else if (rec.p === 'quarantine') {
      r = { status: 'quarantine', statusText: 'Quarantine', usedDomain: from, domainPolicy: rec.p, arHeader: ar('fail') };
    } else {
      r = { status: 'none', statusText: 'None, Accept', usedDomain: from, domainPolicy: rec.p, arHeader: ar('none') };
    }
    if (req.historyFile) {
      try {
        appendFileSync(req.historyFile, historyRecord(req, rec, r.status, spfAlign, dkimAlign, this.now()));
      } catch {
        logs.push(`failure to create DMARC history file: ${req.historyFile}`);
      }
    }
    logs.push(`DMARC results: spf_domain=${spfDomain} dmarc_domain=${from} spf_align=${spfAlign ? 'yes' : 'no'} dkim_align=${dkimAlign ? 'yes' : 'no'} enforcement='${r.statusText}'`);
    return { ...r, ruf: rec.ruf, spfAligned: spfAlign, dkimAligned: dkimAlign, logs };
  }
}
