// NODE_EXTRA_CA_CERTS, read when TLS needs it rather than at start-up.
//
// Node 20 loads the file named by NODE_EXTRA_CA_CERTS into its root store as
// the process starts, before any script runs: for a system bundle (Debian's
// ca-certificates.crt, 140 certificates) that is 40-50 ms of every run, a
// tenth of a 100,000-line `-be`, and most runs never open a TLS connection.
// bin/exim-ts.cjs starts node without it (start-env.ts puts it back in the
// environment), and TLS clients made through node:tls get the certificates
// node would have added: its bundled roots plus the file's.
import { readFileSync } from 'node:fs';
import type * as Tls from 'node:tls';

let deferred: string | undefined;

/** the start-up left this file for later (start-env.ts) */
export function deferExtraCa(file: string): void {
  deferred = file;
}

/** the file whose certificates TLS contexts add, when node did not read it at start-up */
export const deferredExtraCa = (): string | undefined => deferred;

const patched = new WeakSet<object>();

/**
 * Gives `tls` (node:tls, when first loaded) the deferred certificates: a
 * secure context made without a `ca` of its own trusts node's roots and the
 * file's certificates, as it would have with NODE_EXTRA_CA_CERTS read at
 * start-up. Nothing changes when nothing was deferred.
 */
export function withDeferredExtraCa(tls: typeof Tls): typeof Tls {
  if (deferred === undefined || patched.has(tls)) return tls;
  patched.add(tls);
  let ca: string[] | undefined;
  const trusted = (): string[] => {
    if (ca) return ca;
    let extra: string[] = [];
    // node warns and goes on without them when the file cannot be read
    try { extra = readFileSync(deferred!, 'latin1').match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []; } catch (e) {
      process.emitWarning(`Ignoring extra certs from \`${deferred}\`, load failed: ${(e as Error).message}`);
    }
    return (ca = [...tls.rootCertificates, ...extra]);
  };
  const original = tls.createSecureContext;
  // tls.connect() and the drivers reach the context through this export
  tls.createSecureContext = (options?: Tls.SecureContextOptions) =>
    original(options?.ca !== undefined ? options : { ...options, ca: trusted() });
  return tls;
}
