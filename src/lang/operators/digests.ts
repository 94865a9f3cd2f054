// Message digests: md5, sha1, sha2_N, sha256, sha3_N (hex of the bytes).
import { ExpandError, type OperatorEntry } from '../expand-api.js';
import { nodeCrypto } from '../util/builtins.js';

// crypto.hash() (Node 20.12+) digests in one call, at half the cost of a Hash object for short input
let oneShot: ((algo: string, data: Buffer, enc: 'hex') => string) | undefined;
const hashOnce = () => {
  const crypto = nodeCrypto();
  return (crypto as { hash?: typeof oneShot }).hash ?? ((algo: string, data: Buffer, enc: 'hex') => crypto.createHash(algo).update(data).digest(enc));
};
const digest = (algo: string, s: string) => (oneShot ??= hashOnce())(algo, Buffer.from(s, 'latin1'), 'hex');

/**
 * ${md5:$tls_in_peercert} digests the certificate; with none (there is no TLS
 * session here) Exim digests the text it read, the variable's name.
 */
const subject = (arg: string, node: { certVar?: string }) => node.certVar ?? arg;
const certOrText = (fn: (s: string) => string) => (arg: string, _suffix: string, _ev: unknown, node: { certVar?: string }) =>
  fn(subject(arg, node));

/** sha2_N and sha256_N: N is 256, 384 or 512 */
function sha2(arg: string, suffix: string): string {
  const bits = suffix ? suffix.slice(1) : '256';
  if (!['256', '384', '512'].includes(bits)) throw new ExpandError('unrecognised sha2 variant');
  return digest(`sha${bits}`, arg).toUpperCase();
}

export const digestOperators: OperatorEntry[] = [
  {
    name: 'md5', certArg: true, keepsTaint: false,
    doc: '${md5:<string>}: MD5 digest, 32 lower-case hex digits',
    run: certOrText((s) => digest('md5', s)),
  },
  {
    name: 'sha1', certArg: true, keepsTaint: false,
    doc: '${sha1:<string>}: SHA-1 digest, 40 upper-case hex digits',
    run: certOrText((s) => digest('sha1', s).toUpperCase()),
  },
  {
    name: 'sha256', certArg: true, keepsTaint: false,
    doc: '${sha256:<string>}: SHA-256 digest, upper-case hex (sha256_N as sha2_N)',
    run: (arg, suffix, _ev, node) => sha2(subject(arg, node), suffix),
  },
  {
    name: 'sha2', keepsTaint: false,
    doc: '${sha2_<n>:<string>}: SHA-2 digest with n = 256 (default), 384 or 512, upper-case hex',
    run: (arg, suffix) => sha2(arg, suffix),
  },
  {
    name: 'sha3', keepsTaint: false,
    doc: '${sha3_<n>:<string>}: SHA-3 digest with n = 224, 256 (default), 384 or 512, upper-case hex',
    run(arg, suffix) {
      const bits = suffix ? suffix.slice(1) : '256';
      if (!['224', '256', '384', '512'].includes(bits)) throw new ExpandError('unrecognised sha3 variant');
      return digest(`sha3-${bits}`, arg).toUpperCase();
    },
  },
];
