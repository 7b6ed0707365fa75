/** "Did you mean …?" for a misspelt name: the nearest known one, when it is near enough to be meant. */
import { closest, distance } from "fastest-levenshtein";

/** The known name nearest to `name` (ignoring case) when it is at most a third of its length away (2 for short names), else null. */
export function suggestName(name: string, known: readonly string[]): string | null {
  if (known.length === 0) return null;
  const nearest = closest(name.toLowerCase(), [...known]);
  return distance(name.toLowerCase(), nearest.toLowerCase()) <= Math.max(2, Math.floor(nearest.length / 3)) ? nearest : null;
}
