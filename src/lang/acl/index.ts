// The table of ACL conditions and modifiers (Exim's conditions[] in acl.c),
// limited to what the reference build has (content scanning, DKIM and SPF;
// no DMARC, DCC or Brightmail). Names are matched exactly.
import type { AclConditionEntry } from './types.js';
import { conditions, udpsend } from './conditions/index.js';
import { modifiers } from './modifiers.js';

const entries: AclConditionEntry[] = [...conditions, ...modifiers, udpsend]
  .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export const aclConditions: ReadonlyMap<string, AclConditionEntry> = new Map(entries.map((e) => [e.name, e]));

export function findAclCondition(name: string): AclConditionEntry | undefined {
  return aclConditions.get(name);
}

export * from './types.js';
export * from './where.js';
export { findControl, CONTROLS, runControl } from './controls.js';
export { NOT_YET_IMPLEMENTED } from './conditions/index.js';
