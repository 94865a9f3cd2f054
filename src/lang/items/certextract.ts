// ${certextract{<field>}{$<certificate variable>}{<yes>}{<no>}}: a field of a
// TLS certificate. The second argument is a variable name, not expanded.
import { ExpandError, type ItemEntry } from '../expand-api.js';
import { variables } from '../variables.js';
import { cstr, literal, trimSpace } from './common.js';

export const certextractItem: ItemEntry = {
  name: 'certextract',
  doc: '${certextract{<field>}{$<cert variable>}{<string1>}{<string2>}}: a field (subject, issuer, ...) of the certificate as $value',
  parse(p) {
    if (p.skipWs() !== '{') p.curly("missing '{' for field arg of certextract");
    const field = p.arg();
    if (p.skipWs() !== '{') p.curly("missing '{' for cert variable arg of certextract");
    p.take('{');
    if (!p.take('$')) p.fail('second argument of "certextract" must be a certificate variable');
    const varName = literal(p.parseBraced(false)) ?? '';
    p.take('}');
    return { args: [field], data: { varName, yn: p.readYesNo('certextract') } };
  },
  run(node, ev) {
    const field = trimSpace(cstr(ev.str(node.args[0])));
    const name: string = node.data.varName;
    const entry = variables[name];
    if (!entry) throw new ExpandError(`no variable named "${name}"`);
    if (entry.type !== 'cert') throw new ExpandError(`"${name}" is not a certificate`);
    // no certificate: the "no" string
    if (!ev.ctx.getVar(name)) return ev.yesNo(false, node.data.yn, 'certextract');
    throw new ExpandError(`certextract: reading field "${field}" of a certificate is not supported by exim-ts`);
  },
};
