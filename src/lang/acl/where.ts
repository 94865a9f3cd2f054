// Where an ACL runs (Exim's ACL_WHERE_* in macros.h order) and the names
// Exim uses for each in messages (acl_wherenames[]).

export const ACL_WHERES = [
  'RCPT', 'MAIL', 'PREDATA', 'MIME', 'DKIM', 'DATA', 'PRDR', 'NOTSMTP',
  'AUTH', 'CONNECT', 'ETRN', 'EXPN', 'HELO', 'MAILAUTH', 'NOTSMTP_START',
  'NOTQUIT', 'QUIT', 'STARTTLS', 'VRFY', 'DELIVERY', 'UNKNOWN',
] as const;

export type AclWhere = typeof ACL_WHERES[number];

/** acl_wherenames[]: how messages name each place */
export const ACL_WHERE_NAMES: Readonly<Record<AclWhere, string>> = {
  RCPT: 'RCPT', MAIL: 'MAIL', PREDATA: 'PREDATA', MIME: 'MIME', DKIM: 'DKIM',
  DATA: 'DATA', PRDR: 'PRDR', NOTSMTP: 'non-SMTP', AUTH: 'AUTH',
  CONNECT: 'connection', ETRN: 'ETRN', EXPN: 'EXPN', HELO: 'EHLO or HELO',
  MAILAUTH: 'MAILAUTH', NOTSMTP_START: 'non-SMTP-start', NOTQUIT: 'NOTQUIT',
  QUIT: 'QUIT', STARTTLS: 'STARTTLS', VRFY: 'VRFY', DELIVERY: 'delivery',
  UNKNOWN: 'unknown',
};

/** Exim's "where <= ACL_WHERE_NOTSMTP": the ACL is about a message (header lines can be added) */
export function isMessageAcl(where: AclWhere): boolean {
  return ACL_WHERES.indexOf(where) <= ACL_WHERES.indexOf('NOTSMTP');
}

/** the complement of a where-set, for tables written as "allowed only in ..." */
export function allExcept(allowed: readonly AclWhere[]): AclWhere[] {
  return ACL_WHERES.filter((w) => !allowed.includes(w));
}
