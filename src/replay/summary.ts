// The summary of a replay: verdicts per recipient overall, and per ACL and per
// statement for every reply an ACL statement decided.
import type { AclDecision } from '../runtime/acl/engine.js';
import { finalLine, verdictOf, type SessionOutcome, type Verdict } from './outcome.js';

export type Counts = Record<Verdict, number>;

export interface SummaryRow {
  /** ACL "name" */
  acl: string;
  /** "verb file:line", or "implicit deny" */
  statement: string;
  counts: Counts;
}

export interface Summary {
  sessions: number;
  /** sessions the replay could not run (bad records, engine errors) */
  errors: number;
  /** connections refused or deferred at the greeting */
  connections: Counts;
  recipients: Counts;
  /** per ACL: the sum of its statements */
  acls: { acl: string; counts: Counts }[];
  statements: SummaryRow[];
}

const zero = (): Counts => ({ accepted: 0, rejected: 0, deferred: 0, discarded: 0 });

/** "deny example.conf:42": the statement as an admin finds it */
export function statementText(d: AclDecision | undefined, rel: (f: string) => string = (f) => f): string {
  if (!d) return 'no ACL statement';
  if (d.verb === 'implicit deny' || d.file === undefined) return `${d.verb} (end of ACL)`;
  return `${d.verb} ${rel(d.file)}:${d.line}`;
}

export class SummaryBuilder {
  private sessions = 0;
  private errors = 0;
  private readonly connections = zero();
  private readonly recipients = zero();
  private readonly byStatement = new Map<string, SummaryRow>();

  constructor(private readonly rel: (f: string) => string = (f) => f) {}

  /** a line that could not be replayed at all (a bad record) */
  addBad(): void {
    this.sessions++;
    this.errors++;
  }

  add(o: SessionOutcome): void {
    this.sessions++;
    if (o.error) this.errors++;
    this.connections[o.connection]++;
    for (const r of o.recipients) this.recipients[r.verdict]++;
    for (const s of o.steps) {
      for (const p of s.parts) {
        if (!p.decision) continue;
        const line = finalLine(p.text.split('\r\n').filter(Boolean));
        const code = /^\d{3}/.exec(line ?? '')?.[0] ?? '';
        const stmt = statementText(p.decision, this.rel);
        const key = `${p.decision.acl}\0${stmt}`;
        let row = this.byStatement.get(key);
        if (!row) this.byStatement.set(key, row = { acl: p.decision.acl, statement: stmt, counts: zero() });
        row.counts[verdictOf(code, p.decision)]++;
      }
    }
  }

  build(): Summary {
    const statements = [...this.byStatement.values()].sort((a, b) => a.acl.localeCompare(b.acl) || lineOf(a) - lineOf(b));
    const acls = new Map<string, Counts>();
    for (const r of statements) {
      const c = acls.get(r.acl) ?? zero();
      for (const k of Object.keys(c) as Verdict[]) c[k] += r.counts[k];
      acls.set(r.acl, c);
    }
    return {
      sessions: this.sessions, errors: this.errors, connections: this.connections, recipients: this.recipients,
      acls: [...acls].map(([acl, counts]) => ({ acl, counts })), statements,
    };
  }
}

const lineOf = (r: SummaryRow) => Number(/:(\d+)$/.exec(r.statement)?.[1] ?? 1e9);

/** the summary as a text table */
export function summaryText(s: Summary): string {
  const head = ['', 'accepted', 'rejected', 'deferred', 'discarded'];
  const rows: string[][] = [];
  const row = (label: string, c: Counts) => rows.push([label, String(c.accepted), String(c.rejected), String(c.deferred), String(c.discarded)]);
  row('connections', s.connections);
  row('recipients', s.recipients);
  for (const a of s.acls) {
    row(a.acl, a.counts);
    for (const st of s.statements.filter((x) => x.acl === a.acl)) row(`  ${st.statement}`, st.counts);
  }
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(w[0]!) : c.padStart(w[i]!))).join('  ').trimEnd();
  const lines = [`${s.sessions} session${s.sessions === 1 ? '' : 's'}${s.errors ? `, ${s.errors} not replayed` : ''}`, fmt(head), ...rows.map(fmt)];
  return `${lines.join('\n')}\n`;
}
