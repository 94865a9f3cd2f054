// bin/exim-ts.cjs's start line: node starts without NODE_EXTRA_CA_CERTS (it
// would read the file at once) and with malloc tunables; the run puts the
// user's environment back, and TLS clients still trust the extra
// certificates. Real certificates (openssl) and a real TLS server on loopback.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { deferredExtraCa } from '../../../src/lang/util/extra-ca.js';
import { adoptStartEnv } from '../../../src/lang/util/start-env.js';
import { nodeTls } from '../../../src/lang/util/builtins.js';

const root = resolve(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'exim-ts-ca-'));
const ca = join(dir, 'ca.pem');
let server: tls.Server;
const accepted = new Set<import('node:net').Socket>();
let port = 0;

beforeAll(async () => {
  const ssl = (...a: string[]) => execFileSync('openssl', a, { cwd: dir, stdio: 'pipe' });
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=exim-ts test CA');
  ssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'srv.key', '-out', 'srv.csr', '-subj', '/CN=localhost');
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:localhost\n');
  ssl('x509', '-req', '-in', 'srv.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'srv.pem', '-days', '2', '-extfile', 'ext.cnf');
  server = tls.createServer({ key: readFileSync(join(dir, 'srv.key')), cert: readFileSync(join(dir, 'srv.pem')) }, (s) => s.end('hello\n'));
  // every connection is ended in afterAll: one whose handshake the client refused would keep the worker alive
  server.on('connection', (s) => { accepted.add(s); s.on('close', () => accepted.delete(s)); });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => {
  for (const s of accepted) s.destroy();
  server?.close();
});

/** connects with node:tls's defaults (verification on): true when the peer's chain was trusted */
function verifies(t: typeof tls): Promise<boolean | string> {
  return new Promise((res) => {
    const s = t.connect({ host: '127.0.0.1', port, servername: 'localhost' }, () => { res(s.authorized); s.destroy(); });
    s.on('error', (e: NodeJS.ErrnoException) => res(e.code ?? e.message));
  });
}

describe('the start line\'s environment', () => {
  it('the start line hands the variables over: node does not read the CA file at start-up, the run sees the environment the user gave', () => {
    const conf = join(dir, 'env.conf');
    writeFileSync(conf, 'keep_environment = NODE_EXTRA_CA_CERTS : EXIM_TS_EXTRA_CA_CERTS : GLIBC_TUNABLES : EXIM_TS_GLIBC_TUNABLES\n');
    const input = [
      '${env{NODE_EXTRA_CA_CERTS}{[$value]}{unset}}',
      '${env{GLIBC_TUNABLES}{[$value]}{unset}}',
      '${env{EXIM_TS_EXTRA_CA_CERTS}{set}{unset}} ${env{EXIM_TS_GLIBC_TUNABLES}{set}{unset}}',
      '${run{/usr/bin/env}{${if match{$value}{(?m)^EXIM_TS_}{leaked}{clean}} ${if match{$value}{(?m)^GLIBC_TUNABLES=(.*)}{[$1]}{unset}}}}',
    ].join('\n') + '\n';
    // a space in the path: the start line must carry the value whole
    const missing = join(dir, 'no such bundle.pem');
    // run as the installed command runs: through the file's own first line
    const bin = (env: NodeJS.ProcessEnv) => spawnSync(join(root, 'bin/exim-ts.cjs'), ['-C', conf, '-be'], { input, env });
    const base = { ...process.env };
    delete base.NODE_EXTRA_CA_CERTS;
    delete base.GLIBC_TUNABLES;
    const r = bin({ ...base, NODE_EXTRA_CA_CERTS: missing, GLIBC_TUNABLES: 'glibc.malloc.check=0' });
    expect(r.stdout.toString()).toBe(`> [${missing}]\n> [glibc.malloc.check=0]\n> unset unset\n> clean [glibc.malloc.check=0]\n> \n`);
    // node itself, given the variable, warns about the missing file as it starts
    expect(r.stderr.toString()).toBe('');
    const direct = spawnSync('node', [join(root, 'bin/exim-ts.cjs'), '-C', conf, '-be'], { input, env: { ...base, NODE_EXTRA_CA_CERTS: missing } });
    expect(direct.stderr.toString()).toMatch(/Ignoring extra certs from/);
    // unset stays unset
    const u = bin(base);
    expect(u.stdout.toString()).toBe('> unset\n> unset\n> unset unset\n> clean unset\n> \n');
  });

  it('TLS through node:tls trusts the deferred certificates, and only once they are handed over', async () => {
    // this process's own NODE_EXTRA_CA_CERTS (if any) does not hold the test CA
    expect(await verifies(tls)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(deferredExtraCa()).toBeUndefined();
    const env: NodeJS.ProcessEnv = { EXIM_TS_EXTRA_CA_CERTS: ca, EXIM_TS_GLIBC_TUNABLES: '', GLIBC_TUNABLES: 'glibc.malloc.trim_threshold=67108864:' };
    adoptStartEnv(env);
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
