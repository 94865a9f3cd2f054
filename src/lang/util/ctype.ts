// C's <ctype.h> tests Exim relies on, for one byte.

/** isspace() of a one-char string: space, \t, \n, \v, \f, \r */
export const isSpace = (c: string | undefined) => c !== undefined && (c === ' ' || (c >= '\t' && c <= '\r'));

/** isspace() of a char code */
export const isSpaceCode = (c: number) => c === 32 || (c >= 9 && c <= 13);
