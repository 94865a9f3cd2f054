// The sqlite lookup (Exim's lookups/sqlite.c) on better-sqlite3: the file
// from the file= option, a leading "/path" of the query or sqlite_dbfile;
// every statement of the query run in turn as sqlite3_exec() does, the rows
// of all of them one a line, values as sqlite3_exec() gives them as text.
import type Database from 'better-sqlite3';
import { driver } from './driver.js';
import type { FindAnswer, LookupType } from '../../lang/lookups/types.js';
import { LookupError } from '../../lang/lookups/types.js';
import { lfQuote, bytesToText, textToBytes } from './perform.js';
import { ListReader } from '../../lang/util/list.js';
import { isSpace } from '../../lang/util/ctype.js';

/** SQLite's "%!.15g": 15 significant digits, always a decimal point, exponent when %g would use one */
export function sqliteReal(x: number): string {
  if (Number.isNaN(x)) return '<NULL>';
  if (!Number.isFinite(x)) return x > 0 ? 'Inf' : '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, e] = x.toExponential(14).split('e') as [string, string];
  const exp = Number(e);
  const trim = (s: string) => {
    if (!s.includes('.')) return `${s}.0`;
    const t = s.replace(/0+$/, '');
    return t.endsWith('.') ? `${t}0` : t;
  };
  if (exp < -4 || exp >= 15) {
    const ee = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : String(Math.abs(exp));
    return `${trim(mant)}e${exp < 0 ? '-' : '+'}${ee}`;
  }
  return trim(x.toFixed(14 - exp));
}

/** a value as sqlite3_exec() hands it over (text up to a NUL), NULL as "<NULL>" */
function cell(v: unknown): string {
  let s: string;
  if (v === null || v === undefined) return '<NULL>';
  if (typeof v === 'bigint') s = v.toString();
  else if (typeof v === 'number') s = sqliteReal(v);
  else if (Buffer.isBuffer(v)) s = v.toString('latin1');
  else s = textToBytes(String(v));
  const nul = s.indexOf('\0');
  return nul >= 0 ? s.slice(0, nul) : s;
}

/** the statements of a query: split at semicolons outside quotes and comments */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"' || c === '`' || c === '[') {
      const close = c === '[' ? ']' : c;
      i++;
      while (i < sql.length) {
        if (sql[i] === close) {
          if (close !== ']' && sql[i + 1] === close) { i += 2; continue; }
          break;
        }
        i++;
      }
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (c === ';') {
      out.push(sql.slice(start, i + 1));
      start = ++i;
    } else i++;
  }
  if (start < sql.length) out.push(sql.slice(start));
  return out;
}

export function sqliteLookup(): LookupType & { close(): Promise<void> } {
  const handles = new Map<string, Database.Database>();
  const columnNames = new WeakMap<Database.Statement, string[]>();
  /** prepared statements by handle and text (the same query is compiled once) */
  const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>();
  const prepare = (db: Database.Database, sql: string): Database.Statement => {
    let m = prepared.get(db);
    if (!m) prepared.set(db, (m = new Map()));
    let st = m.get(sql);
    if (!st) {
      st = db.prepare(sql);
      if (st.reader) st.safeIntegers(true).raw(true);
      if (m.size >= 2048) m.delete(m.keys().next().value!);
      m.set(sql, st);
    }
    return st;
  };

  /** the statements of a whole query text, by handle and text, once every one of them has been prepared */
  const queries = new WeakMap<Database.Database, Map<string, Database.Statement[]>>();

  /** search_open(): the file, or Exim's complaint */
  function open(file: string | undefined): Database.Database {
    if (file === undefined || file[0] !== '/') throw new LookupError('absolute file name expected for "sqlite" lookup', false);
    let db = handles.get(file);
    if (db) return db;
    try {
      const Db = driver<typeof Database>('better-sqlite3');
      db = new Db(Buffer.from(file, 'latin1').toString('utf8'), { timeout: 5000 });
    } catch (e) {
      const m = (e as Error).message;
      throw new LookupError(/unable to open|directory does not exist/i.test(m) ? 'unable to open database file' : textToBytes(m), false);
    }
    handles.set(file, db);
    return db;
  }

  function find(query: string, opts: string | undefined, dbfile: string | undefined): FindAnswer {
    // search_args(): the file= option, or a leading absolute path, or sqlite_dbfile
    let file: string | undefined;
    let q = query;
    if (opts) {
      const r = new ListReader(opts, 44);
      for (let o = r.next(); o !== undefined; o = r.next()) if (o.startsWith('file=')) { file = o.slice(5); break; }
    }
    if (file === undefined && q[0] === '/') {
      let i = 0;
      while (i < q.length && !isSpace(q[i])) i++;
      file = q.slice(0, i);
      while (isSpace(q[i])) i++;
      q = q.slice(i);
    }
    if (file === undefined || file === '') file = dbfile;
    const db = open(file);
    let out: string | null = null;
    /** one statement run, its rows added to the output */
    const take = (stmt: Database.Statement) => {
      if (!stmt.reader) { stmt.run(); return; }
      // (column names asked once per statement: the native call is costly)
      let names = columnNames.get(stmt);
      if (!names) columnNames.set(stmt, (names = stmt.columns().map((c) => textToBytes(c.name))));
      for (const row of stmt.all() as unknown[][]) {
        if (out !== null) out += '\n';
        if (names.length > 1) {
          out ??= '';
          for (let i = 0; i < names.length; i++) out += lfQuote(names[i]!, cell(row[i]));
        } else out = (out ?? '') + cell(row[0]);
      }
    };
    try {
      let plans = queries.get(db);
      if (!plans) queries.set(db, (plans = new Map()));
      const known = plans.get(q);
      if (known) {
        for (const stmt of known) take(stmt);
      } else {
        // each statement prepared just before it runs (an earlier one may create what it uses), as sqlite3_exec() does
        const stmts: Database.Statement[] = [];
        for (const sql of splitStatements(bytesToText(q))) {
          if (!sql.replace(/;$/, '').trim()) continue;
          let stmt: Database.Statement;
          try {
            stmt = prepare(db, sql);
          } catch (e) {
            // only a comment: sqlite3_exec() skips it
            if (e instanceof RangeError && /no statements/.test(e.message)) continue;
            throw e;
          }
          stmts.push(stmt);
          take(stmt);
        }
        if (plans.size >= 2048) plans.delete(plans.keys().next().value!);
        plans.set(q, stmts);
      }
    } catch (e) {
      // sqlite3_exec() failing makes the lookup fail (not defer)
      if ((e as { code?: string }).code?.startsWith('SQLITE_') || e instanceof RangeError) return undefined;
      throw e;
    }
    // no row at all: not found, and the cache is wiped
    return out === null ? { value: undefined, cache: 0 } : out;
  }

  return {
    name: 'sqlite',
    kind: 'absfilequery',
    find: (_file, query, opts, env) => find(query, opts, env.option?.('sqlite_dbfile')),
    async close() {
      for (const db of handles.values()) db.close();
      handles.clear();
    },
  };
}
