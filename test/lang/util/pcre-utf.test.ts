// PCRE2 UTF mode ((*UTF)) through the byte-pattern rewrite; expectations recorded from exim 4.96 -be.
import { describe, expect, it } from 'vitest';
import { be } from '../../helpers/expand.js';

const cases: [string, string][] = [
  ['${if match{Ä}{(*UTF)(?i)ä}{yes}{no}}', 'yes'],
  ['${sg{Grüße}{(*UTF)[ü]}{X}}', 'GrXße'],
  ['${sg{日本語}{(*UTF).}{.}}', '...'],
  ['${if match{Grüße}{(*UTF)^Gr.ße\\$}{yes}{no}}', 'yes'],
  ['${sg{ü}{(*UTF).}{X}}', 'X'],
  ['${sg{aüb}{(*UTF)[^a]}{X}}', 'aXX'],
  ['${sg{AÜb}{(*UTF)(?i)[ü]}{X}}', 'AXb'],
  ['${if match{ü}{(*UTF)^.\\$}{y}{n}}', 'y'],
  ['${if match{ü}{^.\\$}{y}{n}}', 'n'],
  ['${sg{日本語}{(*UTF)本}{X}}', '日X語'],
  ['${sg{aüöb}{(*UTF)[üö]+}{X}}', 'aXb'],
  ['${sg{aüöb}{(*UTF)[^üö]}{X}}', 'XüöX'],
  ['${sg{AÜB}{(*UTF)(?i)ü}{x}}', 'AxB'],
  ['${if match{ab}{(*UTF8)^a.\\$}{y}{n}}', 'y'],
  ['${sg{x日y}{(*UTF)[^a-z]}{_}}', 'x_y'],
  ['${if match{ab}{(*UTF)a(b}{y}{n}}', 'Failed: regular expression error in "(*UTF)a(b": missing closing parenthesis at offset 9'],
];

describe('(*UTF) patterns', () => {
  it.each(cases)('%s', (input, want) => expect(be(input)).toBe(want));
});
