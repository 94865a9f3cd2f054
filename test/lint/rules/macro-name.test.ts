import { rule } from '../../../src/lint/rules/macro-name.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['MY_MACRO = x\nqualify_domain = MY_MACRO\n.ifdef MY_MACRO\n.endif\n', 'bogus_option = 1\n'],
  invalid: [
    { code: 'my_macro = example.com\nqualify_domain = my_macro\n',
      errors: [{ line: 1, column: 1, message: 'macro names must start with an upper-case letter (MY_MACRO)' }] },
    { code: '.ifdef lower\n.endif\n', errors: [{ line: 1, column: 8, severity: 'warning', message: '.ifdef lower is never true' }] },
    { code: '  .ifndef  tls\n.endif\n', errors: [{ line: 1, column: 12, severity: 'warning', message: 'always true' }] },
  ],
});
