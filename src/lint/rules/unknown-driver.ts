// Driver instances with no "driver =" or with a driver Exim 4.96 does not have.
import type { Rule } from '../types.js';
import { driverNames } from '../../lang/options/index.js';
import { hint } from '../levenshtein.js';

export const rule: Rule = {
  id: 'unknown-driver',
  severity: 'error',
  doc: 'a router, transport or authenticator without "driver =", or with an unknown driver',
  check(ctx) {
    const known = { router: driverNames('router'), transport: driverNames('transport'), authenticator: driverNames('authenticator') };
    for (const d of ctx.model.ast.drivers) {
      const set = d.options.find((o) => o.name === 'driver');
      if (!set || set.value === undefined) {
        ctx.report(d.pos, `no driver defined for ${d.kind} "${d.name}"`, { length: d.name.length });
        continue;
      }
      const name = set.value.replace(/^"|"$/g, '').trim();
      if (!known[d.kind].includes(name)) {
        ctx.report(set.valuePos ?? set.pos, `${d.kind} ${d.name}: cannot find ${d.kind} driver "${name}"${hint(name, known[d.kind])}`,
          { length: name.length });
      }
    }
  },
};
