import { rule } from '../../../src/lint/rules/host-list-item.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    'hostlist h = 127.0.0.1 : 10.0.0.0/8 : ::::1 : fe80::::/10 : *.example.com : net-lsearch;/etc/x : +other : @[] : localhost\n',
    'hostlist h = <; 127.0.0.1 ; ::1 ; 2001:db8::/32\n',
    'begin acl\na:\n  accept hosts = !192.168.0.0/16\n',
  ],
  invalid: [
    { code: 'hostlist h = 1.2.3/24\n', errors: [{ line: 1, column: 14, message: 'malformed IPv4 address or address mask: 1.2.3/24 (in hostlist h)' }] },
    { code: 'hostlist h = 10.0.0.0/33\n', errors: [{ line: 1, column: 14, message: 'address mask /33 is out of range' }] },
    { code: 'begin acl\na:\n  accept hosts = 127.0.0.1 : ::1\n', errors: [{ line: 3, column: 31, severity: 'warning', message: '":1" is no IP address' }] },
    { code: 'hostlist h = 1.2.3.4 : 5\n', errors: [{ line: 1, column: 24, message: 'malformed IPv4 address or address mask: 5' }] },
    { code: 'begin transports\nt:\n  driver = smtp\n  hosts_avoid_tls = 1.2.3\n', errors: [{ line: 4, column: 21, message: 'in hosts_avoid_tls' }] },
  ],
});
