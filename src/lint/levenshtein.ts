// "did you mean" hints: the closest known name by edit distance.
import { suggestOption } from '../lang/options/values.js';

/** The closest name to `name`, if close enough to be a likely typo. */
export function didYouMean(name: string, names: Iterable<string>): string | undefined {
  return name ? suggestOption(name, names) : undefined;
}

/** "; did you mean X?" or '' */
export function hint(name: string, names: Iterable<string>): string {
  const m = didYouMean(name, names);
  return m ? `; did you mean ${m}?` : '';
}
