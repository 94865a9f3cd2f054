// acl {{<name>}{<arg1>}...}: run an ACL; accept is true, deny false, defer a forced failure.
import { ExpandError, type ConditionEntry } from '../expand-api.js';
import { readCondSubs } from './subs.js';

/** What an ACL run answers; `message` is what message= set (it becomes $value). */
export interface AclResult { rc: 'accept' | 'deny' | 'defer' | 'error' | 'discard' | 'drop'; message?: string }

/**
 * The hook a context provides as `ctx.runAcl(name, args)` (the ACL engine
 * fills it). `name` is an ACL name, or inline ACL text; up to nine args
 * become $acl_arg1..; may return a promise.
 */
export type RunAcl = (name: string, args: string[]) => AclResult | Promise<AclResult>;

const RC_NAMES: Record<AclResult['rc'], string> = {
  accept: 'OK', deny: 'FAIL', defer: 'DEFER', error: 'ERROR', discard: 'DISCARD', drop: 'FAIL_DROP',
};

export const aclCondition: ConditionEntry = {
  name: 'acl',
  doc: 'acl {{<name>}{<arg>}...}: run the ACL with up to 9 arguments; true on accept, false on deny, $value gets its message',
  parse(p, n) {
    if (p.skipWs() !== '{') p.fail(`missing { after "${n}"`);
    p.take('{');
    return { args: readCondSubs(p, 10, 1, true, n, 'too few arguments or bracketing error for acl') };
  },
  test(node, ev) {
    const [name, ...args] = node.args.map((a) => ev.str(a));
    const run = ev.ctx.runAcl as RunAcl | undefined;
    if (!run) throw new ExpandError(`cannot run acl "${name}": no ACL engine in this context`);
    const r = ev.io(() => run(name!, args));
    if (r.rc === 'accept' || r.rc === 'deny') {
      // Exim's lookup_value: the message, or nothing
      ev.condValue = r.message ?? '';
      return r.rc === 'accept';
    }
    throw new ExpandError(`${RC_NAMES[r.rc]} from acl "${name}"`, { forced: r.rc === 'defer' });
  },
};
