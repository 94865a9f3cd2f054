// What a replayed session came to: the reply to each command (with the ACL
// statement that decided it) and the final verdict for each recipient.
import type { AclDecision } from '../runtime/acl/engine.js';

export type Verdict = 'accepted' | 'rejected' | 'deferred' | 'discarded';

/** one client command (or the connection, or the message data) and what it got */
export interface Step {
  /** the command as read, "<connect>" for the greeting, "<message>" for the data after 354 */
  command: string;
  /** the reply lines, without CRLF */
  reply: string[];
  /** the statement that decided the ACL check behind the reply, if one ran */
  decision?: AclDecision;
  /** per reply written during this step: its text and the decision that stood then (PRDR has several) */
  parts: { text: string; decision?: AclDecision }[];
}

export interface RecipientVerdict {
  address: string;
  verdict: Verdict;
  /** the reply that settled it: its code and first line's text */
  code: string;
  text: string;
  /** the command that settled it: RCPT, or DATA (DATA command, message data or PRDR) */
  stage: 'MAIL' | 'RCPT' | 'DATA';
  decision?: AclDecision;
}

export interface SessionOutcome {
  id: string;
  /** line in the sessions file */
  line: number;
  client: string;
  steps: Step[];
  recipients: RecipientVerdict[];
  /** the greeting's verdict: rejected/deferred when the connection was refused */
  connection: Verdict;
  /** log lines the session wrote */
  log: string[];
  /** the replay itself failed (an engine error: reported, other sessions go on) */
  error?: string;
}

/** the verdict a reply code stands for; a discard decision turns an acceptance into a discard */
export function verdictOf(code: string, decision?: AclDecision): Verdict {
  const c = code[0];
  if (c === '4') return 'deferred';
  if (c === '5') return 'rejected';
  return decision?.verb === 'discard' ? 'discarded' : 'accepted';
}

const codeOf = (line: string | undefined) => /^(\d{3})/.exec(line ?? '')?.[1] ?? '';
const textOf = (line: string | undefined) => (line ?? '').slice(4);

/** the final line of a step's reply (the one with a space after the code) */
export function finalLine(lines: string[]): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) if (/^\d{3}( |$)/.test(lines[i]!)) return lines[i];
  return lines[lines.length - 1];
}

/** the address of "RCPT TO:<addr> params" */
function rcptAddress(command: string): string {
  const arg = command.replace(/^rcpt\s+to:\s*/i, '');
  const m = /^<([^>]*)>/.exec(arg);
  return m ? m[1]! : arg.split(/\s+/)[0] ?? '';
}

/** Per-recipient verdicts from the steps: RCPT answers, then what DATA did to those accepted. */
export function recipientVerdicts(steps: Step[]): RecipientVerdict[] {
  const out: RecipientVerdict[] = [];
  /** recipients accepted in the current transaction, waiting for the message */
  let open: RecipientVerdict[] = [];
  /** the MAIL command of the transaction, when it was refused: its recipients were refused with it */
  let refusedMail: Step | undefined;
  const settle = (list: RecipientVerdict[], line: string | undefined, decision: AclDecision | undefined) => {
    const code = codeOf(line);
    for (const r of list) {
      if (r.verdict === 'discarded') continue;
      const v = verdictOf(code, decision);
      Object.assign(r, { verdict: v, code, text: textOf(line), stage: 'DATA', decision });
    }
  };
  for (const s of steps) {
    const verb = s.command.slice(0, 4).toUpperCase();
    if (/^(MAIL|RSET|HELO|EHLO)$/.test(verb)) { open = []; refusedMail = undefined; }
    if (verb === 'MAIL' && !codeOf(finalLine(s.reply)).startsWith('2')) refusedMail = s;
    if (verb === 'RCPT') {
      const by = refusedMail ?? s;
      const line = finalLine(by.reply);
      const code = codeOf(line);
      const r: RecipientVerdict = { address: rcptAddress(s.command), verdict: verdictOf(code, by.decision), code, text: textOf(line), stage: by === s ? 'RCPT' : 'MAIL', decision: by.decision };
      out.push(r);
      if (code.startsWith('2')) open.push(r);
    } else if (verb === 'DATA' || verb === 'BDAT') {
      const line = finalLine(s.reply);
      // DATA refused (predata ACL, no valid recipient): the recipients go with it
      if (!codeOf(line).startsWith('3') && !codeOf(line).startsWith('2')) { settle(open, line, s.decision); open = []; }
      else if (verb === 'BDAT' && s.reply.length > 0 && codeOf(line).startsWith('2') && /\bid=/.test(line ?? '')) { settle(open, line, s.decision); open = []; }
    } else if (s.command === '<message>') {
      const prdr = s.parts.findIndex((p) => p.text.startsWith('353 '));
      if (prdr >= 0) {
        // one reply per recipient still open, then the message's own
        const per = s.parts.slice(prdr + 1);
        open.forEach((r, i) => { const p = per[i]; if (p) settle([r], p.text.split('\r\n')[0], p.decision); });
      } else {
        settle(open, finalLine(s.reply), s.decision);
      }
      open = [];
    }
  }
  return out;
}
