// ${acl} and the acl condition in -be, line by line against real Exim 4.96
// (expected values recorded with `exim -C test/fixtures/acl/<conf> -be`).
// Lines run in order on one context, as in one -be session: later lines see
// the ACL variables earlier ones set.
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { copyFileSync, mkdirSync } from 'node:fs';
import { loadConfig } from '../../../src/config/read-main.js';
import { ExpandContext } from '../../../src/runtime/expand/context.js';
import { expandString } from '../../../src/runtime/expand/expand.js';
import { findItem } from '../../../src/lang/items/index.js';

const fixtures = resolve(__dirname, '../../fixtures/acl');
// more.conf names this ACL file by absolute path
mkdirSync('/tmp/exim-acl-test', { recursive: true });
copyFileSync(resolve(fixtures, 'file.acl'), '/tmp/exim-acl-test/file.acl');

function beSession(conf: string): (line: string) => string {
  const cfg = loadConfig(resolve(fixtures, conf));
  const ctx = new ExpandContext(cfg.expand);
  return (line) => {
    const r = expandString(line, ctx);
    return r.ok ? r.value : `Failed: ${r.error.message}`;
  };
}

describe('acl condition, basic.conf', () => {
  const be = beSession('basic.conf');
  it.each([
    ["${if acl{{acc}}{$value}{$value}}", ""],
    ["${if acl{{acc_msg}{one}{two}}{$value}{$value}}", "hello one (2)"],
    ["${if acl{{deny_msg}{x}}{$value}{$value}}", "denied: x"],
    ["${if acl{{implicit}}{$value}{$value}}", ""],
    ["${if acl{{empty_acl}}{$value}{$value}}", ""],
    ["${if acl{{defer_it}}{$value}{$value}}", "Failed: DEFER from acl \"defer_it\""],
    ["${if acl{{drop_it}}{$value}{$value}}", "Failed: FAIL_DROP from acl \"drop_it\""],
    ["${if acl{{discard_it}}{$value}{$value}}", "Failed: DISCARD from acl \"discard_it\""],
    ["${if acl{{require_fail}}{$value}{$value}}", ""],
    ["${if acl{{require_pass}}{$value}{$value}}", "passed require"],
    ["${if acl{{warn_set}{A}}{$value}{$value}}", "after warn: warned A"],
    ["${if acl{{nested}}{$value}{$value}}", "outer"],
    ["${if acl{{nested_nomsg}}{$value}{$value}}", ""],
    ["${if acl{{nested_deny}}{$value}{$value}}", "nested deny failed"],
    ["${if acl{{nested_deny2}{y}}{$value}{$value}}", "negated: y"],
    ["${if acl{{require_nested}}{$value}{$value}}", "denied: quoted arg"],
    ["${if acl{{endpass_acl}}{$value}{$value}}", ""],
    ["${if acl{{loop}}{$value}{$value}}", "Failed: ERROR from acl \"loop\""],
    ["${if acl{{bad_cond}}{$value}{$value}}", "Failed: DEFER from acl \"bad_cond\""],
    ["${if acl{{expand_fail}}{$value}{$value}}", ""],
    ["${if acl{{expand_fail_cond}}{$value}{$value}}", "Failed: ERROR from acl \"expand_fail_cond\""],
    ["${if acl{{forced_cond}}{$value}{$value}}", "forced skipped"],
    ["${if acl{{args}{a}{b}{c}}{$value}{$value}}", "n=3 1=a 2=b 9="],
    ["${if acl{{args}}{$value}{$value}}", "n=0 1= 2= 9="],
    ["${if acl{{args}{}{}}{$value}{$value}}", "n=2 1= 2= 9="],
    ["${if acl{{args}{1}{2}{3}{4}{5}{6}{7}{8}{9}}{$value}{$value}}", "n=9 1=1 2=2 9=9"],
    ["${if acl{{set_then_fail}}{$value}{$value}}", "a=first b="],
    ["${if acl{{logmsg}}{$value}{$value}}", "user"],
    ["${if acl{{deny_nomsg}}{$value}{$value}}", ""],
    ["${if acl{{warn_only}}{$value}{$value}}", ""],
    ["${if acl{{add_hdr}}{$value}{$value}}", "Failed: ERROR from acl \"add_hdr\""],
    ["${if acl{{ctrl}}{$value}{$value}}", "Failed: ERROR from acl \"ctrl\""],
    ["${if acl{{ctrl_bad}}{$value}{$value}}", "Failed: ERROR from acl \"ctrl_bad\""],
    ["${if acl{{ctrl_ok}}{$value}{$value}}", "ctrl ok"],
    ["${if acl{{delay0}}{$value}{$value}}", "delayed"],
    ["${if acl{{delay_bad}}{$value}{$value}}", "Failed: ERROR from acl \"delay_bad\""],
    ["${if acl{{logw}}{$value}{$value}}", "logged it"],
    ["${if acl{{negcond}}{$value}{$value}}", "negated cond"],
    ["${if acl{{continue_acl}}{$value}{$value}}", "continued"],
    ["${if acl{{discard_nested}}{$value}{$value}}", "Failed: ERROR from acl \"discard_nested\""],
    ["${if acl{{drop_nested}}{$value}{$value}}", "after drop"],
    ["${if acl{{multi}{d}}{$value}{$value}}", "D"],
    ["${if acl{{multi}{f}}{$value}{$value}}", "Failed: DEFER from acl \"multi\""],
    ["${if acl{{multi}{x}}{$value}{$value}}", "Failed: FAIL_DROP from acl \"multi\""],
    ["${if acl{{multi}{c}}{$value}{$value}}", "Failed: DISCARD from acl \"multi\""],
    ["${if acl{{multi}{a}}{$value}{$value}}", "A"],
    ["${if acl{{multi}{z}}{$value}{$value}}", ""],
    ["${if acl{{nosuch}}{$value}{$value}}", "Failed: ERROR from acl \"nosuch\""],
    ["${if acl{{accept}}{$value}{$value}}", ""],
    ["${if acl{{deny}}{$value}{$value}}", ""],
    ["${if acl{{accept message=inline}}{$value}{$value}}", "inline"],
    ["${if acl{{accept message = inline}}{$value}{$value}}", "inline"],
    ["${if acl{{bogus verb}}{$value}{$value}}", "Failed: ERROR from acl \"bogus verb\""],
    ["${if acl{{}}{$value}{$value}}", ""],
    ["$acl_m_w", "warned A"],
    ["$acl_narg", "0"],
  ])('%s', (line, want) => {
    expect(be(line)).toBe(want);
  });
});

