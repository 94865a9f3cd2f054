// The database client libraries load when a lookup first needs one, so a
// run that never touches a server (most -be runs) does not pay for them.
import { createRequire } from 'node:module';
import { nodeTls } from '../../lang/util/builtins.js';
import { deferredExtraCa } from '../../lang/util/extra-ca.js';

const load = createRequire(import.meta.url);

/** the client library (CommonJS, so it can load synchronously: sqlite lookups are synchronous) */
export function driver<T>(name: 'pg' | 'mysql2' | 'ioredis' | 'better-sqlite3'): T {
  // the drivers' TLS connections trust what node:tls was given (NODE_EXTRA_CA_CERTS)
  if (name !== 'better-sqlite3' && deferredExtraCa() !== undefined) nodeTls();
  return load(name) as T;
}
