// Retry rules read as readconf_retries() reads them. Each row: a retry
// section line and what `exim -C ... -bV` 4.96 said of it ('' = accepted).
import { describe, expect, it } from 'vitest';
import { parseRetryRule } from '../../../src/lang/options/retry.js';

const ROWS: [string, string][] = [
  ["*  *  F,2h,15m; G,16h,1h,1.5; F,4d,6h", ""],
  ["*  *  F,2h", "comma expected"],
  ["*  bogus_error  F,2h,15m", "unknown or malformed retry error \"bogus_error\""],
  ["*", "missing error type in retry rule"],
  ["*  *", ""],
  ["*  quota  F,1h,10m", ""],
  ["*  quota_7d  F,1h,10m", ""],
  ["*  quota_7x  F,1h,10m", "bad time value"],
  ["*  quota_  F,1h,10m", "bad time value"],
  ["*  refused_MX  F,1h,10m", ""],
  ["*  refused_A  F,1h,10m", ""],
  ["*  refused_B  F,1h,10m", "A or MX expected after \"refused\""],
  ["*  refused  F,1h,10m", ""],
  ["*  timeout_connect_A  F,1h,10m", ""],
  ["*  timeout_dns  F,1h,10m", ""],
  ["*  timeout_foo  F,1h,10m", "\"A\", \"MX\", or \"connect\" expected after \"timeout\""],
  ["*  timeout_c  F,1h,10m", ""],
  ["*  mail_4xx  F,1h,10m", ""],
  ["*  rcpt_45x  F,1h,10m", ""],
  ["*  data_455  F,1h,10m", ""],
  ["*  rcpt_4x5  F,1h,10m", "rcpt_4 must be followed by xx, dx, or dd, where x is literal and d is any digit"],
  ["*  rcpt_4  F,1h,10m", "rcpt_4 must be followed by xx, dx, or dd, where x is literal and d is any digit"],
  ["*  RCPT_4xx  F,1h,10m", ""],
  ["*  auth_failed  F,1h,10m", ""],
  ["*  auth_f  F,1h,10m", ""],
  ["*  auth  F,1h,10m", "unknown or malformed retry error \"auth\""],
  ["*  lost_connection  F,1h,10m", ""],
  ["*  lost  F,1h,10m", ""],
  ["*  l  F,1h,10m", ""],
  ["*  tls_required  F,1h,10m", ""],
  ["*  lookup  F,1h,10m", ""],
  ["*  lookupx  F,1h,10m", "unknown or malformed retry error \"lookupx\""],
  ["*  *  X,1h,10m", "unknown retry rule letter"],
  ["*  *  F,1h,10m G,2h,1h,1.5", "semicolon expected"],
  ["*  *  F,1h,10m;", ""],
  ["*  *  F,1h,10m ;  G , 2h,1h,1.5", "comma expected"],
  ["*  *  F, 1h, 10m", ""],
  ["*  *  F,1h,10m,5", "semicolon expected"],
  ["*  *  G,1h,10m,0.5", "bad parameters for retry rule"],
  ["*  *  G,1h,10m,1", ""],
  ["*  *  G,1h,10m", "comma expected"],
  ["*  *  H,1h,10m,2.25", ""],
  ["*  *  f,1h,10m", ""],
  ["*  *  F,0s,10m", "bad parameters for retry rule"],
  ["*  *  F,1h,0s", "bad parameters for retry rule"],
  ["*  *  F,1h,10x", "bad parameters for retry rule"],
  ["*  *  F,1h,10m!", "comma or semicolon expected"],
  ["*  *  senders=*@x.example F,1h,10m", ""],
  ["*  *  senders = \"a@b : c@d\" F,1h,10m", ""],
  ["*  *  senders F,1h,10m", "\"=\" expected after \"senders\" in retry rule"],
  ["*  \"quoted pat\"  *  F,1h,10m", "unknown or malformed retry error \"\"quoted\""],
  ["*  *  G,1h,10m,1.x", "bad parameters for retry rule"],
  ["*  *  F,1h10m,1h", ""],
  ["*  *  F,1h.5,1h", "comma or semicolon expected"],
  ["*  *  F", "comma expected"],
  ["*  *  F;", "comma expected"],
  ["*  *  F,1h,10m;;", "comma expected"],
];

describe('retry rules (readconf_retries, readconf_retry_error)', () => {
  it.each(ROWS)('%s', (line, exim) => {
    const r = parseRetryRule(line);
    expect('error' in r ? r.error : '').toBe(exim);
  });

  it('keeps the items with their values', () => {
    const r = parseRetryRule('*  *  senders = "a@b : c@d"  F,2h,15m; g,16h,1h,1.5');
    expect(r).toEqual({ rule: {
      pattern: '*', error: '*', errorAt: 3, senders: 'a@b : c@d', items: [
        { letter: 'F', timeout: 7200, p1: 900, at: 29 }, { letter: 'G', timeout: 57600, p1: 3600, p2: 1500, at: 39 },
      ] } });
  });

  it('says where the scan stopped', () => {
    expect(parseRetryRule('*  *  F,1h,10m!')).toEqual({ error: 'comma or semicolon expected', at: 14 });
    expect(parseRetryRule('*  bogus  F,1h,10m')).toEqual({ error: 'unknown or malformed retry error "bogus"', at: 3 });
  });
});
