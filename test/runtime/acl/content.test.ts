// regex = in the DATA ACL: header lines and body, line by line; $regex1.. from
// the first matching line (as exim -bh does with spec/bh/configs/data.conf).
import { describe, expect, it } from 'vitest';
import { session } from './session.js';

describe('regex', () => {
  it('scans the header lines and the body, setting $regex1', async () => {
    const e = session({ acl: 'deny regex = (?i)^subject::.*\\\\b(cheap\\\\s+\\\\w+)\n message = spam "$regex1"\ndeny regex = FORBIDDEN-([0-9]+)\n message = body $regex1' });
    e.ctx.setHeaders([{ name: 'Subject', value: ' Buy CHEAP pills now' }]);
    e.ctx.messageBody = 'hello\n';
    expect(await e.check('DATA', 'r')).toMatchObject({ rc: 'FAIL', userMessage: 'spam "CHEAP pills"' });
    e.ctx.setHeaders([{ name: 'Subject', value: ' hi' }]);
    e.ctx.messageBody = 'line one\nsee FORBIDDEN-42 here\n';
    expect(await e.check('DATA', 'r')).toMatchObject({ rc: 'FAIL', userMessage: 'body 42' });
    e.ctx.messageBody = 'clean\n';
    expect((await e.check('DATA', 'r')).rc).toBe('OK');
  });
  it('logs and skips a bad pattern', async () => {
    const e = session({ acl: 'deny regex = a(b : zz\n message = x' });
    e.ctx.messageBody = 'zz\n';
    expect((await e.check('DATA', 'r')).rc).toBe('FAIL');
    expect(e.session.logs[0]?.text).toMatch(/^regex acl condition warning - error in regex 'a\(b': .* at offset \d+, skipped\.$/);
  });
});
