// exim-ts replay -C CONF [--compare OTHER.conf] [--format text|json] [--summary] [--dns-zone FILE]... [-D NAME=VALUE]... SESSIONS.jsonl...
// exim-ts replay --from-exim-log MAINLOG [-o OUT.jsonl]
// Replays recorded sessions through a config in one process (src/replay).
// Exit 0; 1 when a line could not be replayed or, with --compare, when any
// session's outcome differs; 2 on usage errors.
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { loadConfig, type LoadedConfig } from '../config/read-main.js';
import { Replayer } from '../replay/run.js';
import { readSessions, type SessionLine } from '../replay/record.js';
import type { SessionOutcome } from '../replay/outcome.js';
import { SummaryBuilder, summaryText, statementText } from '../replay/summary.js';
import { compareOutcomes, type Difference } from '../replay/compare.js';
import { sessionsFromEximLog } from '../replay/from-exim-log.js';
import { beContext } from './be.js';
import { authenticatorsOf } from './bh.js';
import { UsageError } from './exim-args.js';

const USAGE = 'usage: exim-ts replay -C CONF [--compare OTHER.conf] [--format text|json] [--summary] [--jobs N] [--dns-zone FILE]... [-D NAME=VALUE]... SESSIONS.jsonl...\n'
  + '       exim-ts replay --from-exim-log MAINLOG [-o OUT.jsonl]\n';

export interface ReplayIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** stderr is a terminal: show a progress bar */
  tty?: boolean;
  readFile?: (path: string) => string;
  /** how to start this command again (--jobs): node and the script; default this process's */
  self?: string[];
}

/** one line's result: why it could not be read, or its outcome under each config */
type Item = { file: string; line: number; error: string }
  | { file: string; line: number; left: SessionOutcome; right?: SessionOutcome };


interface ReplayArgs {
  config?: string;
  compare?: string;
  format: 'text' | 'json';
  summaryOnly: boolean;
  zones: string[];
  defines: { name: string; value: string }[];
  files: string[];
  fromLog?: string;
  output?: string;
  /** processes to replay in (lines shared out round robin) */
  jobs: number;
  /** "K/N": this process replays every Nth line from the Kth and writes its results as JSON lines for the parent */
  shard?: { k: number; n: number };
}

function parseArgs(argv: string[]): ReplayArgs {
  const a: ReplayArgs = { format: 'text', summaryOnly: false, zones: [], defines: [], files: [], jobs: 1 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`exim-ts replay: ${arg} needs a value\n${USAGE}`, 2);
      return v;
    };
    if (arg === '-C') a.config = next();
    else if (arg === '--compare') a.compare = next();
    else if (arg === '--format' || arg.startsWith('--format=')) {
      const f = arg === '--format' ? next() : arg.slice(9);
      if (f !== 'text' && f !== 'json') throw new UsageError(`exim-ts replay: unknown format "${f}" (text or json)`, 2);
      a.format = f;
    } else if (arg === '--summary') a.summaryOnly = true;
    else if (arg === '--dns-zone') a.zones.push(next());
    else if (arg === '--from-exim-log') a.fromLog = next();
    else if (arg === '-o') a.output = next();
    else if (arg === '--jobs' || arg === '-j') {
      const v = next();
      if (!/^[1-9]\d{0,2}$/.test(v)) throw new UsageError(`exim-ts replay: --jobs needs a number from 1 to 999, not "${v}"`, 2);
      a.jobs = Number(v);
    } else if (arg === '--shard') {
      const m = /^(\d+)\/(\d+)$/.exec(next());
      if (!m || Number(m[1]) >= Number(m[2])) throw new UsageError('exim-ts replay: --shard K/N with K < N', 2);
      a.shard = { k: Number(m[1]), n: Number(m[2]) };
    }
    else if (arg.startsWith('-D')) {
      const d = arg.length > 2 ? arg.slice(2) : next();
      const eq = d.indexOf('=');
      a.defines.push({ name: eq < 0 ? d : d.slice(0, eq), value: eq < 0 ? '' : d.slice(eq + 1) });
    } else if (arg === '-h' || arg === '--help') throw new UsageError(USAGE.trimEnd(), 0);
    else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`exim-ts replay: unknown option ${arg}\n${USAGE}`, 2);
    else a.files.push(arg);
  }
  return a;
}

/** a replayer for a config, starting each session where -bh does */
export function replayerFor(cfg: LoadedConfig, configFile: string, zoneFiles: string[] = []): Replayer {
  const template = beContext(cfg, configFile, { oM: new Map([['t', '']]) });
  for (const v of ['sender_address', 'authenticated_id', 'authenticated_sender', 'sender_ident']) template.unset(v);
  return new Replayer({ cfg, template, authenticators: authenticatorsOf(cfg), zoneFiles });
}

