// Two outcomes of the same session under two configs: do they differ, and
// where. What counts is what the client would see decided: the reply code to
// each command and each recipient's verdict. Reply texts and the statements'
// places may change without the session counting as different.
import { finalLine, type SessionOutcome, type RecipientVerdict } from './outcome.js';
import type { AclDecision } from '../runtime/acl/engine.js';

export interface Difference {
  /** "recipient <a@b>", "<connect>", "MAIL FROM:<x>" ... */
  what: string;
  left: { result: string; decision?: AclDecision };
  right: { result: string; decision?: AclDecision };
}

const codeOf = (lines: string[]) => /^\d{3}/.exec(finalLine(lines) ?? '')?.[0] ?? '';
const verdictText = (r: RecipientVerdict | undefined) => (r ? `${r.verdict} ${r.code} at ${r.stage}` : 'not reached');

export function compareOutcomes(a: SessionOutcome, b: SessionOutcome): Difference[] {
  const diffs: Difference[] = [];
  if ((a.error ?? '') !== (b.error ?? '')) {
    diffs.push({ what: 'replay', left: { result: a.error ?? 'ran' }, right: { result: b.error ?? 'ran' } });
  }
  const n = Math.max(a.recipients.length, b.recipients.length);
  for (let i = 0; i < n; i++) {
    const l = a.recipients[i];
    const r = b.recipients[i];
    if (l?.verdict !== r?.verdict || l?.code !== r?.code) {
      diffs.push({ what: `recipient <${(l ?? r)!.address}>`, left: { result: verdictText(l), decision: l?.decision }, right: { result: verdictText(r), decision: r?.decision } });
    }
  }
  // commands: compared in order while both sessions went the same way
  const m = Math.max(a.steps.length, b.steps.length);
  for (let i = 0; i < m; i++) {
    const l = a.steps[i];
    const r = b.steps[i];
    if (l && r && l.command !== r.command) {
      diffs.push({ what: 'dialogue', left: { result: `${l.command}: ${codeOf(l.reply)}`, decision: l.decision }, right: { result: `${r.command}: ${codeOf(r.reply)}`, decision: r.decision } });
      break;
    }
    const lc = l ? codeOf(l.reply) : 'no reply';
    const rc = r ? codeOf(r.reply) : 'no reply';
    if (lc !== rc && !/^RCPT/i.test((l ?? r)!.command)) {
      diffs.push({ what: (l ?? r)!.command, left: { result: lc, decision: l?.decision }, right: { result: rc, decision: r?.decision } });
    }
  }
  return diffs;
}
