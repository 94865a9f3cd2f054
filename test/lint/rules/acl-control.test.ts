import { rule } from '../../../src/lint/rules/acl-control.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['begin acl\na:\n  accept control = submission/sender_retain\n         control = queue_only\n         control = no_pipelining\n         control = ${if def:x{freeze}{debug}}\n'],
  invalid: [
    { code: 'begin acl\na:\n  accept control = submisssion\n', errors: [{ line: 3, column: 20, message: 'unknown control "submisssion" in "control=submisssion"; did you mean submission?' }] },
    { code: 'begin acl\na:\n  accept control = no_pipelining/x\n', errors: [{ line: 3, column: 20, message: 'no_pipelining takes no options' }] },
    { code: 'begin acl\na:\n  accept control = dmarc_enable_forensic\n', errors: [{ line: 3, column: 20, severity: 'warning', message: 'SUPPORT_DMARC' }] },
  ],
});
