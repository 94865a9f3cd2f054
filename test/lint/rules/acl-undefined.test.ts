import { rule } from '../../../src/lint/rules/acl-undefined.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'begin acl\nchk:\n  accept\nr:\n  warn set acl_m1 = ${acl{chk}{1}}${acl{$acl_m2}}${acl{accept message = x}}\n',
    'acl_smtp_rcpt = r\nacl_smtp_vrfy = accept\nacl_smtp_data = /etc/exim/data.acl\nacl_smtp_mail = ${if def:x{r}{r}}\nacl_smtp_helo = deny message = go away\nbegin acl\nr:\n  accept acl = r2 arg1\nr2:\n  accept\n',
  ],
  invalid: [
    { code: 'acl_smtp_rcpt = acl_chek_rcpt\nbegin acl\nacl_check_rcpt:\n  accept\n',
      errors: [{ line: 1, column: 17, message: 'ACL "acl_chek_rcpt" named by acl_smtp_rcpt is not defined; did you mean acl_check_rcpt?' }] },
    { code: 'begin acl\na:\n  accept acl = nope\n', errors: [{ line: 3, column: 16, message: 'ACL "nope" named by "acl =" in ACL a is not defined' }] },
    // exim -be: ${acl{nope}} fails with 'ERROR from acl "nope"'
    { code: 'begin acl\nchk:\n  accept\nr:\n  warn set acl_m1 = ${acl{chek}{1}}\n',
      errors: [{ line: 5, column: 27, message: 'ACL "chek" named by ${acl} in "set" in ACL r is not defined; did you mean chk?' }] },
    { code: 'begin acl\nchk:\n  accept\nr:\n  accept condition = ${if acl{{chk2}{x}}}\n',
      errors: [{ line: 5, column: 32, message: 'ACL "chk2" named by the acl condition in "condition" in ACL r is not defined' }] },
    { code: 'begin routers\nr:\n  driver = redirect\n  data = ${acl{nope}}\n',
      errors: [{ line: 4, column: 16, message: 'ACL "nope" named by ${acl} in data of router r is not defined' }] },
  ],
});
