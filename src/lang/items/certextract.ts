// ${certextract{<field>}{$<certificate variable>}{<yes>}{<no>}}: a field of a
// TLS certificate. The second argument is a variable name, not expanded.
import { ExpandError, ParseError, evaluatedFirst, type Evaluator, type Expr, type ItemEntry } from '../expand-api.js';
import { variables } from '../variables.js';
import { afterDecision, cstr, literal, trimSpace } from './common.js';

export const certextractItem: ItemEntry = {
  name: 'certextract',
  asRead: true,
  doc: '${certextract{<field>}{$<cert variable>}{<string1>}{<string2>}}: a field (subject, issuer, ...) of the certificate as $value',
  parse(p) {
    if (p.skipWs() !== '{') p.curly("missing '{' for field arg of certextract");
    const field = p.arg();
    let varName: string;
    try {
      if (p.skipWs() !== '{') p.curly("missing '{' for cert variable arg of certextract");
      p.take('{');
      if (!p.take('$')) p.fail('second argument of "certextract" must be a certificate variable');
      varName = literal(p.parseBraced(false)) ?? '';
      p.take('}');
    } catch (e) {
      // the field is expanded first
      if (e instanceof ParseError) e.before = evaluatedFirst([field]);
      throw e;
    }
    try {
      return { args: [field], data: { varName, yn: p.readYesNo('certextract') } };
    } catch (e) {
      if (e instanceof ParseError) e.before = afterDecision(e, (ev) => hasCertificate(field, varName, ev));
      throw e;
    }
  },
  run(node, ev) {
    const field = trimSpace(cstr(ev.str(node.args[0])));
    // no certificate: the "no" string
    if (!hasCertificate(node.args[0]!, node.data.varName, ev)) return ev.yesNo(false, node.data.yn, 'certextract');
    throw new ExpandError(`certextract: reading field "${field}" of a certificate is not supported by exim-ts`);
  },
};

/** the field expanded and the variable checked, as Exim does before the yes/no strings: is there a certificate? */
function hasCertificate(field: Expr, name: string, ev: Evaluator): boolean {
  ev.str(field);
  const entry = variables[name];
  if (!entry) throw new ExpandError(`no variable named "${name}"`);
  if (entry.type !== 'cert') throw new ExpandError(`"${name}" is not a certificate`);
  return !!ev.ctx.getVar(name);
}
