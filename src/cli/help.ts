// `exim-ts help [NAME]`: the language reference, read from the same tables
// the parser and evaluator use, so it cannot disagree with them.
import { items } from '../lang/items/index.js';
import { operators } from '../lang/operators/index.js';
import { conditions } from '../lang/conditions/index.js';
import { variables } from '../lang/variables.js';

const USAGE = `usage: exim-ts [-C FILE] [-D NAME=VALUE]... -be [STRING...]   expansion test mode, as exim -be
       exim-ts [-C FILE] -bem MESSAGEFILE                   the same with a message loaded
       exim-ts -C FILE -bP [OPTION|router NAME|macros...]   option values, as exim -bP
       exim-ts -C FILE -bV                                  version, and the first config error
       exim-ts lint FILE... [--format text|json|sarif] [-D NAME=VALUE]
       exim-ts expand STRING...                             one-off expansions
       exim-ts help [NAME]                                  items, operators, conditions, variables
`;

export function runHelp(args: string[], write: (s: string) => void): number {
  const name = args[0];
  if (!name) {
    const list = (title: string, names: Iterable<string>) =>
      `${title}:\n${wrap([...names].sort().join(' '))}\n`;
    write(USAGE + '\n' + list('items', items.keys()) + list('operators', operators.keys())
      + list('conditions', conditions.keys()) + `variables: ${Object.keys(variables).length} names (exim-ts help VARIABLE)\n`);
    return 0;
  }
  const found: string[] = [];
  const bare = name.replace(/^\$/, '');
  if (items.has(bare)) found.push(`item      ${items.get(bare)!.doc}`);
  if (operators.has(bare)) found.push(`operator  ${operators.get(bare)!.doc}`);
  if (conditions.has(bare)) found.push(`condition ${conditions.get(bare)!.doc}`);
  if (Object.hasOwn(variables, bare)) {
    const v = variables[bare]!;
    found.push(`variable  $${bare} (${v.type}${v.tainted ? ', tainted' : ''})`);
  }
  if (!found.length) {
    write(`exim-ts: "${name}" is not an item, operator, condition or variable\n`);
    return 1;
  }
  write(found.join('\n') + '\n');
  return 0;
}

function wrap(s: string, width = 78): string {
  const lines: string[] = [];
  let cur = ' ';
  for (const w of s.split(' ')) {
    if (cur.length + w.length + 1 > width) { lines.push(cur); cur = ' '; }
    cur += ' ' + w;
  }
  lines.push(cur);
  return lines.join('\n');
}
