// The table of expansion operators (${name:arg}, ${name_params:arg}).
import type { OperatorEntry } from '../expand-api.js';
import { caseOperators } from './case.js';
import { digestOperators } from './digests.js';
import { encodingOperators } from './encodings.js';
import { quotingOperators } from './quoting.js';
import { numberOperators } from './numbers.js';
import { substringOperators } from './substrings.js';
import { ipOperators } from './ip.js';
import { listOperators } from './lists.js';
import { miscOperators } from './misc.js';
import { rfc2047Operators } from './rfc2047.js';
import { utf8Operators } from './utf8.js';
import { addressOperators } from './addresses.js';

const entries: OperatorEntry[] = [
  ...caseOperators,
  ...digestOperators,
  ...encodingOperators,
  ...quotingOperators,
  ...numberOperators,
  ...substringOperators,
  ...ipOperators,
  ...listOperators,
  ...miscOperators,
  ...rfc2047Operators,
  ...utf8Operators,
  ...addressOperators,
];

export const operators: ReadonlyMap<string, OperatorEntry> = new Map(entries.map((e) => [e.name, e]));

/** Names that contain '_' themselves (Exim's op_table_underscore); others take _params. */
const underscoreNames = new Set([
  'from_utf8', 'local_part', 'quote_local_part', 'reverse_ip', 'time_eval', 'time_interval',
  'utf8_domain_from_alabel', 'utf8_domain_to_alabel', 'utf8_localpart_from_alabel',
  'utf8_localpart_to_alabel',
]);

/**
 * Exim first looks the whole name up among the names with underscores, then
 * cuts at the first '_' and looks up the rest: the cut part is the suffix.
 */
export function findOperator(name: string): { entry: OperatorEntry; suffix: string } | undefined {
  if (underscoreNames.has(name)) {
    const entry = operators.get(name);
    return entry && { entry, suffix: '' };
  }
  const cut = name.indexOf('_');
  const base = cut < 0 ? name : name.slice(0, cut);
  const entry = operators.get(base);
  return entry && { entry, suffix: cut < 0 ? '' : name.slice(cut) };
}
