import { rule } from '../../../src/lint/rules/negated-non-bool.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['no_accept_8bitmime\nnot_accept_8bitmime\nbegin routers\nr:\n  driver = accept\n  no_verify\n'],
  invalid: [
    { code: 'no_message_size_limit\n', errors: [{ line: 1, column: 1, message: 'negation prefix applied to a non-boolean option' }] },
    { code: 'begin transports\nt:\n  driver = smtp\n  not_hosts\n', errors: [{ line: 4, column: 3, message: 'hosts is' }] },
  ],
});
