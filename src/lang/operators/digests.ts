// Message digests: md5, sha1, sha2_N, sha256, sha3_N (hex of the bytes).
import { createHash } from 'node:crypto';
import { ExpandError, type OperatorEntry } from '../expand-api.js';

const digest = (algo: string, s: string) => createHash(algo).update(Buffer.from(s, 'latin1')).digest('hex');

/** a certificate variable's fingerprint is not available without TLS: empty, as unset */
const certOrText = (fn: (s: string) => string) => (arg: string, _suffix: string, _ev: unknown, node: { certVar?: string }) =>
  node.certVar !== undefined ? '' : fn(arg);

export const digestOperators: OperatorEntry[] = [
  {
    name: 'md5', certArg: true,
    doc: '${md5:<string>}: MD5 digest, 32 lower-case hex digits',
    run: certOrText((s) => digest('md5', s)),
  },
  {
    name: 'sha1', certArg: true,
    doc: '${sha1:<string>}: SHA-1 digest, 40 upper-case hex digits',
    run: certOrText((s) => digest('sha1', s).toUpperCase()),
  },
  {
    name: 'sha256', certArg: true,
    doc: '${sha256:<string>}: SHA-256 digest, upper-case hex',
    run(arg, suffix, _ev, node) {
      if (node.certVar !== undefined) return '';
      if (suffix) throw new ExpandError('unrecognised sha2 variant');
      return digest('sha256', arg).toUpperCase();
    },
  },
  {
    name: 'sha2',
    doc: '${sha2_<n>:<string>}: SHA-2 digest with n = 256 (default), 384 or 512, upper-case hex',
    run(arg, suffix) {
      const bits = suffix ? suffix.slice(1) : '256';
      if (!['256', '384', '512'].includes(bits)) throw new ExpandError('unrecognised sha2 variant');
      return digest(`sha${bits}`, arg).toUpperCase();
    },
  },
  {
    name: 'sha3',
    doc: '${sha3_<n>:<string>}: SHA-3 digest with n = 224, 256 (default), 384 or 512, upper-case hex',
    run(arg, suffix) {
      const bits = suffix ? suffix.slice(1) : '256';
      if (!['224', '256', '384', '512'].includes(bits)) throw new ExpandError('unrecognised sha3 variant');
      return digest(`sha3-${bits}`, arg).toUpperCase();
    },
  },
];
