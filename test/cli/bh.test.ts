// exim-ts -bh on the command line: what Exim prints for bad arguments (never a
// stack trace), and a session from stdin (the corpus test covers the details).
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const bin = resolve(__dirname, '../../bin/exim-ts.cjs');
const conf = resolve(__dirname, '../../spec/bh/configs/minimal.conf');
const run = (args: string[], input = '') => spawnSync('node', [bin, ...args], { input, cwd: '/tmp' });

describe('exim-ts -bh', () => {
  it('refuses an argument that is not an IP address as exim does', () => {
    const r = run(['-C', conf, '-bh', 'notanip']);
    expect([r.status, r.stdout.toString(), r.stderr.toString()]).toEqual([1, '', 'exim abandoned: "notanip" is not an IP address\n']);
  });
  it('runs a session from stdin: the banner, the replies, the LOG: lines', () => {
    const r = run(['-C', conf, '-bh', '192.0.2.1'], 'HELO client.example\r\nQUIT\r\n');
    const out = r.stdout.toString();
    expect(r.status).toBe(0);
    expect(out.startsWith('\n**** SMTP testing session as if from host 192.0.2.1\n')).toBe(true);
    expect(out).toMatch(/\r\n250 mx\.example\.test Hello client\.example \[192\.0\.2\.1\]\r\n221 mx\.example\.test closing connection\r\n$/);
    expect(r.stderr.toString()).toContain('>>> host in hosts_connection_nolog? no (option unset)\n');
  });
  it('answers each command before the client sends the next, and ends at QUIT with stdin still open (swaks --pipe)', async () => {
    const child = spawn('node', [bin, '-C', conf, '-bh', '192.0.2.1'], { cwd: '/tmp' });
    let got = '';
    let changed = () => undefined as void;
    child.stdout.on('data', (d: Buffer) => { got += d.toString('latin1'); changed(); });
    const waitFor = (re: RegExp) => new Promise<void>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`no ${re} in ${JSON.stringify(got)}`)), 10_000);
      changed = () => { if (re.test(got)) { clearTimeout(t); res(); } };
      changed();
    });
    await waitFor(/^220 .*\r\n$/m);
    child.stdin.write('HELO client.example\r\n');
    await waitFor(/250 mx\.example\.test Hello client\.example \[192\.0\.2\.1\]\r\n$/);
    child.stdin.write('QUIT\r\n');
    // stdin stays open: the session ends on QUIT, as exim's does
    const code = await new Promise((res) => child.on('exit', res));
    expect(code).toBe(0);
    expect(got).toMatch(/221 mx\.example\.test closing connection\r\n$/);
    child.stdin.destroy();
  });
});