const rel = (f: string) => {
  const r = relative(process.cwd(), f);
  return r.startsWith('..') ? f : r;
};

export async function replayMain(argv: string[], io: ReplayIo): Promise<number> {
  const a = parseArgs(argv);
  const read = io.readFile ?? ((p: string) => readFileSync(p === '-' ? 0 : p, 'utf8'));
  if (a.fromLog !== undefined) {
    const { records, skipped } = sessionsFromEximLog(read(a.fromLog));
    const text = records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '');
    if (a.output) writeFileSync(a.output, text);
    else io.out(text);
    io.err(`${records.length} session records from ${a.fromLog}${skipped ? ` (${skipped} log lines not used)` : ''}\n`);
    return 0;
  }
  if (!a.config) throw new UsageError(`exim-ts replay: -C CONF is required\n${USAGE}`, 2);
  if (!a.files.length) throw new UsageError(`exim-ts replay: no sessions file given\n${USAGE}`, 2);

  const lines: { file: string; l: SessionLine }[] = [];
  for (const f of a.files) {
    let text: string;
    try {
      text = read(f);
    } catch (e) {
      throw new UsageError(`exim-ts replay: cannot read ${f}: ${(e as { code?: string }).code ?? (e as Error).message}`, 2);
    }
    for (const l of readSessions(text)) lines.push({ file: f, l });
  }

  if (a.shard) return await shardMain(a, lines, io);

  const summary = new SummaryBuilder(rel);
  let bad = 0;
  let differing = 0;
  let sessions = 0;
  const show = (item: Item) => {
    sessions++;
    const { file, line } = item;
    if ('error' in item) {
      bad++;
      summary.addBad();
      io.err(`${file}:${line}: ${item.error}\n`);
      return;
    }
    const o = item.left;
    if (o.error) { bad++; io.err(`${file}:${line}: session ${o.id}: ${o.error}\n`); }
    if (item.right) {
      const diffs = compareOutcomes(o, item.right);
      if (diffs.length) {
        differing++;
        io.out(a.format === 'json' ? `${JSON.stringify({ id: o.id, file, line, differences: diffs.map(jsonDiff) })}\n` : diffText(o, file, diffs));
      }
      return;
    }
    summary.add(o);
    if (!a.summaryOnly) io.out(a.format === 'json' ? `${JSON.stringify(jsonOutcome(o, file))}\n` : outcomeText(o, file));
  };

  const bar = io.tty ? await progressBar(lines.length) : undefined;
  try {
    if (a.jobs > 1) {
      // the shards' results, shown in the order of the input
      const items = await runShards(argv, a.jobs, io, () => bar?.increment());
      const order = new Map(a.files.map((f, i) => [f, i]));
      items.sort((x, y) => order.get(x.file)! - order.get(y.file)! || x.line - y.line);
      items.forEach(show);
    } else {
      const { left, right } = replayers(a);
      for (const { file, l } of lines) {
        bar?.increment();
        show(await replayLine(file, l, left, right));
      }
    }
  } finally {
    bar?.stop();
  }
  if (a.compare !== undefined) {
    const n = sessions - bad;
    if (a.format === 'text') io.out(`${differing} of ${n} session${n === 1 ? '' : 's'} differ between ${rel(resolve(a.config))} and ${rel(resolve(a.compare))}\n`);
    else io.out(`${JSON.stringify({ type: 'compare', sessions: n, differing })}\n`);
    return differing || bad ? 1 : 0;
  }
  const sum = summary.build();
  io.out(a.format === 'json' ? `${JSON.stringify({ type: 'summary', ...sum })}\n` : `${a.summaryOnly ? '' : '\n'}${summaryText(sum)}`);
  return bad ? 1 : 0;
}

function replayers(a: ReplayArgs): { left: Replayer; right?: Replayer } {
  const load = (f: string) => {
    const path = resolve(f);
    return replayerFor(loadConfig(path, a.defines), path, a.zones);
  };
  return { left: load(a.config!), right: a.compare !== undefined ? load(a.compare) : undefined };
}

async function replayLine(file: string, l: SessionLine, left: Replayer, right: Replayer | undefined): Promise<Item> {
  if ('error' in l) return { file, line: l.line, error: l.error };
  const o = await left.run(l.record, l.line);
  return { file, line: l.line, left: o, right: right ? await right.run(l.record, l.line) : undefined };
}

