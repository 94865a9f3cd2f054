import { rule } from '../../../src/lint/rules/config-syntax.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['a_macro_free_line = x\n'.replace('a_macro_free_line', 'qualify_domain'), 'begin acl\nbegin routers\n'],
  invalid: [
    { code: 'begin nonsense\n', errors: [{ line: 1, column: 1, message: '"nonsense" is not a known configuration section name' }] },
    { code: '.include /nope\n', errors: [{ line: 1, column: 1, message: 'failed to open included configuration file /nope' }] },
    { code: 'X = 1\nX = 2\n', errors: [{ line: 2, column: 1, message: 'macro "X" is already defined' }] },
    // exim -bV (spec/config/cases/bad-missing-equals.conf, bad-option-expected.conf, bad-macro-no-equals.conf, bad-driver-*.conf)
    { code: 'qualify_domain = a\nmessage_size_limit 10M\n', errors: [{ line: 2, column: 1, message: 'missing "=" after message_size_limit (write "message_size_limit = <value>")' }] },
    { code: '123 = x\n', errors: [{ line: 1, column: 1, message: 'option setting expected: 123 = x' }] },
    { code: 'MACRO value\n', errors: [{ line: 1, column: 1, message: 'malformed macro definition' }] },
    { code: 'accept_8bitmime yes\n', errors: [{ line: 1, column: 1, message: 'extra characters follow boolean option accept_8bitmime' }] },
    { code: 'begin routers\nr1:\n  driver accept\n', errors: [{ line: 3, column: 3, message: 'missing "=" after driver' }] },
    { code: 'begin routers\nr1:\n  driver = accept\n  -x = 1\n', errors: [{ line: 4, column: 3, message: 'option setting expected: -x = 1' }] },
    { code: 'begin acl\nbegin acl\n', errors: [{ line: 2, column: 1, message: '"acl" section has already been read' }] },
  ],
});
