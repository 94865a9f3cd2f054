// Imports point one way: lang <- grammar <- runtime <- lookups/config <- cli.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const src = resolve(__dirname, '../src');
const layers = ['lang', 'grammar', 'runtime', 'lookups', 'dns', 'config', 'lint', 'smtp', 'replay', 'cli'];
/** what each top folder may import besides itself */
const allowed: Record<string, string[]> = {
  lang: [],
  grammar: ['lang'],
  runtime: ['lang', 'grammar'],
  lookups: ['lang', 'grammar', 'runtime'],
  dns: ['lang', 'grammar', 'runtime'],
  config: ['lang', 'grammar', 'runtime'],
  lint: ['lang', 'grammar', 'runtime', 'config'],
  smtp: ['lang', 'grammar', 'runtime', 'config'],
  replay: ['lang', 'grammar', 'runtime', 'lookups', 'dns', 'config', 'smtp'],
  cli: layers,
};

function* files(dir: string): Generator<string> {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) yield* files(p);
    else if (p.endsWith('.ts')) yield p;
  }
}

describe('module layering', () => {
  it('has no import against the direction of the layers', () => {
    const bad: string[] = [];
    for (const f of files(src)) {
      const from = relative(src, f).split('/')[0]!;
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"](\.[^'"]+)['"]/gm)) {
        const target = relative(src, resolve(dirname(f), m[1]!)).split('/')[0]!;
        if (target !== from && !(allowed[from] ?? []).includes(target)) {
          bad.push(`${relative(src, f)} imports ${m[1]} (${from} -> ${target})`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
