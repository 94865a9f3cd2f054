// ${sg{<subject>}{<regex>}{<replacement>}}: replace every match, Perl /g style;
// the replacement is expanded again for each match, with $0..$n set.
import { ParseError, evaluatedFirst, skippedText, type ItemEntry } from '../expand-api.js';
import { compileOrFail, compilePcre, pcreExec, PcreError, regexErrorMessage } from '../util/pcre.js';

export const sgItem: ItemEntry = {
  name: 'sg',
  doc: '${sg{<subject>}{<regex>}{<replacement>}}: substitute every match of the regex; $0..$n in the replacement',
  asRead: true,
  parse(p, name) {
    const args = p.readSubs(3, 3, true, name);
    // Exim compiles the regex even while skipping, on its skipped text: a bad
    // constant one is a static error, a bad skipped text fails when skipped
    const re = args[1]!;
    const text = skippedText(re);
    try {
      compilePcre(text);
    } catch (e) {
      if (!(e instanceof PcreError)) throw e;
      if (re.every((n) => n.k === 'text')) {
        // (when not skipping, after the three arguments are expanded)
        const err = new ParseError(regexErrorMessage(text, e));
        err.before = evaluatedFirst(args);
        throw err;
      }
      p.skipFailure(regexErrorMessage(text, e));
    }
    return { args };
  },
  run(node, ev) {
    const subject = ev.str(node.args[0]);
    const pattern = ev.str(node.args[1]);
    const replacement = ev.str(node.args[2]);
    const re = compileOrFail(pattern);
    const saved = ev.matches;
    let out = '';
    let moffset = 0;
    let extra = 0;
    let notEmpty = false;
    try {
      for (;;) {
        const m = pcreExec(re, subject, moffset + extra, notEmpty);
        if (!m) {
          // after an empty match, retry one character further on
          if (notEmpty) { extra = 1; notEmpty = false; continue; }
          out += subject.slice(moffset);
          break;
        }
        ev.matches = m.groups.slice(0, m.count).map((g) => g ?? '');
        out += subject.slice(moffset, m.index);
        out += ev.expandNested(replacement);
        moffset = m.end;
        extra = 0;
        notEmpty = false;
        if (m.index === m.end) {
          if (m.index === subject.length) break;
          notEmpty = true;
        }
      }
    } finally {
      ev.matches = saved;
    }
    return out;
  },
};
