// Option tables: the one source for the config checker, the linter, -bP and the runtime.
import type { OptionEntry } from './types.js';
import { mainOptions } from './main-table.js';
import { routerGenericOptions } from './router-generic-table.js';
import { transportGenericOptions } from './transport-generic-table.js';
import { authGenericOptions } from './auth-generic-table.js';
import { driverOptions } from './driver-tables.js';

export type { OptionEntry, OptionType } from './types.js';
export { mainOptions, driverOptions };

export type DriverClass = 'router' | 'transport' | 'authenticator';

const generic: Record<DriverClass, Record<string, OptionEntry>> = {
  router: routerGenericOptions, transport: transportGenericOptions, authenticator: authGenericOptions,
};

/** A driver instance's option: its generic table first, then the driver's own. */
export function findDriverOption(cls: DriverClass, driver: string | undefined, name: string): OptionEntry | undefined {
  if (name === '' && driver && NAMELESS.has(`${cls}:${driver}`)) return NAMELESS_ENTRY;
  return generic[cls][name] ?? (driver ? driverOptions[`${cls}:${driver}`]?.[name] : undefined);
}

// The accept and ipliteral routers have no options of their own, and C has
// no empty arrays: their option tables hold one hidden entry named "". A bare
// "no_" finds it (and is then told it negates a non-boolean).
const NAMELESS = new Set(['router:accept', 'router:ipliteral']);
const NAMELESS_ENTRY: OptionEntry = { type: 'stringptr', default: 'unset', spec: 'hidden placeholder' };

/** The drivers Exim 4.96 has for a class. */
export function driverNames(cls: DriverClass): string[] {
  return Object.keys(driverOptions).filter((k) => k.startsWith(cls + ':')).map((k) => k.slice(cls.length + 1));
}
