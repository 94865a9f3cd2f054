// The RFC 7208 test suite (spec/spf/rfc7208-tests.yml) as data: its scenarios,
// their tests, and each scenario's zone data as a master file for a root zone,
// with the names the suite marks TIMEOUT listed apart (the server refuses them).
// As the suite's drivers do, an SPF record at a name without TXT records is
// also served as TXT.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

export interface SpfSuiteTest {
  name: string;
  spec: string;
  helo: string;
  host: string;
  mailfrom: string;
  /** one result, or several acceptable ones */
  result: string | string[];
  explanation?: string;
}

export interface SpfSuiteScenario {
  description: string;
  tests: SpfSuiteTest[];
  zone: string;
  /** names to answer with an error (the suite's TIMEOUT) */
  timeouts: string[];
  /** names with data below a TIMEOUT name */
  below: string[];
}

export const SUITE_FILE = new URL('../../spec/spf/rfc7208-tests.yml', import.meta.url);

// RFC 1035 5.1: \DDD for bytes that are not printable, and for the quote and backslash
const esc = (s: string, special: RegExp) =>
  Array.from(s, (c) => (c.charCodeAt(0) < 33 || c.charCodeAt(0) > 126 || special.test(c) ? `\\${String(c.charCodeAt(0)).padStart(3, '0')}` : c)).join('');
const owner = (n: string) => (n === '' ? '.' : n.split('.').map((l) => esc(l, /[";()\\@$]/)).join('.') + '.');
const quoted = (s: string) => `"${esc(s, /["\\]/)}"`;

function txtData(v: unknown): string {
  const chunks = Array.isArray(v) ? v.map(String) : [String(v)];
  if (chunks.length === 0) return '\\# 0';
  // long strings go as 255-byte character-strings
  return chunks.flatMap((c) => (c.length <= 255 ? [c] : c.match(/[^]{1,255}/g)!)).map(quoted).join(' ');
}

function rdata(type: string, v: unknown): string {
  switch (type) {
    case 'MX': {
      const [pref, target] = v as [number, string];
      return `${pref} ${owner(target.replace(/\.$/, ''))}`;
    }
    case 'PTR': case 'CNAME': case 'NS':
      return owner(String(v).replace(/\.$/, ''));
    case 'TXT': case 'SPF':
      return txtData(v);
    default:
      return String(v);
  }
}

export function loadSuite(file: URL | string = SUITE_FILE): SpfSuiteScenario[] {
  // latin1: the suite's "\x80" escapes stand for bytes
  const docs = parseAllDocuments(readFileSync(file, 'latin1')).map((d) => d.toJS() as {
    description: string;
    tests: Record<string, Omit<SpfSuiteTest, 'name'>>;
    zonedata?: Record<string, (string | Record<string, unknown>)[]>;
  });
  return docs.map((d) => {
    const lines = ['$TTL 300', '. SOA ns.invalid. hostmaster.invalid. 1 3600 600 86400 300', '. NS ns.invalid.'];
    const timeouts: string[] = [];
    const names = Object.keys(d.zonedata ?? {});
    for (const [name, rrs] of Object.entries(d.zonedata ?? {})) {
      // "TXT: NONE" says the name has no TXT records (and none are copied from SPF)
      const hasTxt = rrs.some((r) => typeof r === 'object' && 'TXT' in r);
      const realTxt = rrs.some((r) => typeof r === 'object' && 'TXT' in r && r.TXT !== 'NONE');
      for (const r of rrs) {
        // the suite's drivers time out only the types the name has no records of; SPF
        // checks ask a TIMEOUT name for TXT alone, so a name with TXT records answers
        if (r === 'TIMEOUT') { if (!realTxt) timeouts.push(name.toLowerCase()); continue; }
        if (typeof r !== 'object') continue;
        for (const [type, v] of Object.entries(r)) {
          if (type === 'TXT' && v === 'NONE') continue;
          lines.push(`${owner(name)} ${type} ${rdata(type, v)}`);
          if (type === 'SPF' && !hasTxt) lines.push(`${owner(name)} TXT ${rdata('TXT', v)}`);
        }
      }
    }
    const below = names.filter((n) => timeouts.some((t) => n.toLowerCase().endsWith(`.${t}`)));
    return {
      description: d.description,
      tests: Object.entries(d.tests).map(([name, t]) => ({ name, ...t, mailfrom: String(t.mailfrom ?? ''), helo: String(t.helo ?? '') })),
      zone: lines.join('\n') + '\n',
      timeouts,
      below,
    };
  });
}

/** unbound server: lines for a scenario's TIMEOUT names (refused: a DNS error, as a timeout is) */
export function refusalConf(s: SpfSuiteScenario): string {
  return [
    ...s.timeouts.map((n) => `    local-zone: "${n}." always_refuse`),
    ...s.below.map((n) => `    local-zone: "${n}." transparent`),
  ].join('\n') + '\n';
}
