import { rule } from '../../../src/lint/rules/config-syntax.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['a_macro_free_line = x\n'.replace('a_macro_free_line', 'qualify_domain'), 'begin acl\nbegin routers\n'],
  invalid: [
    { code: 'begin nonsense\n', errors: [{ line: 1, column: 1, message: '"nonsense" is not a known configuration section name' }] },
    { code: '.include /nope\n', errors: [{ line: 1, column: 1, message: 'failed to open included configuration file /nope' }] },
    { code: 'X = 1\nX = 2\n', errors: [{ line: 2, column: 1, message: 'macro "X" is already defined' }] },
    { code: 'begin acl\nbegin acl\n', errors: [{ line: 2, column: 1, message: '"acl" section has already been read' }] },
  ],
});
