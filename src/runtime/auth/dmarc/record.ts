// DMARC records (RFC 7489 6.3): "v=DMARC1; p=...; ..." tag lists.
export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

export interface DmarcRecord {
  p: DmarcPolicy;
  sp?: DmarcPolicy;
  adkim: 'r' | 's';
  aspf: 'r' | 's';
  pct: number;
  rua: string[];
  ruf: string[];
  fo: string;
}

const POLICIES = new Set(['none', 'quarantine', 'reject']);

/** the record, or undefined when it is not a valid DMARC record */
export function parseDmarc(text: string): DmarcRecord | undefined {
  const tags = new Map<string, string>();
  for (const part of text.split(';')) {
    const t = part.trim();
    if (t === '') continue;
    const eq = t.indexOf('=');
    if (eq < 0) return undefined;
    tags.set(t.slice(0, eq).trim().toLowerCase(), t.slice(eq + 1).trim());
  }
  if (tags.get('v') !== 'DMARC1' || [...tags.keys()][0] !== 'v') return undefined;
  const p = tags.get('p')?.toLowerCase();
  // a record without a valid p= is treated as p=none when it names report addresses (RFC 7489 6.6.3)
  const policy = p && POLICIES.has(p) ? p as DmarcPolicy : tags.has('rua') && p === undefined ? 'none' : undefined;
  if (!policy) return undefined;
  const sp = tags.get('sp')?.toLowerCase();
  const list = (v: string | undefined) => (v ? v.split(',').map((x) => x.trim()).filter(Boolean) : []);
  return {
    p: policy,
    ...(sp && POLICIES.has(sp) ? { sp: sp as DmarcPolicy } : {}),
    adkim: tags.get('adkim')?.toLowerCase() === 's' ? 's' : 'r',
    aspf: tags.get('aspf')?.toLowerCase() === 's' ? 's' : 'r',
    pct: Math.min(100, Math.max(0, Number(tags.get('pct') ?? 100) || 0)),
    rua: list(tags.get('rua')),
    ruf: list(tags.get('ruf')),
    fo: tags.get('fo') ?? '0',
  };
}
