// exim-ts replay as a command: the example sessions through the example
// config, --format json, --compare with its exit status, bad input lines,
// usage errors, and --from-exim-log records replayed through the config
// whose log they came from.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { replayMain } from '../../src/cli/replay.js';
import { main } from '../../src/cli/main.js';

const root = resolve(__dirname, '../..');
const conf = join(root, 'examples/example.conf');
const sessions = join(root, 'examples/sessions.jsonl');
const tmp = mkdtempSync(join(tmpdir(), 'exim-ts-replay-'));

async function replay(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await replayMain(argv, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  return { code, out, err };
}

const jsonLines = (s: string) => s.split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('exim-ts replay', () => {
  it('replays the example sessions: a verdict per recipient with the deciding statement, then the summary', async () => {
    const r = await replay('-C', conf, '--format', 'json', sessions);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const all = jsonLines(r.out);
    const byId = new Map(all.filter((o) => o.type === 'session').map((o) => [o.id, o]));
    expect(byId.size).toBeGreaterThanOrEqual(30);
    const verdicts = (id: string) => byId.get(id).recipients.map((x: any) => `${x.address} ${x.verdict} ${x.code} ${x.stage} ${x.decision ? `${x.decision.verb}:${x.decision.line}` : '-'}`);
    expect.soft(verdicts('plain-accepted')).toEqual(['alice@example.com accepted 250 DATA accept:89']);
    expect.soft(verdicts('relay-denied')).toEqual(['someone@elsewhere.example rejected 550 RCPT require:60']);
    expect.soft(verdicts('spf-fail-recorded')).toEqual(['bob@example.com rejected 550 MAIL deny:48']);
    expect.soft(verdicts('spf-fail-from-dns')).toEqual(['carol@example.com rejected 550 MAIL deny:48']);
    expect.soft(verdicts('submission-without-tls')).toEqual(['bob@example.com rejected 530 MAIL deny:43']);
    expect.soft(verdicts('submission-with-tls')).toEqual(['bob@example.com accepted 250 DATA accept:89']);
    expect.soft(verdicts('blackhole-discarded')).toEqual(['blackhole@example.com discarded 250 RCPT discard:66']);
    expect.soft(verdicts('mixed-recipients')).toEqual([
      'alice@example.com accepted 250 DATA accept:89', 'nobody@example.com rejected 550 RCPT deny:73',
      'busy@example.com deferred 451 RCPT defer:64', 'carol@example.com accepted 250 DATA accept:89']);
    expect.soft(verdicts('ratelimit-still-limited')).toEqual(['alice@example.com rejected 550 RCPT deny:62']);
    expect.soft(verdicts('lottery-rejected-after-data')).toEqual(['bob@example.com rejected 550 DATA deny:85']);
    expect.soft(verdicts('lost-connection')).toEqual(['alice@example.com deferred 421 DATA -']);
    expect.soft(byId.get('dnsbl-listed').steps[0]).toEqual({ command: '<connect>', reply: ['550 203.0.113.9 is listed at bl.example.net'],
      decision: { acl: 'ACL "acl_check_connect"', verb: 'deny', file: 'examples/example.conf', line: 30 } });
    expect.soft(byId.get('dnsbl-listed').connection).toBe('rejected');
    const summary = all.find((o) => o.type === 'summary');
    expect(summary.sessions).toBe(byId.size);
    expect(summary.recipients).toEqual({ accepted: 21, rejected: 29, deferred: 3, discarded: 1 });
    expect(summary.statements.find((s: any) => s.statement === 'defer examples/example.conf:64').counts).toEqual({ accepted: 0, rejected: 0, deferred: 2, discarded: 0 });
  });

  it('gives the same answers every time (recorded DNS, fixed clock and message ids)', async () => {
    const a = await replay('-C', conf, sessions);
    const b = await replay('-C', conf, sessions);
    expect(a.out).toBe(b.out);
    expect(a.out).toMatch(/^session plain-accepted \(.*examples\/sessions\.jsonl:1\) from 198\.51\.100\.20\n  <connect>\n      220 mail\.example\.com ESMTP Exim 4\.96 Sun, 29 Nov 2026 09:01:37 \+0000   \[accept examples\/example\.conf:32 in ACL "acl_check_connect"\]\n/);
    expect(a.out).toMatch(/\nACL "acl_check_rcpt" +\d+ +\d+ +2 +1\n/);
  });

  it('--compare: only the sessions that differ, each side with its statement; exit 1', async () => {
    const other = join(tmp, 'other.conf');
    // the other config lets "busy" through and no longer discards
    writeFileSync(other, readFileSync(conf, 'latin1').replace('  defer   local_parts = busy\n', '  defer   local_parts = nobody-at-all\n')
      .replace('  discard local_parts = blackhole\n', '  deny    local_parts = blackhole\n'), 'latin1');
    const r = await replay('-C', conf, '--compare', other, sessions);
    expect(r.code).toBe(1);
    const ids = [...r.out.matchAll(/^session (\S+)/gm)].map((m) => m[1]);
    expect(ids).toEqual(['mailbox-busy', 'blackhole-discarded', 'mixed-recipients']);
    expect(r.out).toContain('  recipient <busy@example.com>:\n    - deferred 451 at RCPT (defer examples/example.conf:64 in ACL "acl_check_rcpt")\n    + rejected 550 at RCPT (deny ');
    expect(r.out).toMatch(/3 of 34 sessions differ between examples\/example\.conf and .*other\.conf\n$/);
    const same = await replay('-C', conf, '--compare', conf, '--format', 'json', sessions);
    expect(same.code).toBe(0);
    expect(jsonLines(same.out)).toEqual([{ type: 'compare', sessions: 34, differing: 0 }]);
  });

  it('reports bad lines with file:line and goes on with the others', async () => {
    const f = join(tmp, 'bad.jsonl');
    const good = readFileSync(sessions, 'utf8').split('\n')[0];
    writeFileSync(f, [good, '{"client": {"ip": "192.0.2.1"}, "dialogue": ["QUIT"], "colour": 1}', '{oops', good.replace('"plain-accepted"', '"again"'),
      '{"client": {"ip": "192.0.2.1"}, "dialogue": ["QUIT"], "dns": "bad. IN A"}'].join('\n'));
    const r = await replay('-C', conf, '--summary', f);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toEqual([`${f}:2: record.colour: unknown field`, expect.stringMatching(new RegExp(`^${f}:3: malformed JSON: `)),
      expect.stringMatching(new RegExp(`^${f}:5: session line-5: `)), '']);
    expect(r.out).toMatch(/^5 sessions, 3 not replayed\n/);
    expect(r.out).toMatch(/\nrecipients +2 +0 +0 +0\n/);
  });

  it.each([
    [['replay', 'x.jsonl'], 'exim-ts replay: -C CONF is required'],
    [['replay', '-C', conf], 'exim-ts replay: no sessions file given'],
    [['replay', '-C', conf, '--format', 'xml', sessions], 'exim-ts replay: unknown format "xml" (text or json)'],
    [['replay', '-C', conf, '--frobnicate', sessions], 'exim-ts replay: unknown option --frobnicate'],
    [['replay', '-C', conf, join(tmp, 'missing.jsonl')], `exim-ts replay: cannot read ${join(tmp, 'missing.jsonl')}: ENOENT`],
  ])('usage error %j: exit 2', async (argv, message) => {
    let err = '';
    const w = process.stderr.write;
    process.stderr.write = ((s: string) => { err += s; return true; }) as typeof w;
    try {
      expect(await main(argv)).toBe(2);
    } finally {
      process.stderr.write = w;
    }
    expect(err.startsWith(message)).toBe(true);
  });

  it('--from-exim-log: records from a main log replay through the config that wrote it', async () => {
    const bh = resolve(root, 'spec/bh/configs');
    mkdirSync('/tmp/exim-ts-bh/files', { recursive: true });
    for (const f of readdirSync(`${bh}/files`)) copyFileSync(`${bh}/files/${f}`, `/tmp/exim-ts-bh/files/${f}`);
    const out = join(tmp, 'from-log.jsonl');
    const made = await replay('--from-exim-log', join(root, 'test/fixtures/replay/mainlog'), '-o', out);
    expect(made.code).toBe(0);
    expect(made.err).toBe(`11 session records from ${join(root, 'test/fixtures/replay/mainlog')} (6 log lines not used)\n`);
    const r = await replay('-C', `${bh}/policy.conf`, '--format', 'json', out);
    expect(r.code).toBe(0);
    const got = Object.fromEntries(jsonLines(r.out).filter((o) => o.type === 'session')
      .map((o) => [o.id, o.recipients.length ? o.recipients.map((x: any) => `${x.verdict} ${x.code} ${x.stage}`).join(', ') : `connection ${o.connection}`]));
    // what the log says happened, happens again
    expect(got).toMatchObject({
      'rcpt-2': 'rejected 550 RCPT', 'mail-3': 'connection accepted', 'connect-4': 'connection rejected',
      'helo-6': 'connection accepted', 'rcpt-7': 'deferred 451 RCPT', 'msg-1': 'accepted 250 DATA',
    });
    const mail3 = jsonLines(r.out).find((o) => o.id === 'mail-3');
    expect(mail3.steps.find((s: any) => s.command.startsWith('MAIL')).reply).toEqual(['550 sender domain spam.example is blocked']);
    const helo6 = jsonLines(r.out).find((o) => o.id === 'helo-6');
    expect(helo6.steps[1]).toMatchObject({ command: 'EHLO mx.example.test', reply: ['550 you are not me'] });
  });

  it('--jobs 2: the same results in the same order, from two processes (on the built CLI)', async () => {
    const bh = resolve(root, 'spec/bh');
    const vectors = readFileSync(`${bh}/vectors.jsonl`, 'latin1').split('\n').filter(Boolean).map((l) => JSON.parse(l))
      .filter((v) => v.config === 'policy' && !v.args.length && v.input.endsWith('\r\n') && !/[^\x20-\x7e\r\n\t]/.test(v.input));
    const f = join(tmp, 'policy.jsonl');
    writeFileSync(f, vectors.map((v, i) => JSON.stringify({ id: v.session, timestamp: 1_800_000_000 + i, client: { ip: v.ip }, dialogue: v.input.slice(0, -2).split('\r\n') })).join('\n'));
    const self = [process.execPath, join(root, 'bin/exim-ts.cjs')];
    const run = async (...argv: string[]) => {
      let out = '';
      const code = await replayMain(argv, { out: (s) => { out += s; }, err: () => undefined, self });
      return { code, out };
    };
    const one = await run('-C', `${bh}/configs/policy.conf`, '--format', 'json', f);
    const two = await run('-C', `${bh}/configs/policy.conf`, '--format', 'json', '--jobs', '2', f);
    expect(one.code).toBe(0);
    expect(jsonLines(one.out).length).toBe(vectors.length + 1);
    expect(two).toEqual(one);
    const sum = await run('-C', `${bh}/configs/policy.conf`, '--summary', '-j', '3', f);
    expect(sum.out).toBe((await run('-C', `${bh}/configs/policy.conf`, '--summary', f)).out);
  });
});
