// exim-ts command line: Exim's own flags (-C, -D, -be, ...) and subcommands.
import { parseEximArgs, UsageError } from './exim-args.js';
import { loadConfig, ConfigError, type LoadedConfig } from '../config/read-main.js';
import { BeFailure, runBe } from './be.js';
import { resolve } from 'node:path';
import { emptyConfig } from '../runtime/expand/context.js';
import { formatTod } from '../runtime/expand/tod.js';
import { keepEnvironmentPanic } from './environment.js';
import { adoptStartEnv } from '../lang/util/start-env.js';

export async function main(argv: string[]): Promise<number> {
  // before anything reads the environment: the start line changed some of it (start-env.ts)
  adoptStartEnv();
  // users get Exim's messages, never stack traces; capturing them is costly
  if (!process.env.EXIM_TS_DEBUG) Error.stackTraceLimit = 0;
  try {
    if (argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
      const { runHelp } = await import('./help.js');
      return runHelp(argv.slice(1), (s) => process.stdout.write(s));
    }
    // commands other than -be load their modules when asked for: -be starts faster
    if (argv[0] === 'lint') return (await import('./lint.js')).lintMain(argv.slice(1));
    if (argv[0] === 'replay') {
      return await (await import('./replay.js')).replayMain(argv.slice(1), {
        out: (s) => process.stdout.write(s, 'latin1'), err: (s) => process.stderr.write(s, 'latin1'), tty: process.stderr.isTTY,
      });
    }
    if (argv[0] === 'expand') {
      return await runBe(emptyLoaded(), '', argv.slice(1));
    }
    const args = parseEximArgs(argv);
    const io = { out: (s: string) => process.stdout.write(s, 'latin1'), err: (s: string) => process.stderr.write(s, 'latin1') };
    if (args.mode === 'bP') return (await import('./bp.js')).runBp(args.config, args.defines, args.rest, io);
    if (args.mode === 'bV') return (await import('./bp.js')).runBv(args.config, args.defines, io);
    const configFile = args.config ? resolve(args.config) : '';
    const cfg = configFile ? loadConfig(configFile, args.defines) : emptyLoaded(args.defines);
    // Exim matches its environment against keep_environment as it starts, and may die there
    const panic = keepEnvironmentPanic(cfg.expand.options.get('keep_environment'), process.env);
    if (panic) {
      process.stderr.write(args.mode === 'bh' ? `LOG: ${panic}\n` : `${formatTod('todl', new Date())} ${panic}\n`);
      return 1;
    }
    switch (args.mode) {
      case 'be':
        return await runBe(cfg, configFile, args.rest, args);
      case 'bh': {
        const { runBh, feedStdin } = await import('./bh.js');
        const host = args.rest[0];
        if (host === undefined) throw new UsageError('exim: -bh requires an IP address', 1);
        return await runBh(cfg, configFile, host, args, { ...io, feed: feedStdin });
      }
      default:
        process.stderr.write('exim-ts: no action given (try -be, or "exim-ts expand STRING")\n');
        return 2;
    }
  } catch (e) {
    if (e instanceof UsageError) { process.stderr.write(e.message + '\n'); return e.exitCode; }
    if (e instanceof ConfigError) { process.stderr.write(`${formatTod('todl', new Date())} ${e.message}\n`); return 1; }
    if (e instanceof BeFailure) { process.stderr.write(`${e.message}\n`); return e.exitCode; }
    process.stderr.write(`exim-ts: internal error: ${(e as Error).message}\n`);
    return 1;
  }
}

function emptyLoaded(defines: { name: string; value: string }[] = []): LoadedConfig {
  return { expand: emptyConfig(), macros: [...defines], acls: new Map() };
}
