// -bh IP[.port]: an SMTP session from stdin as if from that host, replies on
// stdout and log lines ("LOG: ...") on stderr, exactly as exim -bh writes them.
// Nothing is kept.
import { fstatSync, readFileSync } from 'node:fs';
import type { LoadedConfig } from '../config/read-main.js';
import { aton, nmtoa } from '../lang/util/ip.js';
import { SmtpInput } from '../smtp/input.js';
import { SmtpSession, type Authenticator } from '../smtp/session.js';
import { runSession, SessionAbort } from '../smtp/smtp.js';
import { beContext, BeFailure, addressAndPort } from './be.js';
import { closeLookups, searchTidyup } from '../lookups/registry.js';
import type { EximArgs } from './exim-args.js';

export interface BhIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** feeds the client's side of the dialogue into the session's input; may return how to stop reading */
  feed: (input: SmtpInput) => (() => void) | void;
}

/** a whole dialogue given as text */
export const feedText = (text: string) => (input: SmtpInput): void => {
  input.push(text);
  input.end();
};

/**
 * stdin: a file is read whole (all of it is pending input, as select() says
 * of a file); a pipe or a terminal is read as it comes, so a program driving
 * the dialogue (swaks --pipe) gets each reply before it sends the next line.
 */
export function feedStdin(input: SmtpInput): () => void {
  let file = false;
  try { file = fstatSync(0).isFile(); } catch { /* no stdin: read as a stream, which ends at once */ }
  if (file) {
    feedText(readStdin())(input);
    return () => undefined;
  }
  const s = process.stdin;
  s.on('data', (b: Buffer) => input.push(b.toString('latin1')));
  s.on('end', () => input.end());
  s.on('error', () => input.end());
  return () => { s.destroy(); };
}

/** the authenticators of the config, as the SMTP engine offers them */
export function authenticatorsOf(cfg: LoadedConfig): Authenticator[] {
  return (cfg.drivers ?? []).filter((d) => d.kind === 'authenticator').map((d) => ({
    name: d.name,
    driver: d.options.get('driver') ?? '',
    publicName: d.options.get('public_name') ?? d.name,
    server: d.options.has('server_condition') || d.options.has('server_set_id'),
    advertiseCondition: d.options.get('server_advertise_condition'),
    advertised: false,
    options: d.options,
  }));
}

/** The context of an SMTP session from a remote client: config, services, the client's address (canonical) and port. */
export function clientContext(cfg: LoadedConfig, configFile: string, address: string, port: number, args: Partial<EximArgs> = {}) {
  const ctx = beContext(cfg, configFile, { ...args, oM: new Map([...(args.oM ?? []), ['t', '']]) });
  // not a local submission: no caller as sender or authenticated id, no ident
  for (const v of ['sender_address', 'authenticated_id', 'authenticated_sender', 'sender_ident']) ctx.unset(v);
  ctx.enableDollarRecipients = false;
  // IPv6 in full, as Exim prints it
  ctx.setSenderHost(nmtoa(aton(address), -1, ':'), port);
  return ctx;
}

export async function runBh(cfg: LoadedConfig, configFile: string, host: string, args: Partial<EximArgs>, io: BhIo): Promise<number> {
  const hp = addressAndPort(host);
  if (!hp) throw new BeFailure(`exim abandoned: "${host}" is not an IP address`);
  const ctx = clientContext(cfg, configFile, hp.address, hp.port, args);
  const address = ctx.values.get('sender_host_address')!;
  io.out(`\n**** SMTP testing session as if from host ${address}\n**** but without any ident (RFC 1413) callback.\n**** This is not for real!\n\n`);
  const input = new SmtpInput();
  const stop = io.feed(input);
  const session = new SmtpSession(ctx, input, io.out, {
    hostChecking: true,
    onLog: (l) => io.err(`LOG: ${l.text}\n`),
    onNote: (t) => io.out(t),
    configLines: configFile ? lineCount(configFile) : undefined,
    onReset: () => searchTidyup(ctx.lookups),
    onTrace: (t, indent) => {
      // continuation lines of a multi-line value get the same prefix (debug_vprintf)
      const prefix = `>>> ${traceIndent(indent)}`;
      io.err(`${prefix}${t.replace(/\n/g, `\n${prefix}`)}\n`);
    },
  });
  session.authenticators = authenticatorsOf(cfg);
  // exim.c checks this before the session: it only decides whether "SMTP connection from" is logged
  if ((await session.hostIn('hosts_connection_nolog')) === 'ok') session.log.selectors.delete('smtp_connection');
  try {
    await runSession(session);
    await closeLookups(ctx.lookups);
  } catch (e) {
    if (e instanceof SessionAbort) { io.err(`LOG: ${e.message}\n`); return 1; }
    throw e;
  } finally {
    // the session is over (QUIT): what the client still sends is not read
    stop?.();
  }
  return 0;
}

/** UTF8_VERT_2DASH as bytes (output is a byte string) */
const VERT_2DASH = Buffer.from('\u254e', 'utf8').toString('latin1');

/** debug_vprintf()'s indentation: a bar every four levels, then spaces */
function traceIndent(n: number): string {
  if (n <= 0) return '';
  return `   ${VERT_2DASH}`.repeat(n >> 2) + ' '.repeat(n & 3);
}

function lineCount(file: string): number | undefined {
  try { return (readFileSync(file, 'latin1').match(/\n/g) ?? []).length; } catch { return undefined; }
}

const readStdin = () => { try { return readFileSync(0).toString('latin1'); } catch { return ''; } };
