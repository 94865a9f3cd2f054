// Options that no table has, with the closest known name as a hint.
import type { Rule } from '../types.js';
import { mainOptions, driverOptions } from '../../lang/options/index.js';
import { routerGenericOptions } from '../../lang/options/router-generic-table.js';
import { transportGenericOptions } from '../../lang/options/transport-generic-table.js';
import { authGenericOptions } from '../../lang/options/auth-generic-table.js';
import { hint } from '../levenshtein.js';
import { lowercaseMacro, nameLoc, renamedOption, writtenName } from '../util.js';

const GENERIC = { router: routerGenericOptions, transport: transportGenericOptions, authenticator: authGenericOptions };

export const rule: Rule = {
  id: 'unknown-option',
  severity: 'error',
  doc: 'an option that Exim 4.96 does not have (main, generic or of the driver)',
  check(ctx) {
    for (const o of ctx.model.options) {
      if (o.entry || o.scope === 'local_scan') continue;
      if (renamedOption(o.name) || lowercaseMacro(ctx.model, o)) continue;
      const written = writtenName(o);
      if (o.scope === 'main') {
        ctx.report(nameLoc(o), `unknown option ${written}${hint(o.name, Object.keys(mainOptions))}`, { length: written.length });
        continue;
      }
      const generic = GENERIC[o.scope];
      const priv = o.driverType ? driverOptions[`${o.scope}:${o.driverType}`] : undefined;
      // an unknown driver is reported by unknown-driver; its options are not checked
      if (o.driverType && !priv) continue;
      const names = [...Object.keys(generic), ...Object.keys(priv ?? {})];
      const d = o.driver!;
      let extra = '';
      if (!o.driverType) extra = ` (no "driver" is set for ${o.scope} ${d.name})`;
      ctx.report(nameLoc(o), `unknown option ${written} for ${o.driverType ?? ''}${o.driverType ? ' ' : ''}${o.scope} ${d.name}${hint(o.name, names)}${extra}`,
        { length: written.length });
    }
    // private options before "driver =": Exim reads them before it knows the driver
    const driverAt = new Map(ctx.model.ast.drivers.map((d) => [d, d.options.findIndex((s) => s.name === 'driver')]));
    for (const o of ctx.model.options) {
      const d = o.driver;
      if (!d || !o.entry || Object.hasOwn(GENERIC[d.kind], o.name)) continue;
      const at = driverAt.get(d)!;
      {
        if (at >= 0 && d.options.indexOf(o.setting) < at) {
          ctx.report(nameLoc(o), `option "${writtenName(o)}" unknown ("driver" must be specified before any private options)`,
            { length: writtenName(o).length });
        }
      }
    }
  },
};
