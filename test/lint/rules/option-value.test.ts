import { rule } from '../../../src/lint/rules/option-value.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['receive_timeout = 5m\nsmtp_accept_max = 20\naccept_8bitmime = true\nqualify_domain = "a\\tb"\nmessage_size_limit = 50M\n'],
  invalid: [
    { code: 'smtp_accept_max = abc\n', errors: [{ line: 1, column: 19, message: 'integer expected for smtp_accept_max' }] },
    { code: 'auto_thaw = 5x\n', errors: [{ line: 1, column: 13, message: 'invalid time value for auto_thaw' }] },
    { code: 'accept_8bitmime = maybe\n', errors: [{ line: 1, column: 19, message: '"maybe" is not a valid value for the "accept_8bitmime" option' }] },
    { code: 'qualify_domain = "abc\n', errors: [{ line: 1, column: 18, message: 'missing quote at end of string value for qualify_domain' }] },
    { code: 'exim_user = no_such_user_here\n', errors: [{ line: 1, column: 13, severity: 'warning', message: 'user no_such_user_here was not found (on this machine)' }] },
  ],
});
