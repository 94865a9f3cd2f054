// Real DNS servers on loopback for the DNS, SPF, DKIM and DMARC tests: unbound
// (scripts/services/start-dns.sh) serving test/dns/zones as the root zone, and
// one unbound per scenario of the RFC 7208 suite serving that scenario's zone
// data. The ports go to the tests as inject('dnsServers'); the servers are
// stopped by PID at the end.
import { freePort } from '../helpers/free-port.js';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadSuite, refusalConf } from '../dns/rfc7208-suite.js';

export interface DnsServers {
  /** test/dns/zones */
  main: number;
  /** RFC 7208 suite: one port per scenario, in the file's order */
  spf: number[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    dnsServers: DnsServers;
  }
}

const ROOT = new URL('../..', import.meta.url).pathname;
const START = join(ROOT, 'scripts/services/start-dns.sh');
const STOP = join(ROOT, 'scripts/services/stop-dns.sh');


export default async function setup(project: TestProject) {
  const base = mkdtempSync(join(tmpdir(), 'exim-ts-dns-'));
  const dirs: string[] = [];
  const start = async (dir: string) => {
    const port = await freePort();
    execFileSync('sh', [START, dir, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    dirs.push(dir);
    return port;
  };
  const stop = () => {
    for (const d of dirs) execFileSync('sh', [STOP, d]);
    rmSync(base, { recursive: true, force: true });
  };
  try {
    const main = join(base, 'main');
    mkdirSync(main);
    const zones = join(ROOT, 'test/dns/zones');
    for (const f of readdirSync(zones)) if (f.endsWith('.zone')) copyFileSync(join(zones, f), join(main, f));
    const servers: DnsServers = { main: await start(main), spf: [] };
    for (const [i, s] of loadSuite().entries()) {
      const dir = join(base, `spf${i}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'root.zone'), s.zone, 'latin1');
      writeFileSync(join(dir, 'extra.conf'), refusalConf(s));
      servers.spf.push(await start(dir));
    }
    project.provide('dnsServers', servers);
  } catch (e) {
    stop();
    throw e;
  }
  return stop;
}
