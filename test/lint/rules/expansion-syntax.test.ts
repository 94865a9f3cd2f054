import { rule } from '../../../src/lint/rules/expansion-syntax.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'smtp_banner    = ${if eq{$primary_hostname}{a}{b}{c}}\n',
    'smtp_banner    = "${if eq{a}{b}\\\\N}\\\\N}"\n'.replace('\\\\N}\\\\N', ''),
    // items Exim has that exim-ts's parser does not implement yet are not judged
    'begin routers\nr:\n  driver = redirect\n  data = ${lookup{$local_part}lsearch{/etc/aliases}}\n',
    'domainlist d = ${if def:sender_host_address{a}}\n',
    // not an expanded option
    'bounce_message_text = ${oops\n',
  ],
  invalid: [
    { code: 'smtp_banner    = ${if eqq{a}{b}}\n', errors: [{ line: 1, column: 23, message: 'unknown condition "eqq" (in smtp_banner); did you mean eq?' }] },
    { code: 'smtp_banner    = $nosuchvar\n', errors: [{ line: 1, column: 18, message: 'unknown variable name "nosuchvar"' }] },
    { code: 'smtp_banner    = ${lokup{a}}\n', errors: [{ line: 1, column: 18, message: 'did you mean lookup?' }] },
    { code: 'smtp_banner    = ${uc:x\n', errors: [{ line: 1, column: 24, message: 'missing } at end of string' }] },
    // position through a quoted value and a continuation line
    { code: 'smtp_banner    = "a\\tb${if eqq{a}{b}}"\n', errors: [{ line: 1, column: 28, message: 'unknown condition "eqq"' }] },
    { code: 'smtp_banner    = abc\\\n   ${if eqq{a}{b}}\n', errors: [{ line: 2, column: 9 }] },
    { code: 'begin acl\na:\n  accept condition = ${if eqq{a}{b}}\n', errors: [{ line: 3, column: 27, message: '(in "condition" in ACL a)' }] },
    { code: 'hostlist h = ${uc:$nope}\n', errors: [{ line: 1, column: 19, message: 'hostlist h' }] },
  ],
});
