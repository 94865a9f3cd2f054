import { rule } from '../../../src/lint/rules/router-transport.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'begin routers\nr:\n  driver = accept\n  transport = t\ns:\n  driver = redirect\n  data = x\n  file_transport = t\n  pass_router = r\n  pipe_transport = ${if def:x{t}}\nbegin transports\nt:\n  driver = pipe\n',
  ],
  invalid: [
    { code: 'begin routers\nr:\n  driver = accept\n  transport = remote_smpt\nbegin transports\nremote_smtp:\n  driver = smtp\n',
      errors: [{ line: 4, column: 15, message: 'transport "remote_smpt" not found in r router (transport); did you mean remote_smtp?' }] },
    { code: 'begin routers\nr:\n  driver = redirect\n  data = x\n  redirect_router = nope\n', errors: [{ line: 5, column: 21, message: 'redirect_router "nope" not found for "r" router' }] },
  ],
});
