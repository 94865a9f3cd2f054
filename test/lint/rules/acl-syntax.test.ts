import { rule } from '../../../src/lint/rules/acl-syntax.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['begin acl\na:\n  warn set acl_m_x = 1\n       set acl_c0 = 2\n       set dkim_verify_status = none\n'],
  invalid: [
    { code: 'begin acl\na:\n  warn set foo = 1\n', errors: [{ line: 3, column: 12, message: 'must start "acl_c" or "acl_m"' }] },
    { code: 'begin acl\na:\n  warn set acl_mx = 1\n', errors: [{ line: 3, column: 12, message: 'digit or underscore must follow' }] },
    { code: 'begin acl\na:\n  accept hosts *\n', errors: [{ line: 3, column: 16, message: '"=" missing after ACL "hosts" condition' }] },
    { code: 'begin acl\na:\n  !accept\n', errors: [{ line: 3, column: 4, message: 'malformed ACL line' }] },
  ],
});
