// ${authresults{<authserv-id>}}: an Authentication-Results: header from what
// this session knows (local submission, iprev, smtp.auth), then the SPF, DKIM,
// DMARC and ARC pieces their owners put in the context.
import type { ItemEntry } from '../expand-api.js';

/** Result pieces other layers may set in ctx.authResults, each formatted as ";\n\t<method>=..." */
export interface AuthResultsParts {
  spf?: string;
  dkim?: string;
  dmarc?: string;
  arc?: string;
}

const v = (ctx: any, name: string): string => ctx.getVar?.(name) ?? '';

export const authresultsItem: ItemEntry = {
  name: 'authresults',
  doc: '${authresults{<authserv-id>}}: an Authentication-Results: header for this message',
  asRead: true,
  parse(p, name) {
    return { args: p.readSubs(1, 1, true, name) };
  },
  run(node, ev) {
    const ctx = ev.ctx;
    const id = ev.str(node.args[0]);
    // Exim writes "<id>; none" and cuts the "; none" off again before adding the results
    let out = `Authentication-Results: ${id}`;
    // authres_local(): a message submitted locally
    if (ctx.authenticationLocal) {
      out += `;\n\tlocal=pass (non-smtp, ${id})`;
      if (v(ctx, 'authenticated_id')) out += ` u=${v(ctx, 'authenticated_id')}`;
    }
    // authres_iprev(): the client's reverse lookup
    const host = v(ctx, 'sender_host_address');
    const name = v(ctx, 'sender_host_name');
    const lookup: string | undefined = ctx.hostLookupState;
    let iprev: string | undefined;
    if (name) iprev = `;\n\tiprev=pass (${name})`;
    else if (lookup === 'deferred') iprev = ';\n\tiprev=temperror';
    else if (lookup === 'failed') iprev = ';\n\tiprev=fail';
    if (iprev !== undefined) out += iprev + (host ? ` smtp.remote-ip=${host}` : '');
    // authres_smtpauth(): the authenticator the client used
    if (v(ctx, 'sender_host_authenticated')) {
      const pub: string = ctx.authPublicName ?? v(ctx, 'sender_host_authenticated');
      const aid = v(ctx, 'authenticated_id');
      out += `;\n\tauth=pass (${pub}`;
      if (pub === 'tls') out += aid ? `) x509.auth=${aid}` : ') reason=x509.auth';
      else out += aid ? `) smtp.auth=${aid}` : ', no id saved)';
      const sender = v(ctx, 'authenticated_sender');
      if (sender) out += ` smtp.mailfrom=${sender}`;
    }
    const parts: AuthResultsParts = ctx.authResults ?? {};
    return out + (parts.spf ?? '') + (parts.dkim ?? '') + (parts.dmarc ?? '') + (parts.arc ?? '');
  },
};
