// Exim's lf_sqlperform(): the server list of a SQL (or Redis) lookup - from
// "servers=...;" at the start of the query, a "servers=" option, or the
// <type>_servers main option - tried in order until one does not defer.
import { ListReader } from '../../lang/util/list.js';
import { LookupError, type FindData } from '../../lang/lookups/types.js';

/** One server's answer: found (with caching advice), not found, or a deferral (breaking the loop or not). */
export type ServerAnswer =
  | { rc: 'ok'; value: string; cache?: number }
  | { rc: 'fail'; cache?: number }
  | { rc: 'defer'; message: string; stop?: boolean };

export type PerformOne = (query: string, server: string, opts: string | undefined) => Promise<ServerAnswer>;

const skipWhite = (s: string, i: number) => {
  while (i < s.length && /[ \t\n\v\f\r]/.test(s[i]!)) i++;
  return i;
};

function listItems(list: string, sep: number): string[] {
  const r = new ListReader(list, sep);
  const out: string[] = [];
  for (let x = r.next(); x !== undefined; x = r.next()) out.push(x);
  return out;
}

/** A lookup type's server lists as split before (the same option string comes with every lookup). */
export class ServerLists {
  private readonly split = new Map<string, string[]>();
  items(list: string): string[] {
    let items = this.split.get(list);
    if (!items) {
      items = listItems(list, 0);
      if (this.split.size >= 64) this.split.clear();
      this.split.set(list, items);
    }
    return items;
  }
}

/** a server named only by its host: the full entry of the option list that starts with "<host>/" */
function fullServer(name: string, optionList: string | undefined, lists: ServerLists): string | undefined {
  if (name.includes('/')) return name;
  for (const s of lists.items(optionList ?? '')) if (s.startsWith(name + '/')) return s;
  return undefined;
}

/** the servers to try and the query without its "servers=...;" prefix; throws a deferring LookupError */
function serversFor(name: string, optionName: string, optionList: string | undefined,
  query: string, opts: string | undefined, lists: ServerLists): { servers: string[]; q: string } {
  if (query.startsWith('servers')) {
    let s = skipWhite(query, 7);
    if (query[s++] !== '=') throw new LookupError(`missing = after "servers" in ${name} lookup`);
    s = skipWhite(query, s);
    const semi = query.indexOf(';', s);
    if (semi < 0) throw new LookupError(`missing ; after "servers=" in ${name} lookup`);
    if (semi === s) throw new LookupError(`"servers=" defines no servers in "${query}"`);
    return { servers: listItems(query.slice(s, semi), 0), q: query.slice(semi + 1) };
  }
  let list: string | undefined;
  for (const o of opts ? listItems(opts, 44) : []) if (o.startsWith('servers=')) { list = o.slice(8); break; }
  list ??= optionList;
  if (list === undefined) throw new LookupError(`no ${name} servers defined (${optionName} option)`);
  return { servers: lists.items(list), q: query };
}

/**
 * lf_sqlperform(): the data, undefined when not found; rejects with a deferring
 * LookupError. (Promise steps rather than an async function: one lookup fewer
 * suspension on the way.)
 */
export function sqlPerform(name: string, optionName: string, optionList: string | undefined,
  query: string, opts: string | undefined, perform: PerformOne, lists = new ServerLists()): Promise<FindData> {
  let servers: string[];
  let q: string;
  try {
    ({ servers, q } = serversFor(name, optionName, optionList, query, opts, lists));
  } catch (e) {
    return Promise.reject(e);
  }
  let last: string | undefined;
  const from = (i: number): Promise<FindData> => {
    // every server deferred (Exim keeps the last message; none at all leaves it unset)
    if (i >= servers.length) return Promise.reject(new LookupError(last ?? 'NULL'));
    const named = servers[i]!;
    const server = fullServer(named, optionList, lists);
    if (server === undefined) return Promise.reject(new LookupError(`${name} server "${named}" not found in ${optionName}`));
    return perform(q, server, opts).then((a): FindData | Promise<FindData> => {
      if (a.rc === 'ok') return { value: a.value, cache: a.cache };
      if (a.rc === 'fail') return { value: undefined, cache: a.cache };
      last = a.message;
      return a.stop ? Promise.reject(new LookupError(last)) : from(i + 1);
    });
  };
  return from(0);
}

/** "name=value " with Exim's quoting (lf_quote): quoted when empty, holding white space, or starting with a quote */
export function lfQuote(name: string, value: string | null): string {
  let v = value ?? '';
  const nul = v.indexOf('\0');
  const scan = nul >= 0 ? v.slice(0, nul) : v;
  if (scan === '' || /[ \t\n\r]/.test(scan) || scan[0] === '"') {
    v = `"${v.replace(/["\\]/g, '\\$&')}"`;
  }
  return `${name}=${v} `;
}

/**
 * A server spec split from the right: "host/db/user/password" gives head
 * "host" and the fields; `incomplete` is what Exim names in its complaint
 * when a slash is missing (the spec, or the spec without its password).
 */
export function splitServer(server: string, parts: number):
  { head: string; fields: string[]; sansPassword: string } | { incomplete: string } {
  const fields: string[] = [];
  let rest = server;
  let sansPassword = server;
  for (let i = 0; i < parts; i++) {
    const p = rest.lastIndexOf('/');
    if (p < 0) return { incomplete: i === 0 ? server : sansPassword };
    fields.unshift(rest.slice(p + 1));
    rest = rest.slice(0, p);
    if (i === 0) sansPassword = rest;
  }
  return { head: rest, fields, sansPassword };
}

/** ASCII reads the same as bytes and as UTF-8: no conversion (most queries and values) */
function ascii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** a byte string (one char per byte) as the Unicode text it encodes, for client libraries that want text */
export const bytesToText = (s: string) => (ascii(s) ? s : Buffer.from(s, 'latin1').toString('utf8'));
/** Unicode text back to a byte string */
export const textToBytes = (s: string) => (ascii(s) ? s : Buffer.from(s, 'utf8').toString('latin1'));
