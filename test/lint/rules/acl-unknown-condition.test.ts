import { rule } from '../../../src/lint/rules/acl-unknown-condition.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['begin acl\na:\n  accept hosts = *\n         !verify = sender\n         set acl_m_x = 1\n'],
  invalid: [
    { code: 'begin acl\na:\n  accept hostz = *\n', errors: [{ line: 3, column: 10, message: 'unknown ACL condition/modifier "hostz"; did you mean hosts?' }] },
    { code: 'begin acl\na:\n  accept\n  acept\n', errors: [{ line: 4, column: 3, message: 'did you mean accept?' }] },
    { code: 'begin acl\na:\n  deny dmarc_status = reject\n', errors: [{ line: 3, column: 8, severity: 'warning', message: 'needs Exim built with SUPPORT_DMARC' }] },
  ],
});
