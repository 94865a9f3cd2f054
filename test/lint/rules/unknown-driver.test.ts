import { rule } from '../../../src/lint/rules/unknown-driver.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['begin routers\nr:\n  driver = dnslookup\nbegin transports\nt:\n  driver = smtp\nbegin authenticators\na:\n  driver = plaintext\n'],
  invalid: [
    { code: 'begin routers\nr:\n  driver = dnslokup\n', errors: [{ line: 3, column: 12, message: 'router r: cannot find router driver "dnslokup"; did you mean dnslookup?' }] },
    { code: 'begin transports\nt:\n  return_path_add\n', errors: [{ line: 2, column: 1, message: 'no driver defined for transport "t"' }] },
  ],
});
