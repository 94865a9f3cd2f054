// Conditions kept in a database between sessions: ratelimit, seen.
import type { AclConditionEntry } from '../types.js';
import { notYet } from './common.js';

export const rates: AclConditionEntry[] = [
  notYet('ratelimit', 'the ratelimit database', 'ratelimit = <m> / <period> / <options> / <key>: the sender exceeds the rate'),
  notYet('seen', 'the seen database', 'seen = [-]<time>[/<options>]: the key was seen within (or before) the time'),
];
