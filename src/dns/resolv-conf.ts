// The system resolver's servers and tuning, read from resolv.conf the way the
// C library reads it: "nameserver" lines (at most three), "options timeout:N
// attempts:N".
import { readFileSync } from 'node:fs';

export interface DnsServer {
  host: string;
  port: number;
}

export interface ResolvConf {
  servers: DnsServer[];
  /** seconds per try */
  timeout: number;
  attempts: number;
}

const MAXNS = 3;

export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { servers: [], timeout: 5, attempts: 2 };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#;].*$/, '').trim();
    const [key, ...rest] = line.split(/\s+/);
    if (key === 'nameserver' && rest[0] && conf.servers.length < MAXNS) {
      conf.servers.push({ host: rest[0].replace(/%.*$/, ''), port: 53 });
    } else if (key === 'options') {
      for (const o of rest) {
        const m = /^(timeout|attempts):(\d+)$/.exec(o);
        if (m) conf[m[1] as 'timeout' | 'attempts'] = Math.max(1, Number(m[2]));
      }
    }
  }
  // no nameserver line: the local host, as the C library assumes
  if (conf.servers.length === 0) conf.servers.push({ host: '127.0.0.1', port: 53 });
  return conf;
}

export function readResolvConf(file = '/etc/resolv.conf'): ResolvConf {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // missing file: the defaults
  }
  return parseResolvConf(text);
}

/** "HOST", "HOST:PORT", "[V6]:PORT" or a bare IPv6 address */
export function parseServer(spec: string): DnsServer {
  let m = /^\[([^\]]+)\](?::(\d+))?$/.exec(spec);
  if (m) return { host: m[1]!, port: m[2] ? Number(m[2]) : 53 };
  m = /^([^:]+):(\d+)$/.exec(spec);
  if (m) return { host: m[1]!, port: Number(m[2]) };
  return { host: spec, port: 53 };
}
