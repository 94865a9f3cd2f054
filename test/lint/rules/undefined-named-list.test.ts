import { rule } from '../../../src/lint/rules/undefined-named-list.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'domainlist local_domains = @\nhostlist relay = 127.0.0.1\nbegin routers\nr:\n  driver = accept\n  domains = ! +local_domains\nbegin acl\na:\n  accept hosts = +relay\n',
    'addresslist a = x@y\nbegin acl\na:\n  accept senders = +caseful : +a\n',
    'domainlist d = a\nhostlist h = 1.2.3.4\nsystem_filter = ${if and{{match_domain{$domain}{+d}}{match_ip{$sender_host_address}{+h}}}}\n',
    // inlist has no named lists: "+d" is a plain item there
    'system_filter = ${if inlist{$domain}{+d}}\n',
  ],
  invalid: [
    { code: 'hostlist relay = 1.2.3.4\nhelo_accept_junk_hosts = +relayy\n', errors: [{ line: 2, column: 26, message: 'unknown named host list "+relayy" in helo_accept_junk_hosts; did you mean relay?' }] },
    { code: 'domainlist d = a\nbegin acl\na:\n  accept hosts = !+d\n', errors: [{ line: 4, column: 19, message: '("d" is a domainlist)' }] },
    { code: 'domainlist d = a : +other\n', errors: [{ line: 1, column: 20, message: 'in domainlist d' }] },
    // in expansions: exim -be says 'unknown named domain list "+local_domain"' and the match fails
    { code: 'domainlist local_domains = a\nsystem_filter = ${if match_domain{$domain}{+local_domain : b}{x}{y}}\n',
      errors: [{ line: 2, column: 44, message: 'unknown named domain list "+local_domain" in match_domain in system_filter; did you mean local_domains?' }] },
    { code: 'hostlist relay = 1.2.3.4\nbegin acl\na:\n  accept condition = ${if or{{match_ip{$sender_host_address}{!+relays}}}}\n',
      errors: [{ line: 4, column: 63, message: 'unknown named host list "+relays" in match_ip in "condition" in ACL a; did you mean relay?' }] },
    { code: 'begin routers\nr:\n  driver = redirect\n  data = ${if match_address{$sender_address}{+nope}{a}{b}}\n',
      errors: [{ line: 4, column: 46, message: 'unknown named address list "+nope" in match_address in data of router r' }] },
  ],
});
