// Two routers (transports, authenticators) with one name: Exim refuses the config.
import type { Rule } from '../types.js';

export const isDriverDuplicate = (m: string) => /^there are two (router|transport|authenticator)s called/.test(m);

export const rule: Rule = {
  id: 'duplicate-driver',
  severity: 'error',
  doc: 'two routers, transports or authenticators with the same name',
  check(ctx) {
    for (const p of ctx.model.ast.problems) {
      if (!isDriverDuplicate(p.message)) continue;
      const name = /called "([^"]*)"/.exec(p.message)?.[1] ?? '';
      const kind = /two (\w+)s/.exec(p.message)?.[1];
      const first = ctx.model.ast.drivers.find((d) => d.kind === kind && d.name === name);
      const where = first ? ` (the first is at ${first.pos.file}:${first.pos.line})` : '';
      ctx.report({ file: p.file, line: p.line, col: p.col }, `${p.message}${where}`, { length: name.length });
    }
  },
};
