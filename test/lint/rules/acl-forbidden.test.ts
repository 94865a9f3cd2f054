import { rule } from '../../../src/lint/rules/acl-forbidden.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'acl_smtp_rcpt = r\nbegin acl\nr:\n  accept domains = a\n         control = submission\n',
    // an ACL no option names: where it runs is unknown
    'begin acl\nr:\n  accept domains = a\n',
    'acl_smtp_data = d\nbegin acl\nd:\n  deny regex = ^x\n',
  ],
  invalid: [
    { code: 'acl_not_smtp = n\nbegin acl\nn:\n  accept hosts = *\n',
      errors: [{ line: 4, column: 10, message: 'cannot test hosts condition in non-SMTP ACL (ACL n runs there)' }] },
    { code: 'acl_smtp_connect = c\nbegin acl\nc:\n  accept control = submission\n',
      errors: [{ line: 4, column: 20, message: 'cannot use "control=submission" in connection ACL' }] },
    // through "acl =": the called ACL runs where its caller does
    { code: 'acl_smtp_mail = m\nbegin acl\nm:\n  accept acl = sub\nsub:\n  accept domains = x\n',
      errors: [{ line: 6, column: 10, message: 'cannot test domains condition in MAIL ACL (ACL sub runs there)' }] },
    { code: 'acl_smtp_helo = h\nbegin acl\nh:\n  warn add_header = X: y\n', errors: [{ line: 4, column: 8, message: 'cannot use add_header modifier in EHLO or HELO ACL' }] },
  ],
});
