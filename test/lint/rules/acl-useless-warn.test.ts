import { rule } from '../../../src/lint/rules/acl-useless-warn.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'begin acl\na:\n  warn hosts = *\n       log_message = x\n',
    'begin acl\na:\n  warn dnslists = zen.example\n',
    'begin acl\na:\n  warn condition = ${run{/bin/true}}\n',
  ],
  invalid: [
    { code: 'begin acl\na:\n  warn hosts = *\n', errors: [{ line: 3, column: 3, message: '"warn" with no effect in ACL a' }] },
    { code: 'begin acl\na:\n  accept\n  warn\n', errors: [{ line: 4, column: 3 }] },
  ],
});
