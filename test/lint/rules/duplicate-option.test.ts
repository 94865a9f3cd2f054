import { rule } from '../../../src/lint/rules/duplicate-option.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'receive_timeout = 5m\n',
    'begin routers\na:\n  driver = accept\n  condition = 1\n  condition = 2\nb:\n  driver = accept\n',
    '.ifdef X\nqualify_domain = a\n.else\nqualify_domain = b\n.endif\n',
  ],
  invalid: [
    { code: 'receive_timeout = 5m\nreceive_timeout = 6m\n',
      errors: [{ line: 2, column: 1, message: '"receive_timeout" option set for the second time (first set at /etc/exim/exim.conf:1)' }] },
    { code: 'accept_8bitmime\nno_accept_8bitmime\n', errors: [{ line: 2, column: 1, message: 'set for the second time' }] },
    { code: 'begin routers\na:\n  driver = accept\n  domains = a\n  domains = b\n', errors: [{ line: 5, column: 3 }] },
  ],
});
