// What the condition files share: the entry builder, where-sets, and the
// marker for conditions whose service exim-ts does not have yet.
import type { AclConditionEntry, AclEnv, AclRc } from '../types.js';
import { allExcept, type AclWhere } from '../where.js';

export const none = new Set<AclWhere>();
export const only = (...w: AclWhere[]) => new Set(allExcept(w));
/** where sender-related tests make no sense: before MAIL, or commands without a message */
export const NO_SENDER = new Set<AclWhere>(['AUTH', 'CONNECT', 'HELO', 'MAILAUTH', 'QUIT', 'ETRN', 'EXPN', 'STARTTLS', 'VRFY']);

export function condition(e: Omit<AclConditionEntry, 'kind' | 'negatable' | 'expandAtTop' | 'forbiddenIn'> & { expandAtTop?: boolean; forbiddenIn?: ReadonlySet<AclWhere> }): AclConditionEntry {
  return { kind: 'condition', negatable: true, expandAtTop: true, forbiddenIn: none, ...e };
}

/**
 * Marker for the conditions whose service (list matching, DNS, databases,
 * content scanning, ...) exim-ts does not have yet: they fail the ACL with
 * ERROR and this text in the log message. grep "not yet implemented".
 */
export const NOT_YET_IMPLEMENTED = 'not yet implemented in exim-ts';

export function pending(env: AclEnv, name: string, needs: string): AclRc {
  env.logMessage = `ACL condition "${name}" is ${NOT_YET_IMPLEMENTED} (needs ${needs})`;
  return 'ERROR';
}

export function notYet(name: string, needs: string, doc: string, forbiddenIn: ReadonlySet<AclWhere> = none, expandAtTop = true): AclConditionEntry {
  return condition({ name, doc, forbiddenIn, expandAtTop, run: (_arg, env) => pending(env, name, needs) });
}

export const MESSAGE_DATA = ['DATA', 'PRDR', 'NOTSMTP'] as const;
