// The table of ${if} conditions.
import type { ConditionEntry } from '../expand-api.js';
import { stringCompare } from './compare.js';
import { defCondition } from './def.js';
import { stateConditions } from './state.js';
import { oneArgConditions } from './one-arg.js';
import { boolConditions } from './bool.js';
import { logicConditions } from './logic.js';
import { iterateConditions } from './iterate.js';
import { listConditions } from './lists.js';
import { matchCondition } from './match.js';
import { crypteqCondition } from './crypteq.js';
import { authConditions } from './auth.js';
import { aclCondition } from './acl.js';
import { inboundSrsCondition } from './inbound-srs.js';

const entries: ConditionEntry[] = [
  ...stringCompare,
  defCondition,
  ...stateConditions,
  ...oneArgConditions,
  ...boolConditions,
  ...logicConditions,
  ...iterateConditions,
  ...listConditions,
  matchCondition,
  crypteqCondition,
  ...authConditions,
  aclCondition,
  inboundSrsCondition,
];

export const conditions: ReadonlyMap<string, ConditionEntry> = new Map(entries.map((e) => [e.name, e]));

export function findCondition(name: string): ConditionEntry | undefined {
  return conditions.get(name);
}
