// control = values: the control names of controls_list[] and whether they take
// options. Controls of optional features (DMARC, Brightmail) are warnings.
import type { Rule } from '../types.js';
import { CONTROLS, findControl } from '../../lang/acl/index.js';
import { hint } from '../levenshtein.js';
import { locOf } from '../source.js';
import { literalValue } from '../util.js';

/** controls Exim has only in builds with optional features */
export const OPTIONAL_CONTROLS: Readonly<Record<string, string>> = {
  dmarc_disable_verify: 'SUPPORT_DMARC', dmarc_enable_forensic: 'SUPPORT_DMARC', bmi_run: 'EXPERIMENTAL_BRIGHTMAIL',
};
/** renamed controls, reported by deprecated-name */
export const RENAMED_CONTROLS: Readonly<Record<string, string>> = { dmarc_forensic_enable: 'dmarc_enable_forensic' };

export const rule: Rule = {
  id: 'acl-control',
  severity: 'error',
  doc: 'control = values that are no control of Exim 4.96, or controls given options they do not take',
  check(ctx) {
    const names = CONTROLS.filter((c) => c.name !== 'error').map((c) => c.name);
    for (const acl of ctx.model.acls) for (const st of acl.statements) for (const c of st.conditions) {
      if (c.name !== 'control' || !c.arg) continue;
      const v = literalValue(ctx.model, c.arg);
      if (v === undefined) continue;
      const arg = v.trim();
      const word = /^[A-Za-z0-9_]*/.exec(arg)![0];
      const at = locOf(c.arg, Math.max(0, c.arg.text.indexOf(word)));
      if (RENAMED_CONTROLS[word]) continue;
      if (OPTIONAL_CONTROLS[word] && (arg === word)) {
        ctx.report(at, `control "${word}" needs Exim built with ${OPTIONAL_CONTROLS[word]} (Debian's exim4 is not)`,
          { length: word.length, severity: 'warning' });
        continue;
      }
      const d = findControl(arg);
      if (!d || d.name === 'error') {
        ctx.report(at, `unknown control "${word}" in "control=${arg}"${hint(word, names)}`, { length: Math.max(1, word.length) });
        continue;
      }
      const rest = arg.slice(d.name.length);
      if (rest && (!d.hasOption || (rest[0] !== '/' && rest[0] !== '_'))) {
        ctx.report(at, `syntax error in "control=${arg}"${d.hasOption ? '' : ` (${d.name} takes no options)`}`, { length: arg.length });
      }
    }
  },
};
