// Exim's search.c around the lookup types: the "partial-type*@,opts" syntax
// (search_findtype_partial) and search_find() with partial matching, "*"
// and "*@" defaults and the ret=key / cache options.
import type { FindAnswer, LookupEnv, LookupRegistry, LookupType } from './types.js';
import { isPunct } from '../util/list.js';

export interface LookupSpec {
  type: LookupType;
  /** number of non-wild components for partial matching, -1 if not partial */
  partial: number;
  affix: string;
  star: boolean;
  starAt: boolean;
  opts?: string;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/** search_findtype_partial(): the type and its options, or Exim's error message */
export function parseLookupType(name: string, registry: LookupRegistry): LookupSpec | string {
  let pv = -1;
  let ss = 0;
  let affix = '';
  if (name.startsWith('partial')) {
    ss = 7;
    if (isDigit(name[ss])) {
      pv = 0;
      while (isDigit(name[ss])) pv = pv * 10 + name.charCodeAt(ss++) - 48;
    } else pv = 2;
    if (name[ss] === '(') {
      const a = ++ss;
      while (isPunct(name[ss]) && name[ss] !== ')') ss++;
      if (name[ss] !== ')') return `format error in lookup type "${name}"`;
      affix = name.slice(a, ss++);
    } else if (name[ss++] === '-') {
      affix = '*.';
    } else {
      return `format error in lookup type "${name}"`;
    }
  }
  const rest = name.slice(ss);
  let len = rest.length;
  let star = false;
  let starAt = false;
  let t = rest.indexOf('*');
  if (t >= 0) {
    len = t;
    if (rest[t + 1] === '@') starAt = true; else star = true;
  } else t = 0;
  let opts: string | undefined;
  const comma = rest.indexOf(',', t);
  if (comma >= 0) {
    if (comma < len) len = comma;
    opts = rest.slice(comma + 1);
  }
  const typeName = rest.slice(0, len);
  const type = registry.get(typeName);
  if (!type) return `unknown lookup type "${typeName}"`;
  if (type.kind !== 'single') {
    if (pv >= 0) return `"partial" is not permitted for lookup type "${rest}"`;
    if (star || starAt) return `defaults using "*" or "*@" are not permitted for lookup type "${rest}"`;
  }
  return { type, partial: pv, affix, star, starAt, opts };
}

export interface FindResult {
  value?: string;
  /** $1 and $2 of a partial or default match */
  matches?: [string, string];
}

/** A computation whose find() calls may be asynchronous: runs synchronously until one returns a Promise. */
type Step = Generator<string | undefined | Promise<string | undefined>, FindResult, string | undefined>;

/** Skip C white space, as Exim does before a query. */
const skipWhite = (s: string) => {
  const c = s.charCodeAt(0);
  return c === 32 || (c >= 9 && c <= 13) ? s.replace(/^[ \t\n\v\f\r]+/, '') : s;
};

function drive(gen: Step): FindResult | Promise<FindResult> {
  let r = gen.next();
  while (!r.done) {
    const v = r.value;
    if (v instanceof Promise) {
      return (async () => {
        let x: string | undefined;
        let pending: Promise<string | undefined> | string | undefined = v;
        for (;;) {
          let step;
          try {
            x = await pending;
            step = gen.next(x);
          } catch (e) {
            step = gen.throw(e);
          }
          if (step.done) return step.value;
          pending = step.value;
        }
      })();
    }
    r = gen.next(v);
  }
  return r.value;
}

/** search_find(): the lookup with partial matching and defaults; $1/$2 as Exim sets them */
export function searchFind(spec: LookupSpec, file: string | undefined, key: string, env: LookupEnv): FindResult | Promise<FindResult> {
  // ret=key and cache= are for search_find itself (and not part of the cache key); the rest go to the lookup
  let retKey = false;
  let cacheRead = true;
  let opts: string | undefined;
  if (spec.opts !== undefined) {
    const kept: string[] = [];
    for (const o of spec.opts.split(',')) {
      if (o === 'ret=key') retKey = true;
      else if (o === 'cache=no_rd') cacheRead = false;
      else if (o !== '') kept.push(o);
    }
    opts = kept.length ? kept.join(',') : undefined;
  }
  const type = spec.type;
  const find = type.find!;
  const cache = type.cache;
  // search_args(): a query starts after white space
  if (type.kind !== 'single') key = skipWhite(key);
  /** the answer into the cache (unless the lookup said not to) and back as plain data */
  const settle = (k: string, a: FindAnswer): string | undefined => {
    const v = typeof a === 'object' ? a.value : a;
    cache?.put(type.name, file, k, opts, v, typeof a === 'object' ? a.cache : undefined);
    return v;
  };
  // internal_search_find(): an empty key finds nothing; a cached answer is used unless cache=no_rd
  const one = (k: string): string | undefined | Promise<string | undefined> => {
    if (k === '') return undefined;
    const hit = cacheRead ? cache?.get(type.name, file, k, opts) : undefined;
    if (hit) return hit.value;
    const a = find(file, k, opts, env);
    return a instanceof Promise ? a.then((x) => settle(k, x)) : settle(k, a);
  };
  if (spec.partial < 0 && !spec.star && !spec.starAt) {
    // one key, no partial matching or defaults (every query-style lookup): no generator to drive
    const done = (value: string | undefined): FindResult => ({ value: value !== undefined && retKey ? key : value });
    if (key === '') return done(undefined);
    const hit = cacheRead ? cache?.get(type.name, file, key, opts) : undefined;
    if (hit) return done(hit.value);
    const a = find(file, key, opts, env);
    return a instanceof Promise ? a.then((x) => done(settle(key, x))) : done(settle(key, a));
  }
  function* run(): Step {
    let matches: [string, string] | undefined;
    let value = yield one(key);
    let nullWild = false;
    if (value !== undefined) {
      if (spec.partial >= 0) nullWild = true;
    } else if (spec.partial >= 0) {
      let affix = spec.affix;
      let key2 = key;
      if (affix.length) {
        key2 = affix + key;
        value = yield one(key2);
      }
      if (value === undefined) {
        // chop leading components off, trying "<affix>rest" each time
        let pos = affix.length;
        let dots = 0;
        for (let i = pos; i < key2.length; i++) if (key2[i] === '.') dots++;
        while (dots-- >= spec.partial) {
          while (pos < key2.length && key2[pos] !== '.') pos++;
          let key3: string;
          if (pos >= key2.length) {
            if (affix.length < 1) break;
            if (affix.length > 1 && affix.endsWith('.')) affix = affix.slice(0, -1);
            key3 = affix;
          } else {
            key3 = affix + key2.slice(pos + 1);
          }
          value = yield one(key3);
          if (value !== undefined) {
            const fixed = key3.length - affix.length;
            const wild = key.length - fixed - 1;
            matches = [key.slice(0, Math.max(0, wild)), key.slice(wild + 1, wild + 1 + Math.max(0, fixed))];
            break;
          }
          pos += 1;
        }
      } else nullWild = true;
    }
    if (value === undefined && spec.starAt) {
      const at = key.lastIndexOf('@');
      if (at > 0) {
        value = yield one(`*${key.slice(at)}`);
        if (value !== undefined) matches = [key.slice(0, at), ''];
      }
    }
    if (value === undefined && (spec.star || spec.starAt)) {
      value = yield one('*');
      if (value !== undefined) matches = [key, ''];
    }
    if (nullWild) matches = ['', key];
    if (value !== undefined && retKey) value = key;
    return { value, matches };
  }
  return drive(run());
}
