import { rule } from '../../../src/lint/rules/acl-unreachable.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'begin acl\na:\n  accept hosts = :\n  deny\n',
    'begin acl\na:\n  warn\n  require verify = sender\n  accept\n',
    'begin acl\na:\n  accept\nb:\n  deny\n',
  ],
  invalid: [
    { code: 'begin acl\na:\n  accept\n  deny hosts = *\n  deny\n',
      errors: [{ line: 4, column: 3, severity: 'warning', message: 'statement can never run: the unconditional "accept" at /etc/exim/exim.conf:3 ends ACL a' }] },
    { code: 'begin acl\na:\n  deny message = no\n  accept\n', errors: [{ line: 4, column: 3, severity: 'warning' }] },
  ],
});
