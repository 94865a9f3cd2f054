// What bin/exim-ts.cjs's first line changes in node's environment, and how
// the run gives the user's environment back before anything reads it.
//
//   #!/usr/bin/env -S -u NODE_EXTRA_CA_CERTS EXIM_TS_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} ...
//
// - NODE_EXTRA_CA_CERTS is left out: node 20 reads that file as it starts
//   (40-50 ms for a system CA bundle); extra-ca.ts gives its certificates to
//   TLS when a connection first needs them.
// - GLIBC_TUNABLES gets a malloc trim threshold of 64 MB. Left to itself,
//   glibc gives freed memory at the top of its heaps back to the system
//   (and maps big blocks afresh each time); V8's optimising compiler
//   allocates and frees such memory all the time, and every page of it
//   taken again is a page fault (20 us on this kind of virtual machine):
//   5,000 faults in a 100,000-line -be, a tenth of its time. A trim
//   threshold set by hand also keeps glibc's mmap threshold from moving.
//   The user's own tunables come after ours, and so win.
//
// Each variable travels under an EXIM_TS_ name, empty when it was unset
// (env -S cannot tell the two apart; an empty one means nothing to either).
import { deferExtraCa } from './extra-ca.js';

/** Called first thing in main(): the environment as the user gave it. */
export function adoptStartEnv(env: NodeJS.ProcessEnv = process.env): void {
  const ca = handedOver(env, 'EXIM_TS_EXTRA_CA_CERTS', 'NODE_EXTRA_CA_CERTS');
  if (ca !== undefined) deferExtraCa(ca);
  handedOver(env, 'EXIM_TS_GLIBC_TUNABLES', 'GLIBC_TUNABLES');
}

/** the variable `name` set back from its carrier `carrier`; its value, or undefined when none was handed over */
function handedOver(env: NodeJS.ProcessEnv, carrier: string, name: string): string | undefined {
  const value = env[carrier];
  if (value === undefined) return undefined;
  delete env[carrier];
  if (value === '') {
    delete env[name];
    return undefined;
  }
  env[name] = value;
  return value;
}