describe('acl condition, more.conf (nesting, files, verify messages, endpass)', () => {
  const be = beSession('more.conf');
  it.each([
    ["${if acl{{depth}{0}}{$value}{$value}}", "Failed: ERROR from acl \"depth\""],
    ["${if acl{{depth}{5}}{$value}{$value}}", "Failed: ERROR from acl \"depth\""],
    ["${if acl{{narg_outer}{q}}{$value}{$value}}", "outer n=1 1=q"],
    ["${if acl{{wargs_expand}}{$value}{$value}}", "Failed: ERROR from acl \"wargs_expand\""],
    ["${if acl{{wargs_fail}}{$value}{$value}}", "Failed: ERROR from acl \"wargs_fail\""],
    ["${if acl{{wargs_fail_name}}{$value}{$value}}", "Failed: ERROR from acl \"wargs_fail_name\""],
    ["${if acl{{wargs_forced}}{$value}{$value}}", "Failed: ERROR from acl \"wargs_forced\""],
    ["${if acl{{wargs_many}}{$value}{$value}}", "many: 0"],
    ["${if acl{{set_c}{1}}{$value}{$value}}", ""],
    ["$acl_c0 $acl_m_x", "conn 1 msg"],
    ["${if acl{{verify_msg}}{$value}{$value}}", "inner msg"],
    ["${if acl{{verify_log}}{$value}{$value}}", "U"],
    ["${if acl{{discard_endpass}}{$value}{$value}}", ""],
    ["${if acl{{discard_ok}}{$value}{$value}}", "Failed: DISCARD from acl \"discard_ok\""],
    ["${if acl{{nested_msg_accept}}{$value}{$value}}", "after: "],
    ["${if acl{{require_nested_msg}}{$value}{$value}}", "inner msg"],
    ["${if acl{{accept_endpass_nomsg}}{$value}{$value}}", ""],
    ["${if acl{{warn_defer}}{$value}{$value}}", "after warn defer"],
    ["${if acl{{warn_msg_nested}}{$value}{$value}}", "w:[]"],
    ["${if acl{{neg_nested}}{$value}{$value}}", "neg drop ok"],
    ["${if acl{{require_drop}}{$value}{$value}}", "Failed: FAIL_DROP from acl \"require_drop\""],
    ["${if acl{{deny_drop}}{$value}{$value}}", "dropped"],
    ["${if acl{{file_acl}}{$value}{$value}}", "from file: file fa"],
    ["${if acl{{file_acl}}{$value}{$value}}", "from file: file fa"],
    ["${if acl{{/tmp/exim-acl-test/file.acl}{direct}}{$value}{$value}}", ""],
    ["$acl_m_file", "file direct"],
    ["${if acl{{file_missing}}{$value}{$value}}", "Failed: ERROR from acl \"file_missing\""],
    ["${if acl{{/tmp/exim-acl-test/nosuch.acl}}{$value}{$value}}", "Failed: ERROR from acl \"/tmp/exim-acl-test/nosuch.acl\""],
    ["${if acl{{/tmp/exim-acl-test}}{$value}{$value}}", "Failed: ERROR from acl \"/tmp/exim-acl-test\""],
    ["${if acl{{message_empty}}{$value}{$value}}", ""],
    ["${if acl{{message_forced}}{$value}{$value}}", ""],
    ["${if acl{{logmsg_then_msg}}{$value}{$value}}", "second"],
    ["${if acl{{accept\\nmessage = two lines}}{$value}{$value}}", "two lines"],
    ["${if acl{{deny\\nfoo:\\naccept}}{$value}{$value}}", ""],
    ["${if acl{{  # c\\naccept message=c}}{$value}{$value}}", "c"],
    ["${if acl{{accept message = \\$acl_arg2}{a}{b}}{$value}{$value}}", "b"],
    ["${if acl{{ accept}}{$value}{$value}}", ""],
    ["${if acl{{depth}{19}}{$value}{$value}}", "depth 19"],
    ["${if acl{{depth}{10}}{$value}{$value}}", "Failed: ERROR from acl \"depth\""],
    ["${if acl{{depth}{11}}{$value}{$value}}", "depth 11"],
    ["${if acl{{depth}{12}}{$value}{$value}}", "depth 12"],
    ["${if acl{{accept acl = depth 11}}{y:$value}{n:$value}}", "Failed: ERROR from acl \"accept acl = depth 11\""],
  ])('%s', (line, want) => {
    expect(be(line)).toBe(want);
  });
});

