/** Consecutive runs of sorted items: the articles of one year, or of one month of it. Pure. */

/** Splits `items` into runs of neighbours with the same key, in order: [[a, a], [b], [a]] for keys a a b a. */
export function runsOf<T, K>(items: readonly T[], keyOf: (item: T) => K): T[][] {
  const runs: T[][] = [];
  items.forEach((item, i) => {
    if (i > 0 && keyOf(items[i - 1]!) === keyOf(item)) runs.at(-1)!.push(item);
    else runs.push([item]);
  });
  return runs;
}
