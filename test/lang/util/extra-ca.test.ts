// NODE_EXTRA_CA_CERTS left for later: bin/exim-ts.cjs starts node without it
// (node would read the file at once), the run puts it back, and TLS clients
// still trust its certificates. Real certificates (openssl) and a real TLS
// server on loopback.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { adoptHandedExtraCa, deferredExtraCa } from '../../../src/lang/util/extra-ca.js';
import { nodeTls } from '../../../src/lang/util/builtins.js';

const root = resolve(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'exim-ts-ca-'));
const ca = join(dir, 'ca.pem');
let server: tls.Server;
let port = 0;

beforeAll(async () => {
  const ssl = (...a: string[]) => execFileSync('openssl', a, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=exim-ts test CA');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost\n');
  ssl('x509', '-req', '-in', 'srv.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'srv.pem', '-days', '2', '-extfile', 'ext.cnf');
  server = tls.createServer({ key: readFileSync(join(dir, 'srv.key')), cert: readFileSync(join(dir, 'srv.pem')) }, (s) => s.end('hello\n'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => { server?.close(); });

/** connects with node:tls's defaults (verification on): true when the peer's chain was trusted */
function verifies(t: typeof tls): Promise<boolean | string> {
  return new Promise((res) => {
    const s = t.connect({ host: '127.0.0.1', port, servername: 'localhost' }, () => { res(s.authorized); s.destroy(); });
    s.on('error', (e: NodeJS.ErrnoException) => res(e.code ?? e.message));
  });
}

describe('NODE_EXTRA_CA_CERTS read when TLS needs it', () => {
  it('the start line hands the variable over: node does not read it at start-up, the run sees it under its own name', () => {
    const conf = join(dir, 'env.conf');
    writeFileSync(conf, 'keep_environment = NODE_EXTRA_CA_CERTS : EXIM_TS_EXTRA_CA_CERTS\n');
    const input = '${env{NODE_EXTRA_CA_CERTS}}\n${env{EXIM_TS_EXTRA_CA_CERTS}{set}{unset}}\n${run{/usr/bin/env}{${if match{$value}{(?m)^EXIM_TS_}{leaked}{clean}}}}\n';
    const missing = join(dir, 'no-such-bundle.pem');
    // run as the installed command runs: through the file's own first line
    const r = spawnSync(join(root, 'bin/exim-ts.cjs'), ['-C', conf, '-be'], { input, env: { ...process.env, NODE_EXTRA_CA_CERTS: missing } });
    expect(r.stdout.toString()).toBe(`> ${missing}\n> unset\n> clean\n> \n`);
    // node itself, given the variable, warns about the missing file as it starts
    expect(r.stderr.toString()).toBe('');
    const direct = spawnSync('node', [join(root, 'bin/exim-ts.cjs'), '-C', conf, '-be'], { input, env: { ...process.env, NODE_EXTRA_CA_CERTS: missing } });
    expect(direct.stderr.toString()).toMatch(/Ignoring extra certs from/);
    // unset stays unset
    const env = { ...process.env };
    delete env.NODE_EXTRA_CA_CERTS;
    const u = spawnSync(join(root, 'bin/exim-ts.cjs'), ['-C', conf, '-be'], { input, env });
    expect(u.stdout.toString()).toBe('> \n> unset\n> clean\n> \n');
  });

  it('TLS through node:tls trusts the deferred certificates, and only once they are handed over', async () => {
    // this process's own NODE_EXTRA_CA_CERTS (if any) does not hold the test CA
    expect(await verifies(tls)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(deferredExtraCa()).toBeUndefined();
    const env: NodeJS.ProcessEnv = { EXIM_TS_EXTRA_CA_CERTS: ca };
    adoptHandedExtraCa(env);
    expect(env).toEqual({ NODE_EXTRA_CA_CERTS: ca });
    expect(deferredExtraCa()).toBe(ca);
    expect(await verifies(nodeTls())).toBe(true);
    // a context given its own CAs keeps them: the deferred ones are a default, as node's are
    const own = nodeTls().createSecureContext({ ca: tls.rootCertificates.slice(0, 1) });
    const r = await new Promise((res) => {
      const s = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', secureContext: own }, () => { res(s.authorized); s.destroy(); });
      s.on('error', (e: NodeJS.ErrnoException) => res(e.code));
    });
    expect(r).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });
});
