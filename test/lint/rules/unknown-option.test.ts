import { rule } from '../../../src/lint/rules/unknown-option.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'receive_timeout = 5m\nno_accept_8bitmime\nhide mysql_servers = x\n',
    'begin routers\nr:\n  driver = dnslookup\n  widen_domains = a\n  no_more\nbegin transports\nt:\n  driver = smtp\n  hosts_try_auth = *\n',
  ],
  invalid: [
    { code: 'recieve_timeout = 5m\n', errors: [{ line: 1, column: 1, message: 'unknown option recieve_timeout; did you mean receive_timeout?' }] },
    { code: 'no_accept_8bitmimes\n', errors: [{ line: 1, column: 1, message: 'unknown option no_accept_8bitmimes' }] },
    { code: 'begin routers\nr:\n  driver = accept\n  widen_domains = a\n',
      errors: [{ line: 4, column: 3, message: 'unknown option widen_domains for accept router r' }] },
    { code: 'begin transports\nt:\n  driver = smtp\n  hosts_try_auht = *\n',
      errors: [{ line: 4, column: 3, message: 'did you mean hosts_try_auth?' }] },
    { code: 'begin routers\nr:\n  widen_domains = a\n  driver = dnslookup\n',
      errors: [{ line: 3, column: 3, message: '"driver" must be specified before any private options' }] },
  ],
});
