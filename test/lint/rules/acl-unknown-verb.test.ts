import { rule } from '../../../src/lint/rules/acl-unknown-verb.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['begin acl\na:\n  accept\n  deny hosts = *\n  defer\n  discard\n  drop\n  require\n  warn\n'],
  invalid: [
    { code: 'begin acl\na:\n  acept hosts = *\n', errors: [{ line: 3, column: 3, message: 'unknown ACL verb "acept" in ACL a; did you mean accept?' }] },
    { code: 'begin acl\na:\n  hosts = *\n  deny\n', errors: [{ line: 3, column: 3 }] },
  ],
});
