// The shape of an option table entry: one per main, generic or driver option.
export type OptionType =
  | 'stringptr' | 'bool' | 'bool_verify' | 'bool_set' | 'expand_bool' | 'int' | 'mkint' | 'Kint'
  | 'octint' | 'fixed' | 'time' | 'timelist' | 'uid' | 'gid' | 'uidlist' | 'gidlist'
  | 'expand_uid' | 'expand_gid' | 'rewrite' | 'func' | 'void' | 'bit';

export interface OptionEntry {
  type: OptionType;
  /** the value is expanded when used */
  expanded?: boolean;
  /** the default as the spec gives it */
  default?: string;
  /** may be set more than once (values combined) */
  repeatable?: boolean;
  /** compiled out of Debian's exim4-daemon-heavy */
  notInDebian?: boolean;
  /** the type as the spec words it */
  spec?: string;
}
