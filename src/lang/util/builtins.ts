// Node's socket, process and crypto modules, loaded on first use. Loading them costs
// milliseconds that every -be or `expand` run would pay at start-up, while
// only ${readsocket}, ${run}, network DNS, the digests and GC tuning ever need them.
import { createRequire } from 'node:module';
import { withDeferredExtraCa } from './extra-ca.js';

const load = createRequire(import.meta.url);

function lazy<T>(name: string): () => T {
  let m: T | undefined;
  return () => (m ??= load(name) as T);
}

export const nodeCrypto = lazy<typeof import('node:crypto')>('node:crypto');
export const nodeNet = lazy<typeof import('node:net')>('node:net');
const loadTls = lazy<typeof import('node:tls')>('node:tls');
/** node:tls, trusting NODE_EXTRA_CA_CERTS when the start-up left it for later (extra-ca.ts) */
export const nodeTls = () => withDeferredExtraCa(loadTls());
export const nodeDns = lazy<typeof import('node:dns/promises')>('node:dns/promises');
export const nodeDgram = lazy<typeof import('node:dgram')>('node:dgram');
export const nodeChildProcess = lazy<typeof import('node:child_process')>('node:child_process');
export const nodeV8 = lazy<typeof import('node:v8')>('node:v8');