// The ${acl} item itself belongs to src/lang/items/acl.ts; these rows run once it is registered.
describe('${acl} item, basic.conf', () => {
  const be = beSession('basic.conf');
  it.each([
    ["${acl{acc}}", ""],
    ["${acl{acc_msg}{one}{two}}", "hello one (2)"],
    ["${acl{deny_msg}{x}}", "denied: x"],
    ["${acl{implicit}}", ""],
    ["${acl{empty_acl}}", ""],
    ["${acl{defer_it}}", "Failed: DEFER from acl \"defer_it\""],
    ["${acl{drop_it}}", "Failed: FAIL_DROP from acl \"drop_it\""],
    ["${acl{discard_it}}", "Failed: DISCARD from acl \"discard_it\""],
    ["${acl{require_fail}}", ""],
    ["${acl{require_pass}}", "passed require"],
    ["${acl{warn_set}{A}}", "after warn: warned A"],
    ["$acl_m_w", "warned A"],
    ["${acl{nested}}", "outer"],
    ["${acl{nested_nomsg}}", ""],
    ["${acl{nested_deny}}", "nested deny failed"],
    ["${acl{nested_deny2}{y}}", "negated: y"],
    ["${acl{require_nested}}", "denied: quoted arg"],
    ["${acl{endpass_acl}}", ""],
    ["${acl{loop}}", "Failed: ERROR from acl \"loop\""],
    ["${acl{bad_cond}}", "Failed: DEFER from acl \"bad_cond\""],
    ["${acl{expand_fail}}", ""],
    ["${acl{expand_fail_cond}}", "Failed: ERROR from acl \"expand_fail_cond\""],
    ["${acl{forced_cond}}", "forced skipped"],
    ["${acl{args}{a}{b}{c}}", "n=3 1=a 2=b 9="],
    ["${acl{args}}", "n=0 1= 2= 9="],
    ["${acl{args}{}{}}", "n=2 1= 2= 9="],
    ["${acl{args}{1}{2}{3}{4}{5}{6}{7}{8}{9}}", "n=9 1=1 2=2 9=9"],
    ["${acl{args}{1}{2}{3}{4}{5}{6}{7}{8}{9}{10}}", "Failed: Too many arguments for 'acl' (max is 10)"],
    ["${acl{set_then_fail}}", "a=first b="],
    ["${acl{logmsg}}", "user"],
    ["${acl{deny_nomsg}}", ""],
    ["${acl{warn_only}}", ""],
    ["${acl{add_hdr}}", "Failed: ERROR from acl \"add_hdr\""],
    ["${acl{ctrl}}", "Failed: ERROR from acl \"ctrl\""],
    ["${acl{ctrl_bad}}", "Failed: ERROR from acl \"ctrl_bad\""],
    ["${acl{ctrl_ok}}", "ctrl ok"],
    ["${acl{delay0}}", "delayed"],
    ["${acl{delay_bad}}", "Failed: ERROR from acl \"delay_bad\""],
    ["${acl{logw}}", "logged it"],
    ["${acl{negcond}}", "negated cond"],
    ["${acl{continue_acl}}", "continued"],
    ["${acl{discard_nested}}", "Failed: ERROR from acl \"discard_nested\""],
    ["${acl{drop_nested}}", "after drop"],
    ["${acl{multi}{d}}", "D"],
    ["${acl{multi}{f}}", "Failed: DEFER from acl \"multi\""],
    ["${acl{multi}{x}}", "Failed: FAIL_DROP from acl \"multi\""],
    ["${acl{multi}{c}}", "Failed: DISCARD from acl \"multi\""],
    ["${acl{multi}{a}}", "A"],
    ["${acl{multi}{z}}", ""],
    ["${acl{nosuch}}", "Failed: ERROR from acl \"nosuch\""],
    ["${acl{accept}}", ""],
    ["${acl{deny}}", ""],
    ["${acl{accept message=inline}}", "inline"],
    ["${acl{accept message = inline}}", "inline"],
    ["${acl{bogus verb}}", "Failed: ERROR from acl \"bogus verb\""],
    ["${acl{}}", ""],
    ["${acl}", "Failed: Not enough arguments for 'acl' (min is 1)"],
    ["${acl{acc}", "Failed: missing '}' after 'acl'"],
    ["${if acl{{acc}}{y}{n}}", "y"],
    ["${if acl{{deny_msg}{z}}{y:$value}{n:$value}}", "n:denied: z"],
    ["${if acl{{acc_msg}{z}}{y:$value}{n:$value}}", "y:hello z (1)"],
    ["${if acl{{defer_it}}{y}{n}}", "Failed: DEFER from acl \"defer_it\""],
    ["${if acl{{drop_it}}{y}{n}}", "Failed: FAIL_DROP from acl \"drop_it\""],
    ["${if acl{{discard_it}}{y}{n}}", "Failed: DISCARD from acl \"discard_it\""],
    ["${if acl{{nosuch}}{y}{n}}", "Failed: ERROR from acl \"nosuch\""],
    ["${if !acl{{acc}}{y}{n}}", "n"],
    ["${if acl{acc}{y}{n}}", "Failed: too few arguments or bracketing error for acl"],
    ["${if acl{{acc}}}", "true"],
    ["x${acl{defer_it}}y", "Failed: DEFER from acl \"defer_it\""],
    ["$acl_narg", "0"],
    ["$acl_arg1", ""],
  ])('%s', (line, want) => {
    expect(be(line)).toBe(want);
  });
});
