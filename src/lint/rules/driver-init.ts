// What the drivers' init functions refuse at start-up (route_init(),
// redirect_router_init(), appendfile_transport_init(), pipe_transport_init()):
// a router that needs a transport and has none (or has one it refuses), a bad "self", redirect's
// file/data, appendfile's file/directory, locking and quota settings, pipe's
// conflicting options, a fixed user without a group. Exim's words.
import type { Rule } from '../types.js';
import type { DriverDef } from '../../grammar/config/parse.js';
import { findDriverOption } from '../../lang/options/index.js';
import { checkOptionValue, type UserDb } from '../../lang/options/values.js';
import { driverInitFault, NEED_TRANSPORT, NO_TRANSPORT, type InitDriver } from '../../config/driver-init.js';


/** Users and groups of the mail server are unknown here: any name is taken to exist, with a login group. */
const ANY_USER: UserDb = {
  userByName: () => ({ uid: 1, gid: 1 }), userById: () => undefined, groupByName: () => 1, groupById: () => undefined,
};

/** the driver's options with their typed values (settings that do not read are left out: option-value reports them) */
function typed(d: DriverDef, driver: string): InitDriver {
  const inst: InitDriver = { kind: d.kind, name: d.name, driver, options: new Map() };
  for (const s of d.options) {
    const entry = findDriverOption(d.kind, driver, s.name);
    if (!entry) continue;
    const r = checkOptionValue(entry, s.value, { name: s.name, negated: s.negated, users: ANY_USER });
    if ('error' in r) continue;
    inst.options.set(s.name, { entry, value: r.value, hide: s.hide });
    // a user given by name brings its login group
    if (s.name === 'user' && r.value.gid !== undefined && !inst.options.has('group')) {
      const g = findDriverOption(d.kind, driver, 'group');
      if (g) inst.options.set('group', { entry: g, value: { type: g.type, value: r.value.gid }, hide: false, derived: true });
    }
  }
  return inst;
}

export const rule: Rule = {
  id: 'driver-init',
  severity: 'error',
  doc: 'router and transport settings the drivers\' init functions refuse at start-up (missing transport, redirect file/data, appendfile locking and quotas, pipe conflicts, user without group)',
  check(ctx) {
    for (const d of ctx.model.ast.drivers) {
      const driver = d.options.find((o) => o.name === 'driver')?.value?.replace(/^"|"$/g, '').trim();
      if (!driver) continue;
      const inst = typed(d, driver);
      const at = { file: d.pos.file, line: d.pos.line, col: d.pos.col };
      const say = (m: string) => ctx.report(at, m.includes(`${d.name} ${d.kind}`) ? m : `${d.name} ${d.kind}: ${m}`, { length: d.name.length });
      if (d.kind === 'router') {
        if (NEED_TRANSPORT.has(driver) && !inst.options.has('transport') && inst.options.get('verify_only')?.value.value !== true) {
          say('a transport is required for this router');
        }
        if (NO_TRANSPORT.has(driver) && inst.options.has('transport')) say('a transport must not be defined for this router');
        const self = inst.options.get('self')?.value.value;
        if (typeof self === 'string' && !/^(freeze|defer|fail|send|pass|reroute:.*)$/.test(self)) say(`${self} is not valid for the self option`);
      }
      const f = driverInitFault(inst);
      if (!f) continue;
      say(f.message.replace(new RegExp(`^${d.name} ${d.kind}:\\n  `), ''));
    }
  },
};
