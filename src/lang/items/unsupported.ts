// ${perl{<sub>}{<args>}...} and ${dlfunc{<file>}{<function>}{<args>}...}:
// Debian's Exim has both; exim-ts can embed neither a Perl interpreter nor C
// functions, so it gives Exim's answers up to the point where the call would happen.
import { existsSync } from 'node:fs';
import { ExpandError, type ItemEntry } from '../expand-api.js';

export const perlItem: ItemEntry = {
  name: 'perl',
  doc: '${perl{<subroutine>}{<arg>}...}: call an embedded Perl subroutine (needs perl_startup; not available in exim-ts)',
  parse(p, name) {
    return { args: p.readSubs(9, 1, true, name) };
  },
  run(node, ev) {
    node.args.forEach((a) => ev.str(a));
    if (!ev.ctx.config?.options?.get('perl_startup')) {
      throw new ExpandError('A setting of perl_startup is needed when using the Perl interpreter');
    }
    throw new ExpandError('error in perl_startup code: exim-ts has no embedded Perl interpreter\n');
  },
};

export const dlfuncItem: ItemEntry = {
  name: 'dlfunc',
  doc: '${dlfunc{<file>}{<function>}{<arg>}...}: call a function of a shared library (not available in exim-ts)',
  parse(p, name) {
    return { args: p.readSubs(10, 2, true, name) };
  },
  run(node, ev) {
    const [file] = node.args.map((a) => ev.str(a));
    // dlopen()'s answer for a missing file; a bare name is searched for in the library path
    if (file!.includes('/') ? !existsSync(file!) : true) {
      const m = `dlopen "${file}" failed: ${file}: cannot open shared object file: No such file or directory`;
      ev.ctx.logWrite?.(m);
      throw new ExpandError(m);
    }
    throw new ExpandError(`dlopen "${file}" failed: exim-ts cannot load shared objects`);
  },
};
