import { rule } from '../../../src/lint/rules/acl-spf.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['begin acl\na:\n  deny spf = fail : softfail\n  warn spf_guess = !pass : permerror : temperror : none : neutral\n  deny spf = $acl_m0\n'],
  invalid: [
    { code: 'begin acl\na:\n  deny spf = err_perm\n', errors: [{ line: 3, column: 14, severity: 'warning', message: 'SPF result "err_perm" is the old name of permerror (exim-ts reads it so; Exim 4.91+ never matches it); use permerror' }] },
    { code: 'begin acl\na:\n  deny spf = pass : !err_temp\n', errors: [{ line: 3, column: 22, severity: 'warning', message: 'use temperror' }] },
    { code: 'begin acl\na:\n  deny spf = softfial\n', errors: [{ line: 3, column: 14, message: 'unknown SPF result "softfial"; did you mean softfail?' }] },
  ],
});
