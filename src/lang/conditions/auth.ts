// Authentication conditions: pam, radius, ldapauth, pwcheck, saslauthd.
// Each runs through a service in the context (ev.ctx.auth); Exim's Debian
// build has no RADIUS or pwcheck support, so those fail as it does.
import { ExpandError, type ConditionEntry } from '../expand-api.js';
import { readOne } from './args.js';
import { readCondSubs } from './subs.js';

/** What an authentication service answers: ok, fail, or an error / defer with a message. */
export interface AuthResult { rc: 'ok' | 'fail' | 'defer' | 'error'; message?: string }

/**
 * The hooks a context may provide as `ctx.auth`. Each gets the expanded
 * argument(s) and may return a promise (run through ev.io).
 */
export interface AuthServices {
  pam?(data: string): AuthResult | Promise<AuthResult>;
  ldapauth?(query: string): AuthResult | Promise<AuthResult>;
  saslauthd?(user: string, password: string, service?: string, realm?: string): AuthResult | Promise<AuthResult>;
}

function outcome(r: AuthResult): boolean {
  if (r.rc === 'error' || r.rc === 'defer') throw new ExpandError(r.message ?? '', { defer: r.rc === 'defer' });
  return r.rc === 'ok';
}

function serviceCond(name: 'pam' | 'ldapauth', doc: string): ConditionEntry {
  return {
    name,
    doc,
    parse: (p, n) => ({ args: [readOne(p, n)] }),
    test(node, ev) {
      const arg = ev.str(node.args[0]);
      const svc = (ev.ctx.auth as AuthServices | undefined)?.[name];
      // without a service this build has no such support, and says so as Exim does
      if (!svc) throw new ExpandError(`support for "${name}" not compiled`);
      return outcome(ev.io(() => svc(arg)));
    },
  };
}

function notCompiled(name: string, doc: string): ConditionEntry {
  return {
    name,
    doc,
    parse: (p, n) => ({ args: [readOne(p, n)] }),
    test(node, ev) {
      ev.str(node.args[0]);
      throw new ExpandError(`support for "${name}" not compiled`);
    },
  };
}

export const authConditions: ConditionEntry[] = [
  serviceCond('pam', 'pam {<user>:<password>...}: PAM authentication (colon-separated data)'),
  serviceCond('ldapauth', 'ldapauth {<ldap query with user= and pass=>}: LDAP bind authentication'),
  notCompiled('radius', 'radius {<user>:<password>}: RADIUS authentication (not in the Debian build)'),
  notCompiled('pwcheck', 'pwcheck {<user>:<password>}: Cyrus pwcheck authentication (not in the Debian build)'),
  {
    name: 'saslauthd',
    doc: 'saslauthd {{<user>}{<password>}{<service>}{<realm>}}: authentication through the saslauthd daemon',
    parse(p, n) {
      if (p.skipWs() !== '{') p.fail(`missing { after "${n}"`);
      p.take('{');
      return { args: readCondSubs(p, 4, 2, true, n, 'too few arguments or bracketing error for saslauthd') };
    },
    test(node, ev) {
      const [user, pw, service, realm] = node.args.map((a) => ev.str(a));
      const svc = (ev.ctx.auth as AuthServices | undefined)?.saslauthd;
      if (!svc) throw new ExpandError('cannot connect to saslauthd daemon at /var/run/saslauthd/mux: No such file or directory');
      // the realm counts only with a service
      return outcome(ev.io(() => svc(user!, pw!, service, service === undefined ? undefined : realm)));
    },
  },
];
