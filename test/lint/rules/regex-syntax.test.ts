import { rule } from '../../../src/lint/rules/regex-syntax.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'domainlist d = ^a.*\\.example$ : b\n',
    'begin acl\na:\n  deny regex = \\N^(a|b)+\\d$\\N\n',
    'begin routers\nr:\n  driver = accept\n  local_parts = ^[.] : ^.*[@%!/|]\n',
  ],
  invalid: [
    { code: 'domainlist d = ^(abc\n', errors: [{ line: 1, column: 16, message: 'regular expression error in "^(abc": missing closing parenthesis at offset 5' }] },
    { code: 'acl_smtp_data = d\nbegin acl\nd:\n  deny regex = [z-a]\n', errors: [{ line: 4, column: 16, message: 'range out of order in character class' }] },
    { code: 'begin routers\nr:\n  driver = accept\n  local_parts = ^a(?<x\n', errors: [{ line: 4, column: 17 }] },
  ],
});
