import { rule } from '../../../src/lint/rules/deprecated-name.js';
import { ruleTester } from '../rule-tester.js';

ruleTester(rule, {
  valid: ['hosts_proxy = *\nsmtp_banner    = $proxy_local_address\n', 'begin acl\na:\n  accept control = dmarc_enable_forensic\n'],
  invalid: [
    { code: 'proxy_required_hosts = *\n', errors: [{ line: 1, column: 1, message: 'replaced by hosts_proxy' }] },
    { code: 'begin transports\nt:\n  driver = smtp\n  tpda_delivery_action = x\n', errors: [{ line: 4, column: 3, message: 'replaced by event_action' }] },
    { code: 'smtp_banner    = $proxy_host_address-${proxy_target_port}\n', errors: [
      { line: 1, column: 18, message: '$proxy_host_address was removed in Exim 4.87 (exim-ts still reads it); use $proxy_local_address' },
      { line: 1, column: 38, message: 'use $proxy_external_port' }] },
    { code: 'begin acl\na:\n  warn add_header = $dmarc_ar_header\n', errors: [{ line: 3, column: 21, message: 'use ${authresults}' }] },
    { code: 'begin acl\na:\n  warn control = dmarc_forensic_enable\n', errors: [{ line: 3, column: 18, message: 'renamed dmarc_enable_forensic' }] },
  ],
});
