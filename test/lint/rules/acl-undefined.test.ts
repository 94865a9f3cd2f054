import { rule } from '../../../src/lint/rules/acl-undefined.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'acl_smtp_rcpt = r\nacl_smtp_vrfy = accept\nacl_smtp_data = /etc/exim/data.acl\nacl_smtp_mail = ${if def:x{r}{r}}\nacl_smtp_helo = deny message = go away\nbegin acl\nr:\n  accept acl = r2 arg1\nr2:\n  accept\n',
  ],
  invalid: [
    { code: 'acl_smtp_rcpt = acl_chek_rcpt\nbegin acl\nacl_check_rcpt:\n  accept\n',
      errors: [{ line: 1, column: 17, message: 'ACL "acl_chek_rcpt" named by acl_smtp_rcpt is not defined; did you mean acl_check_rcpt?' }] },
    { code: 'begin acl\na:\n  accept acl = nope\n', errors: [{ line: 3, column: 16, message: 'ACL "nope" named by "acl =" in ACL a is not defined' }] },
  ],
});
