// Taint: each invalid case is a use that real exim 4.96 refused (checked with
// `exim -bem MSG -be` for the expansion items: "Tainted filename for search",
// "Tainted filename", "Attempt to exec tainted path", "attempt to expand
// tainted string"; the driver options from the transports' and routers' C).
import { rule } from '../../../src/lint/rules/taint.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: [
    // a tainted key is fine; so is a file named by untainted values
    'system_filter = ${lookup{$local_part}lsearch{/etc/aliases}{$value}}${lookup{$local_part}lsearch{/etc/$domain_data}}\n',
    // hashes are computed, not copied: their result is untainted
    'system_filter = ${lookup{x}lsearch{/etc/${md5:$domain}}}\n',
    // lookup results are untainted
    'system_filter = ${readfile{/etc/${lookup{$domain}lsearch{/etc/map}}}}\n',
    // the program is untainted; only its arguments are
    'system_filter = ${run{/bin/echo $local_part}}\n',
    // quoted with the lookup's own quoter
    'system_filter = ${lookup mysql{select 1 from t where a=\'${quote_mysql:$local_part}\'}}\n',
    'begin transports\nt:\n  driver = appendfile\n  file = /var/mail/$local_part_data\n',
    // appendfile de-taints a path below create_file's directory
    'begin transports\nt:\n  driver = appendfile\n  file = /home/$local_part/inbox\n  create_file = /home\n',
    'begin transports\nt:\n  driver = smtp\n  hosts = ${lookup{$domain}lsearch{/etc/hosts.map}}\n',
    'domainlist d = partial-lsearch;/etc/domains : lsearch*@;/etc/$primary_hostname\nbegin acl\nr:\n  accept domains = +d : dsearch;/etc/virtual\n',
  ],
  invalid: [
    { code: 'system_filter = ${lookup{$local_part}lsearch{/etc/mail/$domain}}\n',
      errors: [{ line: 1, column: 56, message: 'tainted file name for lsearch lookup in system_filter: $domain comes from the message or the SMTP peer' }] },
    { code: 'system_filter = ${readfile{/var/x/$h_subject:}}\n',
      errors: [{ line: 1, column: 35, message: 'tainted file name for ${readfile} in system_filter' }] },
    { code: 'system_filter = ${run{/bin/$local_part x}}\n',
      errors: [{ line: 1, column: 17, message: 'tainted program for ${run} in system_filter ($local_part)' }] },
    { code: 'system_filter = ${run,preexpand{/bin/echo $sender_address}}\n',
      errors: [{ line: 1, column: 43, message: 'tainted program for ${run}' }] },
    { code: 'system_filter = ${expand:$h_x-foo:}\n',
      errors: [{ line: 1, column: 26, message: '${expand:...} of a tainted value ($h_x-foo:)' }] },
    { code: "system_filter = ${lookup mysql{select * from t where a='$local_part'}}\n",
      errors: [{ line: 1, column: 57, message: 'use ${quote_mysql:$local_part}' }] },
    { code: 'begin acl\nr:\n  accept acl = ${lc:$sender_address}\n',
      errors: [{ line: 3, column: 21, message: 'tainted $sender_address in "acl =" in ACL r' }] },
    { code: 'begin routers\nr1:\n  driver = accept\n  transport = ${lc:$domain}\n',
      errors: [{ line: 4, column: 20, message: "(\"attempt to use tainted value '...' from '...' for transport\")" }] },
    { code: 'begin routers\nr2:\n  driver = redirect\n  file = /home/$local_part/.forward\n',
      errors: [{ line: 4, column: 16, message: 'tainted $local_part in file of router r2' }] },
    { code: 'begin transports\nt1:\n  driver = appendfile\n  file = /var/mail/$local_part\n',
      errors: [{ line: 4, column: 20, message: "(\"Tainted '...' (file or directory name for t1 transport) not permitted\"); use a value a lookup or list match gave back instead (e.g. $local_part_data, $domain_data)" }] },
    { code: 'begin transports\nt4:\n  driver = pipe\n  command = /usr/bin/procmail -d $local_part\n',
      errors: [{ line: 4, column: 34, message: "Tainted arg N for t4 transport command" }] },
    { code: 'begin transports\nt5:\n  driver = smtp\n  hosts = $h_x:\n',
      errors: [{ line: 4, column: 11, message: 'tainted $h_x: in hosts of transport t5' }] },
    // exim -bh: "LOG: Tainted filename for search: '/etc/passwd'" for RCPT TO:<passwd@c>
    { code: 'begin acl\nr:\n  deny domains = lsearch;/etc/$local_part\n  accept\n',
      errors: [{ line: 3, column: 31, message: 'tainted file name for lsearch lookup in "domains" in ACL r: $local_part' }] },
    { code: 'domainlist d = a.example : partial-lsearch;/etc/$domain\n',
      errors: [{ line: 1, column: 49, message: 'tainted file name for lsearch lookup in domainlist d: $domain' }] },
  ],
});
