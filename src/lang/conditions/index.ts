// The table of ${if} conditions.
import type { ConditionEntry } from '../expand-api.js';
import { stringCompare } from './compare.js';

const entries: ConditionEntry[] = [
  ...stringCompare,
];

export const conditions: ReadonlyMap<string, ConditionEntry> = new Map(entries.map((e) => [e.name, e]));

export function findCondition(name: string): ConditionEntry | undefined {
  return conditions.get(name);
}
