// The event_action example of Exim's spec (chapter "Events") end to end: the
// string expanded with the delivery event's variables against a real
// PostgreSQL function that records the delivery, and the quote_mysql variant
// against a MariaDB procedure. Addresses with quotes and backslashes are
// stored as Exim stores them (recorded with exim -be against the same
// function: pgsql keeps the backslash doubled, mysql single) and cannot
// break out of the string literal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beAsync, dbContext, mysqlConnection, pgClient } from './servers.js';
import { closeLookups } from '../../src/lookups/registry.js';
import type { ExpandContext } from '../../src/runtime/expand/context.js';

const PG_ACTION = `\${if eq {msg:delivery}{$event_name} \\
{\${lookup pgsql {SELECT * FROM record_Delivery( \\
    '\${quote_pgsql:$sender_address_domain}',\\
    '\${quote_pgsql:\${lc:$sender_address_local_part}}', \\
    '\${quote_pgsql:$domain}', \\
    '\${quote_pgsql:\${lc:$local_part}}', \\
    '\${quote_pgsql:$host_address}', \\
    '\${quote_pgsql:\${lc:$host}}', \\
    '\${quote_pgsql:$message_exim_id}')}} \\
} {}}`;

/** the option value as the config reader hands it over: continuation lines joined, leading white space gone */
const joined = (s: string) => s.replace(/\\\n\s*/g, '');
const MY_ACTION = joined(PG_ACTION).replace(/pgsql/g, 'mysql').replace('SELECT * FROM', 'CALL');

const SQL_PG = `drop table if exists deliveries; drop function if exists record_Delivery;
create table deliveries(id serial primary key, sdomain text, slocal text, domain text, lpart text, ip text, host text, msgid text);
create function record_Delivery(a text, b text, c text, d text, e text, f text, g text) returns void language sql as
$$ insert into deliveries(sdomain, slocal, domain, lpart, ip, host, msgid) values (a, b, c, d, e, f, g) $$`;
const SQL_MY = [
  'drop table if exists deliveries', 'drop procedure if exists record_Delivery',
  'create table deliveries(id int auto_increment primary key, sdomain text, slocal text, domain text, lpart text, ip text, host text, msgid text)',
  'create procedure record_Delivery(a text, b text, c text, d text, e text, f text, g text) '
    + 'insert into deliveries(sdomain, slocal, domain, lpart, ip, host, msgid) values (a, b, c, d, e, f, g)',
];

function delivery(ctx: ExpandContext, sender: string, localPart: string, id: string): void {
  ctx.set('event_name', 'msg:delivery');
  ctx.setSender(sender, true);
  ctx.set('domain', 'dest.example', true).set('local_part', localPart, true);
  ctx.set('host_address', '192.0.2.25').set('host', 'MX.Dest.Example');
  ctx.set('message_exim_id', id);
}

const senders: [string, string, string][] = [
  // sender, recipient local part, what the lc'd, quoted local part becomes in the table
  ['Plain.User@Example.ORG', 'Rcpt', 'rcpt'],
  ["o'brien@example.org", "x'); DROP TABLE deliveries; --", "x'); drop table deliveries; --"],
];

let ctx: ExpandContext;
beforeAll(async () => {
  const p = pgClient();
  await p.connect();
  await p.query(SQL_PG);
  await p.end();
  const m = await mysqlConnection();
  for (const q of SQL_MY) await m.query(q);
  await m.end();
  ctx = dbContext();
});
afterAll(() => closeLookups(ctx.lookups));

describe('event_action with pgsql (the spec example)', () => {
  it('records each delivery; quotes cannot end the literal', async () => {
    for (const [i, [sender, lp]] of senders.entries()) {
      delivery(ctx, sender, lp, `1abcde-00000${i}-AA`);
      // the function returns void: one row of one empty column
      expect(await beAsync(joined(PG_ACTION), ctx)).toBe(' ');
    }
    const p = pgClient();
    await p.connect();
    const rows = (await p.query('select sdomain, slocal, domain, lpart, ip, host, msgid from deliveries order by id')).rows;
    await p.end();
    expect(rows).toEqual(senders.map(([sender, , lp], i) => ({
      sdomain: sender.split('@')[1], slocal: sender.split('@')[0]!.toLowerCase(), domain: 'dest.example', lpart: lp,
      ip: '192.0.2.25', host: 'mx.dest.example', msgid: `1abcde-00000${i}-AA`,
    })));
  });
  it('a backslash in an address is stored as Exim stores it (doubled: standard strings)', async () => {
    delivery(ctx, 'back\\slash@example.org', 'a\\b', '1abcde-000009-AA');
    expect(await beAsync(joined(PG_ACTION), ctx)).toBe(' ');
    expect(await beAsync("${lookup pgsql{select slocal || '|' || lpart from deliveries where msgid = '1abcde-000009-AA'}}", ctx))
      .toBe('back\\\\slash|a\\\\b');
  });
  it('another event does nothing', async () => {
    ctx.set('event_name', 'msg:rcpt:host:defer');
    expect(await beAsync(joined(PG_ACTION), ctx)).toBe('');
    expect(await beAsync('${lookup pgsql{select count(*) from deliveries}}', ctx)).toBe('3');
  });
});

describe('event_action with mysql (quote_mysql, a procedure)', () => {
  it('records each delivery; the CALL reports one row changed', async () => {
    for (const [i, [sender, lp]] of senders.entries()) {
      delivery(ctx, sender, lp, `1abcde-00000${i}-AA`);
      expect(await beAsync(MY_ACTION, ctx)).toBe('1 ');
    }
    delivery(ctx, 'back\\slash@example.org', 'a\\b', '1abcde-000009-AA');
    expect(await beAsync(MY_ACTION, ctx)).toBe('1 ');
    const m = await mysqlConnection();
    const [rows] = await m.query('select slocal, lpart from deliveries order by id');
    await m.end();
    expect(rows).toEqual([
      { slocal: 'plain.user', lpart: 'rcpt' },
      { slocal: "o'brien", lpart: "x'); drop table deliveries; --" },
      { slocal: 'back\\slash', lpart: 'a\\b' },
    ]);
  });
});
