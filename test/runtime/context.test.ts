// The context: headers as find_header() gives them, taint, typed setters.
import { describe, expect, it } from 'vitest';
import { ExpandContext } from '../../src/runtime/expand/context.js';
import { expandString } from '../../src/runtime/expand/expand.js';
import { decode2047 } from '../../src/lang/util/rfc2047.js';
import { b64decode } from '../../src/lang/util/base64.js';

function ctxWith(): ExpandContext {
  const c = new ExpandContext();
  c.set('primary_hostname', 'oracle.example');
  c.addHeader('From', ' "Joe" <joe@example.com>');
  c.addHeader('To', ' a@b.c,\n  d@e.f');
  c.addHeader('Subject', ' =?UTF-8?B?SGVsbG8gd29ybGQ=?= test');
  c.addHeader('X-Multi', ' one');
  c.addHeader('x-multi', '  two  ');
  c.addHeader('Cc', ' a@b,\n c@d');
  c.addHeader('CC', ' e@f');
  c.addHeader('X-Col', ' a:b');
  return c;
}
const ex = (s: string, c = ctxWith()) => { const r = expandString(s, c); return r.ok ? r.value : `Failed: ${r.error.message}`; };

describe('headers (values checked with exim -bem)', () => {
  it.each([
    ['$h_from:', '"Joe" <joe@example.com>'],
    ['$h_to:', 'a@b.c,\n  d@e.f'],
    ['$h_subject:', 'Hello world test'],
    ['$bh_subject:', 'Hello world test'],
    ['$rh_subject:', ' =?UTF-8?B?SGVsbG8gd29ybGQ=?= test\n'],
    ['$h_x-multi:', 'one\ntwo'],
    ['$header_X-MULTI:', 'one\ntwo'],
    ['$rh_x-multi:', ' one\n  two  \n'],
    ['$lh_x-multi:', ' one:  two  '],
    ['$h_cc:', 'a@b,\n c@d,\ne@f'],
    ['$lh_cc:', ' a@b,\n c@d: e@f'],
    ['$lh_x-col:', ' a::b'],
    ['[$h_nope:]', '[]'],
    ['$reply_address', '"Joe" <joe@example.com>'],
  ])('%s', (s, want) => expect(ex(s)).toBe(want));

  it('$message_headers and $message_headers_raw', () => {
    const c = new ExpandContext();
    c.addHeader('Subject', ' =?iso-8859-1?q?caf=E9?= x  ');
    c.addHeader('X-A', '   b');
    expect(ex('$message_headers', c)).toBe('Subject: caf\xe9 x\nX-A:   b');
    expect(ex('$message_headers_raw', c)).toBe('Subject: =?iso-8859-1?q?caf=E9?= x  \nX-A:   b\n');
    expect(c.headerExists('x-a:')).toBe(true);
    expect(c.headerExists('x-b:')).toBe(false);
  });

  it('header values are tainted, the table marks the rest', () => {
    const c = ctxWith();
    expect(c.headersTainted).toBe(true);
    expect(c.isTainted('sender_address')).toBe(true);
    expect(c.isTainted('sender_address_domain')).toBe(true);
    expect(c.isTainted('primary_hostname')).toBe(false);
    c.setSender('me@here', false);
    expect(c.isTainted('sender_address_domain')).toBe(false);
    expect(ex('$sender_address_local_part/$sender_address_domain', c)).toBe('me/here');
  });

  it('typed setters', () => {
    const c = new ExpandContext();
    c.setSenderHost('192.0.2.1', 1234).setInterface('10.0.0.1', 25);
    expect(ex('$sender_host_address $sender_host_port $interface_address $interface_port $received_port', c))
      .toBe('192.0.2.1 1234 10.0.0.1 25 25');
    c.recipients = ['a@b', 'c@d'];
    c.enableDollarRecipients = true;
    expect(ex('$recipients|$recipients_count', c)).toBe('a@b, c@d|2');
    c.filterRunning = true;
    expect(ex('$n0', c)).toBe('0');
  });
});

describe('RFC 2047 as rfc2047_decode2()', () => {
  it.each([
    ['=?iso-8859-1?q?caf=E9?= =?utf-8?b?w6k=?=   x', 'UTF-8', 'caf\xc3\xa9\xc3\xa9   x'],
    ['=?iso-8859-1?q?caf=E9?= =?utf-8?b?w6k=?=   x', null, 'caf\xe9\xc3\xa9   x'],
    ['=?utf-8?q?a b?=', 'UTF-8', '=?utf-8?q?a b?='],
    ['=?utf-8?x?abc?=', 'UTF-8', '=?utf-8?x?abc?='],
    ['plain', 'UTF-8', 'plain'],
  ])('%s -> %s', (s, cs, want) => expect(decode2047(s, true, cs ?? undefined, 63).value).toBe(want));
  it('b64decode is strict about padding', () => {
    expect(b64decode('YWJj')).toBe('abc');
    expect(b64decode('YW Jj')).toBe('abc');
    expect(b64decode('YQ==')).toBe('a');
    expect(b64decode('YQ=')).toBeUndefined();
    expect(b64decode('YQ')).toBeUndefined();
  });
});
