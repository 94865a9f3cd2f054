// The conditions that need nothing but the expander: acl, condition.
import type { AclConditionEntry, AclEnv, AclRc } from '../types.js';
import { condition, none, pending } from './common.js';

/** Exim's idea of a boolean in "condition =": number (zero is false), yes/no, true/false */
function conditionValue(arg: string, env: AclEnv): AclRc {
  const digits = arg.startsWith('-') ? arg.slice(1) : arg;
  if (/^[0-9]*$/.test(digits)) {
    // Uatoi() is (int)strtol(): clamped to 64 bits, then truncated to an int
    let v = digits === '' ? 0n : BigInt(arg);
    if (v > 0x7fffffffffffffffn) v = 0x7fffffffffffffffn;
    if (v < -0x8000000000000000n) v = -0x8000000000000000n;
    const n = Number(BigInt.asIntN(32, v));
    return n === 0 ? 'FAIL' : 'OK';
  }
  const l = arg.toLowerCase();
  if (l === 'no' || l === 'false') return 'FAIL';
  if (l === 'yes' || l === 'true') return 'OK';
  env.logMessage = `invalid "condition" value "${arg}"`;
  return 'DEFER';
}

export const basic: AclConditionEntry[] = [
  condition({
    name: 'acl', doc: 'acl = <name> [<arg> ...]: run another ACL (args in $acl_arg1..9); its verdict is the result',
    expandAtTop: false,
    run(arg, env) { return env.runNested(arg); },
  }),
  condition({
    name: 'condition', doc: 'condition = <string>: true if the expanded string is a non-zero number, "yes" or "true"',
    run(arg, env) { return conditionValue(arg, env); },
  }),
];

/** udpsend is a modifier, but also needs a service we do not have yet */
export const udpsend: AclConditionEntry = {
  name: 'udpsend', kind: 'modifier', negatable: false, expandAtTop: true, forbiddenIn: none,
  doc: 'udpsend = <host> <port> <data>: send a UDP datagram',
  run: (_arg, env) => pending(env, 'udpsend', 'UDP sockets'),
};