/** --shard K/N: replay this process's share and write each result as a JSON line */
async function shardMain(a: ReplayArgs, lines: { file: string; l: SessionLine }[], io: ReplayIo): Promise<number> {
  const { left, right } = replayers(a);
  const { k, n } = a.shard!;
  // round robin: an even share whatever the mix of clients (the ratelimit store is then per process)
  for (const [i, { file, l }] of lines.entries()) {
    if (i % n !== k) continue;
    const item = await replayLine(file, l, left, right);
    // a summary needs only the verdicts and the deciding statements
    if (a.summaryOnly && 'left' in item && !item.right) {
      const o = item.left;
      item.left = { ...o, log: [], steps: o.steps.map((st) => ({ ...st, reply: [], parts: st.parts.filter((p) => p.decision) })) };
    }
    io.out(`${JSON.stringify(item)}\n`);
  }
  return 0;
}

/** --jobs N: N processes of this command, one shard each; their results as they come */
async function runShards(argv: string[], n: number, io: ReplayIo, progress: () => void): Promise<Item[]> {
  const { spawn } = await import('node:child_process');
  const self = io.self ?? [process.execPath, process.argv[1]!];
  const rest = argv.filter((x, i) => !((x === '--jobs' || x === '-j') || (i > 0 && (argv[i - 1] === '--jobs' || argv[i - 1] === '-j'))));
  const items: Item[] = [];
  await Promise.all(Array.from({ length: n }, (_, k) => new Promise<void>((done, fail) => {
    const child = spawn(self[0]!, [...self.slice(1), 'replay', ...rest, '--shard', `${k}/${n}`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let buf = '';
    let err = '';
    child.stdout.setEncoding('latin1').on('data', (d: string) => {
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        items.push(JSON.parse(buf.slice(0, nl)) as Item);
        buf = buf.slice(nl + 1);
        progress();
      }
    });
    child.stderr.setEncoding('latin1').on('data', (d: string) => { err += d; });
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done() : fail(new Error(`replay shard ${k}/${n} failed: ${err.trim() || `exit ${code}`}`))));
  })));
  return items;
}

async function progressBar(total: number): Promise<{ increment(): void; stop(): void }> {
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar({ format: 'replay [{bar}] {value}/{total} sessions', stream: process.stderr, clearOnComplete: true, hideCursor: true }, Presets.shades_classic);
  bar.start(total, 0);
  return bar;
}

const decisionText = (d: SessionOutcome['steps'][number]['decision']) => (d ? `${statementText(d, rel)} in ${d.acl}` : '');

/** printable: the replies are byte strings; show control bytes escaped */
const show = (s: string) => s.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export function outcomeText(o: SessionOutcome, file: string): string {
  let t = `session ${o.id} (${file}:${o.line}) from ${o.client}\n`;
  for (const s of o.steps) {
    t += `  ${s.command === '<connect>' || s.command === '<message>' ? s.command : `> ${show(s.command)}`}\n`;
    s.reply.forEach((l, i) => {
      const d = i === s.reply.length - 1 ? decisionText(s.decision) : '';
      t += `      ${show(l)}${d ? `   [${d}]` : ''}\n`;
    });
  }
  if (o.recipients.length) {
    t += '  recipients:\n';
    for (const r of o.recipients) {
      const d = decisionText(r.decision);
      t += `    <${show(r.address)}> ${r.verdict} ${r.code} ${show(r.text)} (at ${r.stage}${d ? `; ${d}` : ''})\n`;
    }
  } else if (o.connection !== 'accepted') t += `  connection ${o.connection}\n`;
  if (o.error) t += `  not completed: ${o.error}\n`;
  return t;
}

function jsonOutcome(o: SessionOutcome, file: string): object {
  return {
    type: 'session', id: o.id, file, line: o.line, client: o.client, connection: o.connection,
    steps: o.steps.map((s) => ({ command: s.command, reply: s.reply, decision: jsonDecision(s.decision) })),
    recipients: o.recipients.map((r) => ({ ...r, decision: jsonDecision(r.decision) })),
    log: o.log, ...(o.error ? { error: o.error } : {}),
  };
}

const jsonDecision = (d: SessionOutcome['steps'][number]['decision']) => (d ? { ...d, file: d.file !== undefined ? rel(d.file) : undefined } : undefined);

const jsonDiff = (d: Difference) => ({
  what: d.what,
  left: { result: d.left.result, decision: jsonDecision(d.left.decision) },
  right: { result: d.right.result, decision: jsonDecision(d.right.decision) },
});

function diffText(o: SessionOutcome, file: string, diffs: Difference[]): string {
  let t = `session ${o.id} (${file}:${o.line}) from ${o.client}\n`;
  for (const d of diffs) {
    const side = (x: Difference['left']) => `${x.result}${x.decision ? ` (${decisionText(x.decision)})` : ''}`;
    t += `  ${show(d.what)}:\n    - ${side(d.left)}\n    + ${side(d.right)}\n`;
  }
  return t;
}
