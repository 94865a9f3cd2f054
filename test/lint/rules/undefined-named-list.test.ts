import { rule } from '../../../src/lint/rules/undefined-named-list.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'domainlist local_domains = @\nhostlist relay = 127.0.0.1\nbegin routers\nr:\n  driver = accept\n  domains = ! +local_domains\nbegin acl\na:\n  accept hosts = +relay\n',
    'addresslist a = x@y\nbegin acl\na:\n  accept senders = +caseful : +a\n',
  ],
  invalid: [
    { code: 'hostlist relay = 1.2.3.4\nhelo_accept_junk_hosts = +relayy\n', errors: [{ line: 2, column: 26, message: 'unknown named host list "+relayy" in helo_accept_junk_hosts; did you mean relay?' }] },
    { code: 'domainlist d = a\nbegin acl\na:\n  accept hosts = !+d\n', errors: [{ line: 4, column: 19, message: '("d" is a domainlist)' }] },
    { code: 'domainlist d = a : +other\n', errors: [{ line: 1, column: 20, message: 'in domainlist d' }] },
  ],
});
