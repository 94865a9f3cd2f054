// The retry section: what Exim refuses at start-up (readconf_retries(), in its
// words, at the place its scan stopped), regex patterns that do not compile,
// and rules or items that can never be used.
import type { Rule } from '../types.js';
import { parseRetryRule, type RetryRule } from '../../lang/options/retry.js';
import { printTime } from '../../lang/util/time.js';
import { compilePcre, PcreError, regexErrorMessage } from '../../lang/util/pcre.js';
import { hint } from '../levenshtein.js';
import { locIn } from '../source.js';

/** the error names readconf_retry_error() knows, for "did you mean" */
const ERROR_NAMES = [
  '*', 'quota', 'refused', 'refused_A', 'refused_MX', 'timeout', 'timeout_A', 'timeout_MX', 'timeout_connect',
  'timeout_connect_A', 'timeout_connect_MX', 'auth_failed', 'lost_connection', 'tls_required', 'lookup',
  'mail_4xx', 'rcpt_4xx', 'data_4xx',
];

/** what to say besides Exim's words */
function fix(message: string): string {
  const bad = /^unknown or malformed retry error "(.*)"$/.exec(message);
  if (bad) return hint(bad[1]!, ERROR_NAMES);
  if (message === 'comma expected' || message === 'comma or semicolon expected') {
    return ' (retry items are F,<cutoff>,<interval> or G|H,<cutoff>,<interval>,<multiplier>, separated by ";", e.g. F,2h,15m; G,16h,1h,1.5)';
  }
  if (message === 'bad parameters for retry rule') return ' (cutoff and interval must be times above zero, a G/H multiplier at least 1)';
  if (message === 'semicolon expected') return ' (retry items are separated by ";")';
  return '';
}

export const rule: Rule = {
  id: 'retry-rule',
  severity: 'error',
  doc: 'retry rules Exim refuses (error names, time values, F/G/H items), regex patterns that do not compile, rules and items never used',
  check(ctx) {
    let catchAll: { line: number } | undefined;
    for (const l of ctx.model.ast.retry) {
      const r = parseRetryRule(l.text);
      if ('error' in r) {
        ctx.report(locIn(l, r.at), `${r.error}${fix(r.error)}`);
        continue;
      }
      const rule: RetryRule = r.rule;
      const where = locIn(l, 0);
      if (catchAll) {
        ctx.report(where, `retry rule never used: the rule on line ${catchAll.line} matches every address and error before it`, { severity: 'warning' });
      }
      if (rule.pattern === '*' && rule.error === '*' && rule.senders === undefined) catchAll = { line: where.line };
      if (/^timeout_dns$/i.test(rule.error)) {
        ctx.report(locIn(l, rule.errorAt), '"timeout_dns" is no longer available in retry rules (it has never worked) - treated as "timeout"',
          { severity: 'warning', length: rule.error.length });
      }
      if (rule.pattern.startsWith('^')) {
        try { compilePcre(rule.pattern); } catch (e) {
          if (!(e instanceof PcreError)) throw e;
          ctx.report(where, `${regexErrorMessage(rule.pattern, e)} (in retry rule pattern)`, { length: rule.pattern.length });
        }
      }
      // retry_find_config(): the first item whose cutoff is not yet reached applies
      for (let i = 1; i < rule.items.length; i++) {
        const it = rule.items[i]!;
        const before = Math.max(...rule.items.slice(0, i).map((x) => x.timeout));
        if (it.timeout <= before) {
          ctx.report(locIn(l, it.at), `retry item never used: its cutoff ${printTime(it.timeout)} is not later than ${printTime(before)} of an item before it`,
            { severity: 'warning' });
        }
      }
    }
  },
};
