import { rule } from '../../../src/lint/rules/duplicate-driver.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['begin routers\na:\n  driver = accept\nb:\n  driver = accept\nbegin transports\na:\n  driver = pipe\n'],
  invalid: [
    { code: 'begin routers\na:\n  driver = accept\na:\n  driver = accept\n',
      errors: [{ line: 4, column: 1, message: 'there are two routers called "a" (the first is at /etc/exim/exim.conf:2)' }] },
    { code: 'begin transports\nt:\n  driver = pipe\n\nt:\n  driver = pipe\n', errors: [{ line: 5, column: 1, message: 'two transports' }] },
  ],
});
