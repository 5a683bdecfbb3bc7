/**
 * "Did you mean …?" suggestions: the closest candidate by Levenshtein distance (at most 2 edits,
 * case-insensitive), from the engine's one implementation (types/names.ts).
 */
import { closestName } from '../../types/names';

/** ` — did you mean x?` style hint text, or `fallback` when nothing is close. */
export function didYouMean(name: string, candidates: Iterable<string>, fallback: string): string {
  const suggestion = closestName(name, candidates);
  return suggestion ? `did you mean ${suggestion}?` : fallback;
}
