// ${env{<name>}{<yes>}{<no>}}: a variable of the environment Exim kept
// (keep_environment / add_environment), held by the context.
import type { ItemEntry } from '../expand-api.js';
import { cstr } from './common.js';
import { keptEnvironment } from '../util/environment.js';

export const envItem: ItemEntry = {
  name: 'env',
  doc: '${env{<name>}{<string1>}{<string2>}}: the environment variable ($value in string1), string2 if unset',
  parse(p) {
    // Exim fails with no message at all when the name is not braced
    if (p.skipWs() !== '{') p.fail('');
    const key = p.arg();
    return { args: [key], data: { yn: p.readYesNo('env') } };
  },
  run(node, ev) {
    const key = cstr(ev.str(node.args[0]));
    // a context may hold its own environment; else the process's as the config keeps it
    const ctx = ev.ctx;
    const env: Map<string, string> = ctx.environment
      ?? keptEnvironment(ctx.config?.options?.get('keep_environment'), ctx.config?.options?.get('add_environment'), process.env);
    const value = env.get(key);
    return ev.yesNo(value !== undefined, node.data.yn, 'env', value);
  },
};
