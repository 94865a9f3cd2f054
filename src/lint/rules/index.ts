// Every lint rule, in the order they run (the output is sorted by place).
import type { Rule } from '../types.js';
import { rule as configSyntax } from './config-syntax.js';
import { rule as ifdefBalance } from './ifdef-balance.js';
import { rule as duplicateDriver } from './duplicate-driver.js';
import { rule as unknownDriver } from './unknown-driver.js';
import { rule as unknownOption } from './unknown-option.js';
import { rule as optionValue } from './option-value.js';
import { rule as duplicateOption } from './duplicate-option.js';
import { rule as negatedNonBool } from './negated-non-bool.js';
import { rule as macroName } from './macro-name.js';
import { rule as expansionSyntax } from './expansion-syntax.js';
import { rule as deprecatedName } from './deprecated-name.js';
import { rule as aclUnknownVerb } from './acl-unknown-verb.js';
import { rule as aclUnknownCondition } from './acl-unknown-condition.js';
import { rule as aclNegatedModifier } from './acl-negated-modifier.js';
import { rule as aclEndpass } from './acl-endpass.js';
import { rule as aclSyntax } from './acl-syntax.js';
import { rule as aclForbidden } from './acl-forbidden.js';
import { rule as aclUndefined } from './acl-undefined.js';
import { rule as aclControl } from './acl-control.js';
import { rule as aclSpf } from './acl-spf.js';
import { rule as aclDmarcStatus } from './acl-dmarc-status.js';
import { rule as aclUnreachable } from './acl-unreachable.js';
import { rule as aclUselessWarn } from './acl-useless-warn.js';
import { rule as undefinedNamedList } from './undefined-named-list.js';
import { rule as hostListItem } from './host-list-item.js';
import { rule as regexSyntax } from './regex-syntax.js';
import { rule as routerTransport } from './router-transport.js';
import { rule as taint } from './taint.js';
import { rule as retryRule } from './retry-rule.js';
import { rule as rewriteRule } from './rewrite-rule.js';
import { rule as driverInit } from './driver-init.js';

export const RULES: readonly Rule[] = [
  configSyntax, ifdefBalance, duplicateDriver, unknownDriver, unknownOption, optionValue, duplicateOption,
  negatedNonBool, macroName, expansionSyntax, deprecatedName, aclUnknownVerb, aclUnknownCondition,
  aclNegatedModifier, aclEndpass, aclSyntax, aclForbidden, aclUndefined, aclControl, aclSpf, aclDmarcStatus,
  aclUnreachable, aclUselessWarn, undefinedNamedList, hostListItem, regexSyntax, routerTransport, taint,
  retryRule, rewriteRule, driverInit,
];

export function findRule(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
