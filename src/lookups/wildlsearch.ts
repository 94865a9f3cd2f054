// wildlsearch and nwildlsearch: lsearch files whose keys are patterns
// (*suffix, ^regex, lookups), tested as one-item string lists, caselessly;
// wildlsearch expands each key first.
import type { LookupEnv, LookupType } from '../lang/lookups/types.js';
import { lsearchFile } from './lsearch.js';
import type { FileCache } from './file-cache.js';
import { checkString, matchCheckList, MatchPanic } from '../lang/match/list.js';
import { LookupError } from '../lang/lookups/types.js';

const lower = (s: string) => s.replace(/[A-Z]+/g, (m) => m.toLowerCase());

function wildTest(expand: boolean) {
  return (lineKey: string, key: string, env: LookupEnv): 'match' | 'no' | 'defer' => {
    let pattern = lineKey;
    if (expand) {
      try {
        pattern = env.expand(lineKey);
      } catch (e) {
        // a forced failure means "not this one"; another failure defers
        if ((e as { forced?: boolean }).forced) return 'no';
        return 'defer';
      }
    }
    const cb = { subject: lower(key), origSubject: key, caseless: true, atSpecial: false, expandSetup: 0 };
    try {
      const r = matchCheckList(pattern, { kind: 'string', sep: 256, named: false },
        (pat, out) => checkString(cb, pat, out, env.match), env.match);
      if (r.rc === 'defer') return 'defer';
      return r.rc === 'ok' ? 'match' : 'no';
    } catch (e) {
      if (e instanceof MatchPanic) throw new LookupError(e.message);
      throw e;
    }
  };
}

/** wildlsearch and nwildlsearch, reading their files through the registry's file cache */
export function wildlsearchLookups(files: FileCache): LookupType[] {
  const open = (file: string) => { files.read(file, 'lsearch', ' for linear search'); };
  return [
    { name: 'wildlsearch', kind: 'single', open,
      find: (file, key, opts, env) => lsearchFile('wildlsearch', file!, key, opts, env, wildTest(true), files) },
    { name: 'nwildlsearch', kind: 'single', open,
      find: (file, key, opts, env) => lsearchFile('nwildlsearch', file!, key, opts, env, wildTest(false), files) },
  ];
}
