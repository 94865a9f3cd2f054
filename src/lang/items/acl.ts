// ${acl{name}{arg1}...{arg9}}: run an ACL through the context's hook (the same
// one the acl condition uses); its message= text is the result.
import { ExpandError, type ItemEntry } from '../expand-api.js';
import type { AclResult, RunAcl } from '../conditions/acl.js';

/** Exim's rc_names[] for the failures */
const RC_NAMES: Record<AclResult['rc'], string> = {
  accept: 'OK', deny: 'FAIL', defer: 'DEFER', error: 'ERROR', discard: 'DISCARD', drop: 'FAIL_DROP',
};

export const aclItem: ItemEntry = {
  name: 'acl',
  doc: '${acl{<name>}{<arg>}...}: run the ACL with up to 9 arguments; gives its message on accept or deny',
  asRead: true,
  parse(p, name) {
    return { args: p.readSubs(10, 1, true, name) };
  },
  run(node, ev) {
    const [name, ...args] = node.args.map((a) => ev.str(a));
    const run = ev.ctx.runAcl as RunAcl | undefined;
    if (!run) throw new ExpandError(`cannot run acl "${name}": no ACL engine in this context`);
    const r = ev.io(() => run(name!, args));
    if (r.rc === 'accept' || r.rc === 'deny') return r.message ?? '';
    throw new ExpandError(`${RC_NAMES[r.rc]} from acl "${name}"`, { forced: r.rc === 'defer' });
  },
};
