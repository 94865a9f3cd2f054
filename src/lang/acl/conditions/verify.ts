// verify = sender, recipient, helo, header_syntax, header_sender,
// reverse_host_lookup, not_blind, csa, certificate, header_names_ascii, arc.
import type { AclConditionEntry } from '../types.js';
import { notYet } from './common.js';

export const verify: AclConditionEntry[] = [
  notYet('verify', 'address and host verification', 'verify = <what>[/<options>]: verify the sender, recipient, header syntax, ...'),
];
