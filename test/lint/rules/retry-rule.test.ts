// Errors are what `exim -C ... -bV` 4.96 says of each line (see also
// test/lang/options/retry.test.ts); warnings are rules and items
// retry_find_config() can never pick, and timeout_dns, which 4.96 logs.
import { rule } from '../../../src/lint/rules/retry-rule.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'begin retry\n*.example.com  quota_7d  F,1h,10m\n"^.*@e\\\\.example$"  lost_connection  senders = "*@x : *@y"  F, 1h, 10m ; f,2d,1h\n*  *  F,2h,15m; G,16h,1h,1.5; F,4d,6h\n',
    'begin retry\nd.example  auth_failed\n*  rcpt_45x  H,1h,10m,1.25\n',
  ],
  invalid: [
    { code: 'begin retry\na.example  refusd_A  F,1h,10m\n',
      errors: [{ line: 2, column: 12, message: 'unknown or malformed retry error "refusd_A"; did you mean refused_A?' }] },
    { code: 'begin retry\n*  *  F,2h\n', errors: [{ line: 2, column: 11, message: /^comma expected \(retry items are F,<cutoff>,<interval>/ }] },
    { code: 'begin retry\n*  *  F,2h,15m; X,4d,6h\n', errors: [{ line: 2, column: 17, message: 'unknown retry rule letter' }] },
    { code: 'begin retry\n*  *  G,16h,1h,0.5\n', errors: [{ line: 2, column: 7, message: 'bad parameters for retry rule (cutoff and interval' }] },
    { code: 'begin retry\n*  *  F,2h,15m G,16h,1h,1.5\n', errors: [{ line: 2, column: 16, message: 'semicolon expected' }] },
    { code: 'begin retry\n*  *  senders *@x  F,2h,15m\n', errors: [{ line: 2, column: 15, message: '"=" expected after "senders" in retry rule' }] },
    { code: 'begin retry\n*  quota_7x  F,2h,15m\n', errors: [{ line: 2, column: 4, message: 'bad time value' }] },
    { code: 'begin retry\n*.example.com\n', errors: [{ line: 2, column: 14, message: 'missing error type in retry rule' }] },
    { code: 'begin retry\n^(unclosed  *  F,1h,10m\n', errors: [{ line: 2, column: 1, message: 'missing closing parenthesis' }] },
    { code: 'begin retry\nb.example  timeout_dns  F,2h,10m; F,1h,5m\n', errors: [
      { line: 2, column: 12, severity: 'warning', message: '"timeout_dns" is no longer available in retry rules (it has never worked) - treated as "timeout"' },
      { line: 2, column: 35, severity: 'warning', message: 'retry item never used: its cutoff 1h is not later than 2h of an item before it' },
    ] },
    { code: 'begin retry\n*  *  F,2h,15m\nx.example  *  F,2h,15m\n',
      errors: [{ line: 3, column: 1, severity: 'warning', message: 'retry rule never used: the rule on line 2 matches every address and error before it' }] },
  ],
});
