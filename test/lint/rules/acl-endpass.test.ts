import { rule } from '../../../src/lint/rules/acl-endpass.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['begin acl\na:\n  accept hosts = *\n         endpass\n  discard endpass\n'],
  invalid: [
    { code: 'begin acl\na:\n  deny hosts = *\n       endpass\n', errors: [{ line: 4, column: 8, message: '"endpass" is not allowed with "deny"' }] },
    { code: 'begin acl\na:\n  require endpass\n', errors: [{ line: 3, column: 11 }] },
  ],
});
