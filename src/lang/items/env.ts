// ${env{<name>}{<yes>}{<no>}}: a variable of the environment Exim kept
// (keep_environment / add_environment), held by the context.
import { ParseError, type Evaluator, type Expr, type ItemEntry } from '../expand-api.js';
import { afterDecision, cstr } from './common.js';
import { keptEnvironment } from '../util/environment.js';

export const envItem: ItemEntry = {
  name: 'env',
  doc: '${env{<name>}{<string1>}{<string2>}}: the environment variable ($value in string1), string2 if unset',
  asRead: true,
  parse(p) {
    // Exim fails with no message at all when the name is not braced
    if (p.skipWs() !== '{') p.fail('');
    const key = p.arg();
    try {
      return { args: [key], data: { yn: p.readYesNo('env') } };
    } catch (e) {
      if (e instanceof ParseError) e.before = afterDecision(e, (ev) => envValue(key, ev) !== undefined);
      throw e;
    }
  },
  run(node, ev) {
    const value = envValue(node.args[0]!, ev);
    return ev.yesNo(value !== undefined, node.data.yn, 'env', value);
  },
};

function envValue(keyExpr: Expr, ev: Evaluator): string | undefined {
  const key = cstr(ev.str(keyExpr));
  // a context may hold its own environment; else the process's as the config keeps it
  const ctx = ev.ctx;
  const env: Map<string, string> = ctx.environment
    ?? keptEnvironment(ctx.config?.options?.get('keep_environment'), ctx.config?.options?.get('add_environment'), process.env);
  return env.get(key);
}
