// Sender authentication results: spf, spf_guess, dkim_signers, dkim_status
// (and dmarc_status, which Debian's build lacks).
import type { AclConditionEntry } from '../types.js';
import type { AclWhere } from '../where.js';
import { notYet, only } from './common.js';

export const auth: AclConditionEntry[] = [
  notYet('dkim_signers', 'list matching', 'dkim_signers = <list>: the current DKIM signer matches the list (DKIM ACL)', only('DKIM')),
  notYet('dkim_status', 'list matching', 'dkim_status = <list>: the DKIM verification status matches the list (DKIM ACL)', only('DKIM')),
  notYet('spf', 'SPF', 'spf = <list of results>: the SPF check of the sender gives one of these',
    new Set<AclWhere>(['AUTH', 'CONNECT', 'HELO', 'MAILAUTH', 'ETRN', 'EXPN', 'STARTTLS', 'VRFY', 'NOTSMTP', 'NOTSMTP_START'])),
  notYet('spf_guess', 'SPF', 'spf_guess = <list of results>: as spf, with a guessed record when there is none',
    new Set<AclWhere>(['AUTH', 'CONNECT', 'HELO', 'MAILAUTH', 'ETRN', 'EXPN', 'STARTTLS', 'VRFY', 'NOTSMTP', 'NOTSMTP_START'])),
];
