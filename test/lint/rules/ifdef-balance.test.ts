import { rule } from '../../../src/lint/rules/ifdef-balance.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['.ifdef X\na = 1\n.else\nb = 2\n.endif\n', '.ifndef X\n.ifdef Y\n.endif\n.endif\n'],
  invalid: [
    { code: '.ifdef X\nqualify_domain = a\n', errors: [{ line: 2, column: 1, message: '.endif missing' }] },
    { code: 'qualify_domain = a\n.endif\n', errors: [{ line: 2, column: 1, message: '.endif without matching .ifdef' }] },
    { code: '.else\n', errors: [{ line: 1, column: 1, message: '.else without matching .ifdef' }] },
  ],
});
