// Conditions that match a list against a session fact: hosts, domains,
// local_parts, senders, recipients, sender_domains, authenticated, encrypted.
import type { AclConditionEntry } from '../types.js';
import type { AclWhere } from '../where.js';
import { notYet, only, NO_SENDER } from './common.js';

export const lists: AclConditionEntry[] = [
  notYet('authenticated', 'list matching', 'authenticated = <list>: the client authenticated with an id matching the list',
    new Set<AclWhere>(['NOTSMTP', 'NOTSMTP_START', 'CONNECT', 'HELO']), false),
  notYet('domains', 'list matching', 'domains = <domain list>: the recipient domain matches',
    only('RCPT', 'VRFY', 'PRDR'), false),
  notYet('encrypted', 'list matching', 'encrypted = <list of ciphers>: the connection is TLS-encrypted with a matching cipher',
    new Set<AclWhere>(['NOTSMTP', 'NOTSMTP_START', 'HELO']), false),
  notYet('hosts', 'list matching', 'hosts = <host list>: the client host matches',
    new Set<AclWhere>(['NOTSMTP', 'NOTSMTP_START']), false),
  notYet('local_parts', 'list matching', 'local_parts = <local part list>: the recipient local part matches',
    only('RCPT', 'VRFY', 'PRDR'), false),
  notYet('recipients', 'list matching', 'recipients = <address list>: the recipient address matches (RCPT ACL)', only('RCPT'), false),
  notYet('sender_domains', 'list matching', 'sender_domains = <domain list>: the sender domain matches', NO_SENDER, false),
  notYet('senders', 'list matching', 'senders = <address list>: the sender address matches', NO_SENDER, false),
];
