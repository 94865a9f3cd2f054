// ${run{<command> <args>}{<yes>}{<no>}} and ${run,preexpand{...}}: run a
// command without a shell; its output (stdout and stderr) is $value, its exit
// code $runrc. By default the command is split into arguments first and each
// is expanded on its own (tainted values may then be arguments, not the program).
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExpandError, ParseError, type Expr, type ItemEntry } from '../expand-api.js';
import { nodeChildProcess } from '../util/builtins.js';
import { keptEnvironment } from '../util/environment.js';
import { strerror } from '../util/strerror.js';
import { cstr, dequote, isAlpha, isSpace } from './common.js';

const ETEXT = '${run} expansion';
const MAX_ARGS = 60;

/** transport_set_up_command()'s splitting: 'verbatim', "escaped" or plain words */
function splitCommand(cmd: string): string[] | string {
  const argv: string[] = [];
  let i = 0;
  while (isSpace(cmd[i])) i++;
  for (; i < cmd.length && argv.length < MAX_ARGS;) {
    if (cmd[i] === "'") {
      const end = cmd.indexOf("'", i + 1);
      const stop = end < 0 ? cmd.length : end;
      argv.push(cmd.slice(i + 1, stop));
      i = end < 0 ? stop : stop + 1;
    } else {
      const d = dequote(cmd, i);
      argv.push(d.value);
      i = d.next;
    }
    while (isSpace(cmd[i])) i++;
  }
  if (i < cmd.length) return `Too many arguments in command "${cmd}" in ${ETEXT}`;
  return argv;
}

interface RunResult { output: string; rc: number; error?: string; log?: string }

/** child_open() + cat_file() + child_close(): output of stdout and stderr together */
function execute(argv: string[], env: Map<string, string>, cwd: string): RunResult {
  const dir = mkdtempSync(join(tmpdir(), 'exim-ts-run-'));
  const out = join(dir, 'out');
  const fd = openSync(out, 'w+', 0o600);
  try {
    const toUtf8 = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
    const r = nodeChildProcess().spawnSync(toUtf8(argv[0]!), argv.slice(1).map(toUtf8), {
      stdio: ['pipe', fd, fd],
      input: '',
      env: Object.fromEntries([...env].map(([k, v]) => [toUtf8(k), toUtf8(v)])),
      cwd,
      timeout: 60_000,
      killSignal: 'SIGKILL',
    });
    const output = readFileSync(out).toString('latin1');
    const code = (r.error as { code?: string } | undefined)?.code;
    if (code === 'ETIMEDOUT') return { output, rc: -256, error: 'command timed out' };
    // exec failures happen in Exim's child, which exits with 127
    if (r.error) return { output, rc: 127 };
    if (r.signal) {
      const n = constants.signals[r.signal as keyof typeof constants.signals] ?? 0;
      return { output, rc: -n, error: `command killed by signal ${n}` };
    }
    return { output, rc: r.status ?? 0 };
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}

export const runItem: ItemEntry = {
  name: 'run',
  doc: '${run{<command>}{<string1>}{<string2>}}: run the command; string1 if it exits 0, else string2 ($value is its output, $runrc its code)',
  parse(p) {
    let preexpand = false;
    while (p.take(',')) {
      const word = p.peekWord();
      if (word === 'preexpand') { preexpand = true; p.readWord(); continue; }
      // "preexpandx": Exim takes the option and stops at what follows it
      if (word.startsWith('preexpand')) p.curly("missing '{' for command arg of run");
      // Exim quotes the first character and the letters after it
      let t = p.offset + 1;
      while (isAlpha(p.src[t])) t++;
      p.fail(`bad option '${p.src.slice(p.offset, Math.min(t, p.src.length))}' for run`);
    }
    p.skipWs();
    if (!p.take('{')) p.curly("missing '{' for command arg of run");
    const start = p.offset;
    let expr: Expr = [];
    if (preexpand) expr = p.parseBraced();
    else {
      // the command's end is found by a skipping scan, which minds no variable names;
      // where ours objects, fall back to the first '}' (as upstream 4.96)
      try {
        p.parseBraced();
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        // Debian's 4.96 scan stops at a malformed "$" (names are checked only later)
        if (/^\$ not followed|^letter or digit expected/.test(e.message)) p.curly("missing '}' closing command arg of run");
        const end = p.src.indexOf('}', start);
        p.seek(end < 0 ? p.src.length : end);
      }
    }
    const raw = p.src.slice(start, p.offset);
    if (preexpand) p.skipWs();
    if (!p.take('}')) p.curly("missing '}' closing command arg of run");
    return { args: [expr], data: { preexpand, raw, yn: p.readYesNo('run') } };
  },
  run(node, ev) {
    const { preexpand, raw, yn } = node.data as { preexpand: boolean; raw: string; yn: any };
    let argv: string[];
    let progTainted: boolean;
    if (preexpand) {
      const cmd = cstr(ev.str(node.args[0]));
      progTainted = ev.tainted;
      const split = splitCommand(cmd);
      if (typeof split === 'string') throw new ExpandError(split);
      argv = split;
    } else {
      const split = splitCommand(raw);
      if (typeof split === 'string') throw new ExpandError(split);
      argv = [];
      progTainted = false;
      for (const [i, a] of split.entries()) {
        let v: string;
        try {
          v = cstr(ev.expandNested(a));
        } catch (e) {
          if (e instanceof ExpandError) {
            throw new ExpandError(`Expansion of "${a}" from command "${raw}" in ${ETEXT} failed: ${e.message}`);
          }
          throw e;
        }
        if (i === 0) progTainted = ev.tainted;
        argv.push(v);
      }
    }
    const ctx = ev.ctx;
    const r: RunResult = ev.io(() => {
      if (argv.length === 0) return { output: '', rc: 127 };
      // child_open() refuses to exec a tainted program path
      if (progTainted) {
        ctx.logWrite?.(`Attempt to exec tainted path: '${argv[0]}'`);
        return { output: '', rc: -1, error: `couldn't create child process: ${strerror('EPERM')}` };
      }
      const env: Map<string, string> = ctx.environment
        ?? keptEnvironment(ctx.config?.options?.get('keep_environment'), ctx.config?.options?.get('add_environment'), process.env);
      const spool: string = ctx.getVar?.('spool_directory') ?? '/';
      return execute(argv, env, spool && existsSync(spool) ? spool : '/');
    });
    if (r.error) throw new ExpandError(r.error);
    ctx.set?.('runrc', String(r.rc));
    // Exim leaves lookup_value set to the output after ${run}: $value keeps it afterwards
    ctx.set?.('value', r.output);
    // $value is the output in both strings
    return ev.withLocal('value', r.output, () => ev.yesNo(r.rc === 0, yn, 'run', r.output));
  },
};
