// Exim-style command-line flags (-C, -D, -be, -bem, -f, -oMa, ...).
export interface EximArgs {
  config?: string;
  defines: { name: string; value: string }[];
  /** -be, -bem FILE */
  mode?: 'be' | 'bV' | 'bP' | 'bh';
  messageFile?: string;
  sender?: string;
  /** -oMa, -oMaa, -oMai, -oMas, -oMi, -oMr, -oMs, -oMt: keyed by the letters after -oM */
  oM: Map<string, string>;
  /** -i, -oi, -oitrue: a line of "." does not end a message */
  dotEnds: boolean;
  /** --dns-server HOST[:PORT] and --dns-zone FILE (repeatable): where DNS answers come from */
  dnsServers: string[];
  dnsZones: string[];
  rest: string[];
}

export class UsageError extends Error {
  constructor(message: string, readonly exitCode = 2) { super(message); }
}

const OM_KEYS = new Set(['a', 'aa', 'ai', 'as', 'i', 'r', 's', 't']);

export function parseEximArgs(argv: string[]): EximArgs {
  const a: EximArgs = { defines: [], oM: new Map(), dotEnds: true, dnsServers: [], dnsZones: [], rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    const value = (flag: string) => {
      const inline = x.slice(flag.length);
      if (inline) return inline;
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`exim: string expected after ${flag}`);
      return v;
    };
    if (x === '--') { a.rest.push(...argv.slice(i + 1)); break; }
    if (x === '--dns-server' || x === '--dns-zone') {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`exim-ts: ${x} needs a value`);
      (x === '--dns-server' ? a.dnsServers : a.dnsZones).push(v);
      continue;
    }
    if (x.startsWith('--dns-server=')) { a.dnsServers.push(x.slice(13)); continue; }
    if (x.startsWith('--dns-zone=')) { a.dnsZones.push(x.slice(11)); continue; }
    if (x.startsWith('-C')) a.config = value('-C');
    else if (x.startsWith('-D')) {
      const d = x.slice(2) || argv[++i] || '';
      const eq = d.indexOf('=');
      a.defines.push(eq < 0 ? { name: d, value: '' } : { name: d.slice(0, eq), value: d.slice(eq + 1) });
    } else if (x === '-be') a.mode = 'be';
    else if (x === '-bem') { a.mode = 'be'; a.messageFile = value('-bem'); }
    else if (x === '-bV') a.mode = 'bV';
    else if (x === '-bP') a.mode = 'bP';
    else if (x === '-bh') a.mode = 'bh';
    else if (x === '-i' || x === '-oi' || x === '-oitrue') a.dotEnds = false;
    else if (x.startsWith('-oM')) {
      const k = x.slice(3);
      if (!OM_KEYS.has(k)) throw new UsageError(`exim abandoned: unknown, malformed, or incomplete option ${x}`, 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`exim: data expected after ${x}`, 1);
      a.oM.set(k, v);
    } else if (x.startsWith('-f')) a.sender = value('-f');
    else if (x.startsWith('-')) throw new UsageError(`exim: unknown, malformed, or incomplete option ${x}`);
    else a.rest.push(x);
  }
  return a;
}
