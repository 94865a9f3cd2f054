// Zero false errors: real configs that Exim 4.96 accepts lint clean.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { lint } from '../../src/lint/lint.js';
import { BUILTIN_MACROS } from '../../src/lang/builtin-macros.js';

const dir = resolve(__dirname, '../fixtures/configs');
const diskFs = {
  read: (p: string) => (existsSync(p) && statSync(p).isFile() ? readFileSync(p, 'latin1') : undefined),
  exists: (p: string) => existsSync(p),
};
const builtins = BUILTIN_MACROS.map(([name, value]) => ({ name, value }));
const run = (file: string, text: string, defines: { name: string; value: string }[] = []) =>
  lint({ file, text, fs: diskFs, defines, builtins }).diagnostics.map((d) => `${d.severity} ${d.code} ${d.line}:${d.column} ${d.message}`);

describe('real configs lint clean', () => {
  it('configure.default', () => {
    const f = resolve(dir, 'configure.default');
    expect(run(f, readFileSync(f, 'latin1'))).toEqual([]);
  });

  // The test suite's configs, with the macros its harness defines. Some of them
  // name ACLs and lists they never define (they are only used with -bP/-bt):
  // Exim would hit those at run time, so they are true errors, listed here.
  const suite = resolve(dir, 'testsuite');
  // 0001 (a -bP test) also delivers to /home/$local_part/inbox, which 4.96 refuses at run time
  const expectedWarnings: Record<string, RegExp> = { '0001': /^warning taint 520:16 tainted \$local_part in file of transport appendfile/ };
  const expected: Record<string, RegExp> = {
    '0001': /acl-undefined|undefined-named-list "\+local_domains"|unknown named domain list "\+local_domains"/,
    '0123': /acl-undefined/,
    '0390': /acl-undefined/,
  };
  for (const n of readdirSync(suite).filter((f) => /^\d{4}$/.test(f))) {
    it(`testsuite ${n}`, () => {
      const f = resolve(suite, n);
      const defines = [
        { name: 'DIR', value: suite }, { name: 'CALLER', value: 'root' }, { name: 'CALLER_NAME', value: 'root' },
        { name: 'TESTNUM', value: n }, { name: 'EXIM_PATH', value: '/usr/sbin/exim4' }, { name: 'MAILGROUP', value: 'mail' },
        { name: 'PORT_D', value: '1225' },
      ];
      const d = run(f, readFileSync(f, 'latin1'), defines);
      const errors = d.filter((x) => x.startsWith('error'));
      const re = expected[n];
      for (const e of errors) expect(re && re.test(e) ? '' : e).toBe('');
      expect(d.filter((x) => !x.startsWith('error') && !expectedWarnings[n]?.test(x))).toEqual([]);
    });
  }

  // Debian's exim4-config: the template and the split conf.d, put together as update-exim4.conf does.
  const deb = resolve(dir, 'debian');
  const macros = () => {
    const ue: Record<string, string> = {};
    for (const l of readFileSync(resolve(deb, 'update-exim4.conf.conf'), 'latin1').split('\n')) {
      const m = /^(dc_\w+)='(.*)'$/.exec(l);
      if (m) ue[m[1]!] = m[2]!;
    }
    const seed: [string, string][] = [];
    if (ue.dc_local_interfaces) seed.push(['MAIN_LOCAL_INTERFACES', ue.dc_local_interfaces.includes(';') ? `<; ${ue.dc_local_interfaces}` : ue.dc_local_interfaces]);
    const relayNets = ue.dc_relay_nets ?? '';
    seed.push(
      ['MAIN_PACKAGE_VERSION', '4.96-15+deb12u11'],
      ['MAIN_LOCAL_DOMAINS', `@:localhost:${ue.dc_other_hostnames ?? ''}`.replace(/[;: ]*$/, '').replace(/;/g, ':')],
      ['MAIN_RELAY_TO_DOMAINS', ue.dc_relay_domains ?? ''],
      ['ETC_MAILNAME', 'mail.example.org'],
      ['LOCAL_DELIVERY', ue.dc_localdelivery ?? 'mail_spool'],
      ['MAIN_RELAY_NETS', relayNets.startsWith('<;') ? `${relayNets} ; 127.0.0.1 ; ::1` : `${relayNets} : 127.0.0.1 : ::::1`],
      ['DCreadhost', ue.dc_readhost ?? ''], ['DCsmarthost', ue.dc_smarthost ?? ''],
      ['DC_eximconfig_configtype', ue.dc_eximconfig_configtype ?? ''],
      [`DCconfig_${ue.dc_eximconfig_configtype}`, '1'],
    );
    return seed.map(([k, v]) => `.ifndef ${k}\n${k}=${v}\n.endif\n`).join('') + '##############################################\n';
  };
  const insertMacros = (text: string) => text.replace(/^(UPEX4CmacrosUPEX4C.*)$/m, `$1\n${macros()}`);

  it('Debian exim4.conf.template (as is)', () => {
    const f = resolve(deb, 'exim4.conf.template');
    expect(run(f, readFileSync(f, 'latin1'))).toEqual([]);
  });

  it('Debian exim4.conf.template with update-exim4.conf macros', () => {
    const f = resolve(deb, 'exim4.conf.template');
    expect(run(f, insertMacros(readFileSync(f, 'latin1')))).toEqual([]);
  });

  it('Debian split conf.d, concatenated as update-exim4.conf does', () => {
    let text = '';
    for (const section of ['main', 'acl', 'router', 'transport', 'retry', 'rewrite', 'auth']) {
      const d = resolve(deb, 'conf.d', section);
      // run-parts: names of [[:alnum:]_-] only, in C-locale order; file.rul replaces file
      const names = readdirSync(d).filter((n) => /^[A-Za-z0-9_-]+$/.test(n)).sort();
      for (const n of names) {
        const p = existsSync(resolve(d, `${n}.rul`)) ? resolve(d, `${n}.rul`) : resolve(d, n);
        text += `#####\n### ${p}\n#####\n${readFileSync(p, 'latin1')}\n#####\n### end ${p}\n#####\n`;
      }
    }
    expect(run(resolve(deb, 'exim4.conf.split'), insertMacros(text))).toEqual([]);
  });
});
