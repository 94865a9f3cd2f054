// Whole -be and -bem sessions against what exim 4.96 printed for the same input
// (recorded in test/fixtures; message ids and dates normalised).
import { describe, expect, it, beforeAll } from 'vitest';
import { spawn, spawnSync, execSync } from 'node:child_process';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../..');
const fx = join(root, 'test/fixtures');
const conf = join(fx, 'be/oracle.conf');

function run(args: string[], input: Buffer | string) {
  return spawnSync('node', [join(root, 'bin/exim-ts.cjs'), ...args], { input, cwd: '/tmp' });
}
const norm = (s: string) => s
  .replace(/[0-9A-Za-z]{6}-[0-9A-Za-z]{6}-[0-9A-Za-z]{2}/g, 'MSGID')
  .replace(/[A-Z][a-z]{2}, [0-9]{1,2} [A-Z][a-z]{2} [0-9]{4} [0-9:]{8} [-+][0-9]{4}/g, 'DATE');

beforeAll(() => {
  if (!existsSync(join(root, 'dist')) || process.env.EXIM_TS_REBUILD) execSync('npx tsc -p .', { cwd: root });
});

describe('-be session', () => {
  it('prints what exim prints, byte for byte (macros, continuations, long lines, NULs)', () => {
    const r = run(['-C', conf, '-be'], readFileSync(join(fx, 'be/session.txt')));
    expect(r.stdout.toString('latin1')).toBe(readFileSync(join(fx, 'be/session.exim.out'), 'latin1'));
  });
  it('reports a malformed macro definition on stderr with the config line count', () => {
    const r = run(['-C', conf, '-be'], 'Bad-macro\n');
    expect(r.stdout.toString()).toBe('> > \n');
    expect(r.stderr.toString()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d Exim configuration error in line \d+ of .*oracle.conf:\n  malformed macro definition\n$/);
  });
  it.each([
    [['-oMa', '192.0.2.1.1234', '-oMi', '10.0.0.1.25', '-oMr', 'esmtp', '-oMs', 'host.example', '-oMt', 'ident1', '-oMaa', 'plain', '-oMai', 'authid', '-oMas', 'as@x'],
      '[192.0.2.1][1234][host.example][][][][10.0.0.1][25][10.0.0.1][25][esmtp][ident1][as@x][authid][plain][root@oracle.example]'],
    [['-oMa', '[192.0.2.1]:99', '-oMi', '[::1]:26', '-oMt', ''],
      '[192.0.2.1][99][][][][][::1][26][::1][26][][][root@oracle.example][root][][root@oracle.example]'],
    [['-f', 'fr@x.y'], '[][0][][][][][][-1][][-1][][root][][][][fr@x.y]'],
    [['-f', 'fr'], '[][0][][][][][][-1][][-1][][root][][][][fr@oracle.example]'],
    [['-f', '<>'], '[][0][][][][][][-1][][-1][][root][][][][]'],
  ])('applies %j as exim -be does', (args, want) => {
    if (process.getuid?.() !== 0) return;
    const q = '[$sender_host_address][$sender_host_port][$sender_host_name][$sender_fullhost][$sender_rcvhost][$sender_helo_name][$received_ip_address][$received_port][$interface_address][$interface_port][$received_protocol][$sender_ident][$authenticated_sender][$authenticated_id][$sender_host_authenticated][$sender_address]\n';
    const r = run(['-C', conf, '-be', ...args], q);
    expect(r.stdout.toString()).toBe(`> ${want}\n> \n`);
  });
  it.each([
    [['-oMa', 'junk'], 'exim abandoned: "junk" is not an IP address\n'],
    [['-oMr'], 'exim: data expected after -oMr\n'],
    [['-oMh', 'x'], 'exim abandoned: unknown, malformed, or incomplete option -oMh\n'],
  ])('rejects %j', (args, err) => {
    const r = run(['-C', conf, '-be', ...args], '');
    expect(r.stderr.toString()).toBe(err);
    expect(r.status).toBe(1);
  });
});

describe('-be driven line by line (a terminal, or a program holding the pipe open)', () => {
  it('answers each line before the next is written, as exim does', async () => {
    const child = spawn('node', [join(root, 'bin/exim-ts.cjs'), '-C', conf, '-be'], { cwd: '/tmp' });
    let got = '';
    let changed = () => undefined as void;
    child.stdout.on('data', (d: Buffer) => { got += d.toString('latin1'); changed(); });
    const waitFor = (text: string) => new Promise<void>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`no ${JSON.stringify(text)} in ${JSON.stringify(got)}`)), 10_000);
      changed = () => { if (got.endsWith(text)) { clearTimeout(t); res(); } };
      changed();
    });
    await waitFor('> ');
    child.stdin.write('${uc:hello}\n');
    await waitFor('HELLO\n> ');
    // a continued line is answered once it is complete
    child.stdin.write('a\\\n');
    child.stdin.write('  b\n');
    await waitFor('ab\n> ');
    child.stdin.end();
    await new Promise((res) => child.on('close', res));
    expect(got).toBe('> HELLO\n> ab\n> \n');
  });
});

describe('-bem FILE', () => {
  const dir = join(fx, 'messages');
  const queries = readFileSync(join(dir, 'queries.txt'));
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.eml'))) {
    it(`reads ${f} as exim does`, () => {
      if (process.getuid?.() !== 0) return;
      const r = run(['-C', conf, '-bem', join(dir, f)], queries);
      expect(norm(r.stdout.toString('latin1'))).toBe(readFileSync(join(dir, f.replace(/\.eml$/, '.exim.out')), 'latin1'));
    });
  }
  it('opens a relative path from / as exim does', () => {
    const r = run(['-C', conf, '-bem', 'no-such.eml'], '');
    expect(r.stderr.toString()).toBe('exim: failed to open no-such.eml: No such file or directory\n');
    expect(r.status).toBe(1);
  });
});
