// The messages are what `exim -C ... -bV` 4.96 says for each config
// (spec/config/cases/bad-{redirect,appendfile,pipe,router}-*.conf).
import { rule } from '../../../src/lint/rules/driver-init.js';
import { ruleTester } from '../rule-tester.js';

const R = 'begin routers\nr:\n';
const T = 'begin transports\nt:\n';
ruleTester(rule, {
  valid: [
    `${R}  driver = redirect\n  data = x@y\n  allow_filter\n  user = mail\n`,
    `${R}  driver = dnslookup\n  verify_only\n`,
    `${R}  driver = manualroute\n  route_list = * a.example\n`,
    `${R}  driver = accept\n  transport = t\n  self = reroute: rewrite: x.example\n`,
    `${T}  driver = appendfile\n  directory = /var/mail/q\n  quota = 10M\n  quota_filecount = 100\n  maildir_format\n`,
    `${T}  driver = appendfile\n  file = /x\n  user = mail\n`,
    `${T}  driver = appendfile\n  file = /x\n  no_use_fcntl_lock\n  use_flock_lock\n  no_use_lockfile\n`,
    `${T}  driver = pipe\n  command = /bin/cat\n  temp_errors = 75 : 73\n  user = 8\n  group = 8\n`,
  ],
  invalid: [
    { code: `${R}  driver = redirect\n  file = /x\n  data = y\n`, errors: [{ line: 2, column: 1, message: 'r router: only one of "file" or "data" must be specified' }] },
    { code: `${R}  driver = redirect\n`, errors: [{ line: 2, column: 1, message: 'r router: one of "file" or "data" must be specified' }] },
    { code: `${R}  driver = redirect\n  data = y\n  one_time\n  unseen\n`, errors: [{ line: 2, column: 1, message: '"unseen" may not be used with "one_time"' }] },
    { code: `${R}  driver = redirect\n  data = y\n  allow_filter\n`, errors: [{ line: 2, column: 1, message: '"user" or "check_local_user" must be set with "allow_filter"' }] },
    { code: `${R}  driver = redirect\n  data = x\n  transport = t\n`, errors: [{ line: 2, column: 1, message: 'r router: a transport must not be defined for this router' }] },
    { code: `${R}  driver = accept\n`, errors: [{ line: 2, column: 1, message: 'r router: a transport is required for this router' }] },
    { code: `${R}  driver = accept\n  transport = t\n  self = explode\n`, errors: [{ line: 2, column: 1, message: 'r router: explode is not valid for the self option' }] },
    { code: `${T}  driver = appendfile\n  file = /x\n  directory = /y\n`, errors: [{ line: 2, column: 1, message: 't transport: only one of "file" or "directory" can be specified' }] },
    { code: `${T}  driver = appendfile\n  file = /x\n  no_use_fcntl_lock\n  no_use_lockfile\n`, errors: [{ line: 2, column: 1, message: 't transport: no locking configured' }] },
    { code: `${T}  driver = appendfile\n  directory = /x\n  quota_directory = /x\n`, errors: [{ line: 2, column: 1, message: 'quota must be set if quota_directory is set' }] },
    { code: `${T}  driver = appendfile\n  file = /x\n  user = 8\n`, errors: [{ line: 2, column: 1, message: 'user set without group for the t transport' }] },
    { code: `${T}  driver = appendfile\n  file = /x\n  create_file = nowhere\n`, errors: [{ line: 2, column: 1, message: `invalid value given for "create_file" for the t transport: 'nowhere'` }] },
    { code: `${T}  driver = pipe\n  command = /bin/cat\n  temp_errors = 75 : x\n`, errors: [{ line: 2, column: 1, message: 'temp_errors must be a list of numbers or an asterisk for the t transport' }] },
    { code: `${R}  driver = manualroute\n  route_list = * a.example\n  host_find_failed = explode\n`, errors: [{ line: 2, column: 1, message: 'r router: unrecognized setting for host_find_failed option' }] },
    { code: `${R}  driver = manualroute\n`, errors: [{ line: 2, column: 1, message: 'r router: route_list or route_data (but not both) must be specified' }] },
    { code: `${R}  driver = queryprogram\n  command = /bin/true\n`, errors: [{ line: 2, column: 1, message: 'r router: command_user must be specified' }] },
    { code: `${R}  driver = iplookup\n  hosts = a.example\n`, errors: [{ line: 2, column: 1, message: 'r router: a port must be specified' }] },
    { code: `${T}  driver = smtp\n  data_timeout = 0s\n`, errors: [{ line: 2, column: 1, message: 'command, data, or final timeout value is zero for t transport' }] },
    { code: `${T}  driver = lmtp\n  command = /bin/cat\n  socket = /tmp/s\n`, errors: [{ line: 2, column: 1, message: 'one (and only one) of command or socket must be set for the t transport' }] },
    { code: `${T}  driver = pipe\n  command = /bin/cat\n  use_shell\n  restrict_to_path\n`, errors: [{ line: 2, column: 1, message: 'both restrict_to_path and use_shell set for t transport' }] },
  ],
});
