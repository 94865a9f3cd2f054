// Conditions on the message content: regex, mime_regex, decode, malware, spam.
import type { AclConditionEntry } from '../types.js';
import { notYet, only, MESSAGE_DATA } from './common.js';

export const content: AclConditionEntry[] = [
  notYet('decode', 'MIME decoding', 'decode = <location>: decode the current MIME part to a file (MIME ACL)', only('MIME')),
  notYet('malware', 'a malware scanner', 'malware = <regex>[/<options>]: a virus scanner found malware', only(...MESSAGE_DATA)),
  notYet('mime_regex', 'MIME decoding', 'mime_regex = <regex list>: the decoded MIME part matches (MIME ACL)', only('MIME')),
  notYet('regex', 'message body access', 'regex = <regex list>: the message body matches', only('DATA', 'PRDR', 'NOTSMTP', 'MIME')),
  notYet('spam', 'SpamAssassin', 'spam = <user>[/<options>]: SpamAssassin says the message is spam', only(...MESSAGE_DATA)),
];
