/**
 * "Did you mean …?" suggestions: the closest candidate by Levenshtein distance (at most 2 edits,
 * case-insensitive). The generator's schema loader already has the one implementation.
 */
export { closestName } from '../../harness/generator/diagnostics';

import { closestName } from '../../harness/generator/diagnostics';

/** ` — did you mean x?` style hint text, or `fallback` when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>, fallback: string): string {
  const suggestion = closestName(name, candidates);
  return suggestion ? `did you mean ${suggestion}?` : fallback;
}
