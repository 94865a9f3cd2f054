import { rule } from '../../../src/lint/rules/acl-dmarc-status.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['acl_smtp_data = d\nbegin acl\nd:\n  deny dmarc_status = reject : quarantine\n  warn dmarc_status = !accept : none : norecord : nofrom : temperror : off\n'],
  invalid: [
    { code: 'begin acl\na:\n  deny dmarc_status = rejected\n', errors: [{ line: 3, column: 23, message: 'unknown DMARC status "rejected"; did you mean reject?' }] },
    { code: 'acl_smtp_rcpt = r\nbegin acl\nr:\n  deny dmarc_status = reject\n', errors: [{ line: 4, column: 8, message: 'cannot test dmarc_status condition in RCPT ACL' }] },
  ],
});
