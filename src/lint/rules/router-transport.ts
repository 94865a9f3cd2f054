// Routers that name a transport (or a router) that the config does not define.
import type { Rule } from '../types.js';
import { hint } from '../levenshtein.js';
import { nameLoc, valueOf } from '../util.js';
import { locOf } from '../source.js';

/** router options naming a transport */
const TRANSPORT_OPTIONS = new Set(['transport', 'file_transport', 'pipe_transport', 'reply_transport', 'directory_transport']);
/** router options naming another router */
const ROUTER_OPTIONS = new Set(['pass_router', 'redirect_router']);

export const rule: Rule = {
  id: 'router-transport',
  severity: 'error',
  doc: 'a router naming a transport (or pass_router/redirect_router a router) that does not exist',
  check(ctx) {
    const m = ctx.model;
    const names = (kind: 'router' | 'transport') => m.ast.drivers.filter((d) => d.kind === kind).map((d) => d.name);
    const transports = names('transport');
    const routers = names('router');
    for (const o of m.options) {
      if (o.scope !== 'router' || !o.entry) continue;
      const isT = TRANSPORT_OPTIONS.has(o.name);
      if (!isT && !ROUTER_OPTIONS.has(o.name)) continue;
      const v = valueOf(m, o);
      if (!v) continue;
      const name = v.text.trim();
      if (!name || name.includes('$')) continue;
      const known = isT ? transports : routers;
      if (known.includes(name)) continue;
      const at = v.text.indexOf(name);
      const loc = at >= 0 ? locOf(v, at) : nameLoc(o);
      ctx.report(loc, isT
        ? `transport "${name}" not found in ${o.driver!.name} router (${o.name})${hint(name, known)}`
        : `${o.name} "${name}" not found for "${o.driver!.name}" router${hint(name, known)}`, { length: name.length });
    }
  },
};
