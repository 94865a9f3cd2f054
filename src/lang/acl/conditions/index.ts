// ACL conditions: tests that yield OK (true) or FAIL (false), or DEFER/ERROR.
// One file per family; this list is what the table in ../index.ts is built from.
import type { AclConditionEntry } from '../types.js';
import { basic } from './basic.js';
import { lists } from './lists.js';
import { content } from './content.js';
import { rates } from './rates.js';
import { verify } from './verify.js';
import { dns } from './dns.js';
import { auth } from './auth.js';

export const conditions: AclConditionEntry[] = [...basic, ...lists, ...content, ...rates, ...verify, ...dns, ...auth];
export { udpsend } from './basic.js';
export { NOT_YET_IMPLEMENTED } from './common.js';
