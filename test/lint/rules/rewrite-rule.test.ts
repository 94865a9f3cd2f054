// Start-up errors are what `exim -C ... -bV` 4.96 says (spec/config/cases/
// bad-rewrite-*.conf); run-time ones what `exim -brw` logged for the rule.
import { rule } from '../../../src/lint/rules/rewrite-rule.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'begin transports\nt:\n  driver = smtp\n  headers_rewrite = *@a.example $1@b.example h : *@c.example x@d.example f\n',
    'begin rewrite\n*@old.example  $1@new.example  Ffr\n\\N^(.*)@c$\\N  $1@d  S\n*@x  *  q\n"*@y"  "${lc:$local_part}@z"  h\n',
  ],
  invalid: [
    { code: 'begin rewrite\n*@a  b@c  z\n', errors: [{ line: 2, column: 11, message: "unknown rewrite flag character 'z' (could be missing quotes round replacement item)" }] },
    { code: 'begin rewrite\n*@a  b@c  S\n', errors: [{ line: 2, column: 11, message: 'rewrite rule has the S flag but is not a regular expression' }] },
    { code: 'begin rewrite\n*@a\n', errors: [{ line: 2, column: 4, message: 'missing rewrite replacement string' }] },
    // exim -brw: Expansion of ${lc:$local_part@x failed while rewriting: missing } at end of string
    { code: 'begin rewrite\n*@b  ${lc:$local_part@x\n', errors: [{ line: 2, column: 24, message: 'missing } at end of string (in rewrite rule replacement)' }] },
    // exim -brw: failed to expand "^(.*)@e$" while checking a list: $ not followed by letter, digit, or {
    { code: 'begin rewrite\n^(.*)@e$  $1@d\n', errors: [{ line: 2, column: 8, message: '$ not followed by letter, digit, or { (in rewrite rule key; write a regex key as \\N^...$\\N)' }] },
    { code: 'begin rewrite\n"^(x@a" b@c Sq\n', errors: [{ line: 2, column: 2, message: 'missing closing parenthesis' }] },
    // a transport's headers_rewrite goes through the same rewrite_one() at delivery
    { code: 'begin transports\nt:\n  driver = smtp\n  headers_rewrite = *@a $1@b h : ^(x@c  y@d  h : *@e ${lc{$local_part@f\n',
      errors: [{ line: 4, column: 34, message: 'missing closing parenthesis' }, { line: 4, column: 54, message: '"${lc" is not a known operator' }] },
  ],
});
