import { rule } from '../../../src/lint/rules/acl-negated-modifier.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['begin acl\na:\n  deny !hosts = *\n       message = x\n'],
  invalid: [
    { code: 'begin acl\na:\n  deny hosts = *\n       !message = x\n', errors: [{ line: 4, column: 8, message: 'negation is not allowed with the "message" modifier' }] },
    { code: 'begin acl\na:\n  warn !set acl_m0 = 1\n', errors: [{ line: 3, column: 8 }] },
  ],
});
