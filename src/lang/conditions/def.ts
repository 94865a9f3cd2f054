// def:name - a variable is non-empty, or def:h_name - a header exists.
import type { ConditionEntry, Expr } from '../expand-api.js';
import { HEADER_PREFIX, knownVariable, unknownVariableHint } from '../variables.js';

export const defCondition: ConditionEntry = {
  name: 'def',
  doc: 'def:<variable> or def:h_<header>: the variable is not empty, or the header exists',
  parse(p) {
    // no white space is allowed before the colon
    if (!p.take(':')) p.fail('":" expected after "def"');
    const name = p.readWord();
    const m = HEADER_PREFIX.exec(name);
    if (m) return { args: [], data: { header: name.slice(m[0].length) + p.headerRest() + ':' } };
    if (!name) p.fail('variable name omitted after "def:"');
    const known = knownVariable(name);
    if (known === undefined) return p.fail(`unknown variable "${name}" after "def:"${unknownVariableHint(name)}`);
    return { args: [], data: { variable: [{ k: 'var', name: known, braced: true, start: 0, end: 0 }] } };
  },
  test(node, ev) {
    const d = node.data as { header?: string; variable?: Expr };
    if (d.header !== undefined) return ev.ctx.headerExists(d.header);
    return ev.str(d.variable!) !== '';
  },
};
