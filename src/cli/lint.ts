// exim-ts lint FILE... [--format text|json|sarif] [-D NAME=VALUE]...
// Exit 1 if any error was found, 0 otherwise, 2 on usage errors.
import { parseZone } from '../dns/zone-file.js';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { lint } from '../lint/lint.js';
import { RULES } from '../lint/rules/index.js';
import type { Diagnostic } from '../lint/types.js';
import { builtinMacros, type Macro } from '../grammar/config/macros.js';
import { formatText } from './format/text.js';
import { formatJson } from './format/json.js';
import { formatSarif } from './format/sarif.js';
import { diskFs } from '../config/disk-fs.js';

const isFile = (p: string) => { try { return statSync(p).isFile(); } catch { return false; } };

const USAGE = 'usage: exim-ts lint [--format text|json|sarif] [-D NAME[=VALUE]]... [--no-builtins] [--dns-zone ZONEFILE]... FILE...\n';

export function runLint(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  let format = 'text';
  const defines: Macro[] = [];
  const files: string[] = [];
  let builtins = true;
  const zones: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new LintUsage(`exim-ts lint: ${a} needs a value`);
      return v;
    };
    if (a === '--format' || a === '-f') format = next();
    else if (a.startsWith('--format=')) format = a.slice(9);
    else if (a === '--no-builtins') builtins = false;
    // the DNS options every subcommand takes: lint asks no DNS questions, but checks the zone files
    else if (a === '--dns-zone') zones.push(next());
    else if (a.startsWith('--dns-zone=')) zones.push(a.slice(11));
    else if (a === '--dns-server') next();
    else if (a.startsWith('--dns-server=')) { /* accepted: lint uses no resolver */ }
    else if (a === '-h' || a === '--help') { out(USAGE); return 0; }
    else if (a.startsWith('-D')) {
      const d = a.length > 2 ? a.slice(2) : next();
      const eq = d.indexOf('=');
      const name = eq < 0 ? d : d.slice(0, eq);
      // Exim's own checks on -D
      if (!/^[A-Z]/.test(name)) throw new LintUsage(`exim-ts lint: macro name set by -D must start with an upper case letter: ${name}`);
      if (!/^[A-Za-z0-9_]+$/.test(name)) throw new LintUsage(`exim-ts lint: bad -D macro name: ${name}`);
      defines.push({ name, value: eq < 0 ? '' : d.slice(eq + 1) });
    } else if (a === '--') files.push(...argv.slice(i + 1)), (i = argv.length);
    else if (a.startsWith('-') && a !== '-') throw new LintUsage(`exim-ts lint: unknown option ${a}\n${USAGE}`);
    else files.push(a);
  }
  if (!['text', 'json', 'sarif'].includes(format)) throw new LintUsage(`exim-ts lint: unknown format "${format}" (text, json or sarif)`);
  if (!files.length) throw new LintUsage(USAGE);
  const all: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const builtinList = builtins ? builtinMacros() : [];
  for (const f of files) {
    const path = resolve(f);
    // a directory reads as nothing to Exim; as a file to lint it is a mistake
    const text = isFile(path) ? diskFs.read(path) : undefined;
    if (text === undefined) {
      all.push({ file: path, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code: 'config-syntax',
        message: `cannot read configuration file ${path}` });
      continue;
    }
    const r = lint({ file: path, text, fs: diskFs, defines, builtins: builtinList });
    for (const [p, t] of r.model.files) sources.set(p, t);
    all.push(...r.diagnostics);
  }
  for (const z of zones) {
    const path = resolve(z);
    try {
      parseZone(readFileSync(path, 'latin1'), path);
    } catch (e) {
      // "FILE:LINE: message" from the zone reader; the file itself when it cannot be read
      const m = /^(.*):(\d+): (.*)$/s.exec((e as Error).message);
      all.push({ file: m ? m[1]! : path, line: m ? Number(m[2]) : 1, column: 1, endLine: m ? Number(m[2]) : 1, endColumn: 1,
        severity: 'error', code: 'dns-zone', message: m ? `zone file: ${m[3]}` : `cannot read zone file ${path}` });
    }
  }
  if (format === 'json') out(formatJson(all));
  else if (format === 'sarif') out(formatSarif(all, RULES, version()));
  else out(formatText(all, (p) => sources.get(p)));
  void err;
  return all.some((d) => d.severity === 'error') ? 1 : 0;
}

export class LintUsage extends Error {}

function version(): string {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version ?? '0';
  } catch { return '0'; }
}

/** the CLI entry: usage errors exit 2, never a stack trace */
export function lintMain(argv: string[]): number {
  try {
    return runLint(argv, (s) => process.stdout.write(s), (s) => process.stderr.write(s));
  } catch (e) {
    if (e instanceof LintUsage) { process.stderr.write(e.message.endsWith('\n') ? e.message : e.message + '\n'); return 2; }
    process.stderr.write(`exim-ts lint: internal error: ${(e as Error)?.message ?? String(e)}\n`);
    return 2;
  }
}
