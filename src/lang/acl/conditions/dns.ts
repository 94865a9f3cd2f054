// Conditions that ask the DNS: dnslists.
import type { AclConditionEntry } from '../types.js';
import { notYet } from './common.js';

export const dns: AclConditionEntry[] = [
  notYet('dnslists', 'DNS lookups', 'dnslists = <list of DNS black lists>: the client (or a key) is listed'),
];
