// verify_check_host() for the host-list options the SMTP engine consults
// (pipelining_advertise_hosts, hosts_require_helo, ...): the client against
// the list, names looked up through the session's DNS service when an item
// needs them. Unset lists match nothing.
import type { ExpandContext } from '../runtime/expand/context.js';
import { Evaluation } from '../runtime/expand/evaluator.js';
import { matchHostList } from '../lang/match/host.js';
import { HostNames, keepHostLookup } from '../lang/match/host-names.js';
import { matchServices } from '../lang/conditions/lists.js';

export function hostInList(ctx: ExpandContext, list: string | undefined, option?: string): 'ok' | 'fail' | 'defer' | Promise<'ok' | 'fail' | 'defer'> {
  if (list === undefined) {
    if (option) ctx.trace?.(`host in ${option}? no (option unset)`);
    return 'fail';
  }
  // the usual values need no evaluation
  if (list === '*' && option) {
    ctx.trace?.(`host in ${option}? yes (matched "*")`);
    return 'ok';
  }
  if (list === '' && option) {
    ctx.trace?.(`host in ${option}? no (end of list)`);
    return 'fail';
  }
  const address = ctx.values.get('sender_host_address') ?? '';
  const known = ctx.values.get('sender_host_name');
  const r = new Evaluation(ctx).perform((ev) => {
    const names = new HostNames(address, known ? { name: known, aliases: [] } : undefined,
      ctx.getVar('host_lookup_failed') === '1', ctx.services.dns, (op) => ev.io(op), ctx.trace);
    const svc = matchServices(ev);
    svc.namedCache = ctx.listCaches.host;
    return matchHostList({ address, names }, list, svc, 0, option).rc;
  });
  const conv = (rc: string) => (rc === 'ok' ? 'ok' : rc === 'fail' ? 'fail' : 'defer') as 'ok' | 'fail' | 'defer';
  return r instanceof Promise ? r.then(conv, () => 'defer') : conv(r);
}

/** host_name_lookup() at connection time (host_lookup matched): $sender_host_name, or the reason there is none */
export async function lookupHostName(ctx: ExpandContext, log: (text: string) => void): Promise<void> {
  const address = ctx.values.get('sender_host_address') ?? '';
  let names: HostNames | undefined;
  try {
    await new Evaluation(ctx).perform((ev) => {
      names = new HostNames(address, undefined, false, ctx.services.dns, (op) => ev.io(op), ctx.trace);
      return names.lookup();
    });
  } catch {
    return;
  }
  keepHostLookup(ctx, names?.outcome, log);
}
