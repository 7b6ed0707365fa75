/** Related articles: shared tags weighted by rarity, then closeness in time. Pure. */

/** What ranking needs of an article: its tags (any identity) and its instant. */
export interface Rankable<T> {
  tags: readonly T[];
  /** Milliseconds since the epoch. */
  epochMs: number;
}

/** How many articles a tag may bring in as candidates, nearest in time first. See `relatedArticles`. */
export const CANDIDATES_PER_TAG = 400;

/**
 * For each article (by position), the positions of up to `limit` related articles, best first.
 * An article scores the sum, over the tags it shares, of ln(1 + N / articles with that tag), so
 * a rare shared tag counts for more than a common one; equal scores go to the nearer in time,
 * then to the earlier position. Articles sharing no tag are never related.
 *
 * `articles` must be sorted by time (either direction). A tag on more than CANDIDATES_PER_TAG
 * articles contributes only its CANDIDATES_PER_TAG articles nearest in time to the one being
 * ranked: a tag that common weighs little, and without the bound a 100,000-article archive
 * with a tag on every other article would compare billions of pairs.
 */
export function relatedArticles<T>(articles: readonly Rankable<T>[], limit = 5): number[][] {
  const count = articles.length;
  const members = new Map<T, number[]>(); // tag → positions, ascending (so sorted by time)
  articles.forEach((article, position) => {
    for (const tag of article.tags) {
      const list = members.get(tag);
      if (list) list.push(position);
      else members.set(tag, [position]);
    }
  });
  // Whole micro-units, so that sums are exact and equal tag sets tie whatever order they were added in.
  const weight = new Map([...members].map(([tag, list]) => [tag, Math.round(1e6 * Math.log(1 + count / list.length))]));

  const scores = new Float64Array(count);
  const touched: number[] = [];
  return articles.map((article, self) => {
    for (const tag of article.tags) {
      const list = members.get(tag)!;
      const w = weight.get(tag)!;
      const [from, to] = nearestWindow(list, self, CANDIDATES_PER_TAG);
      for (let i = from; i < to; i++) {
        const other = list[i]!;
        if (other === self) continue;
        const score = scores[other]!;
        if (score === 0) touched.push(other);
        scores[other] = score + w;
      }
    }
    // The best `limit` of the candidates, kept sorted by insertion: a full sort of up to
    // 5 × CANDIDATES_PER_TAG candidates for every article was most of the time at 10,000 articles.
    const better = (a: number, b: number): boolean => {
      const byScore = scores[a]! - scores[b]!;
      if (byScore !== 0) return byScore > 0;
      const byTime = Math.abs(articles[a]!.epochMs - article.epochMs) - Math.abs(articles[b]!.epochMs - article.epochMs);
      return byTime !== 0 ? byTime < 0 : a < b;
    };
    const best: number[] = [];
    for (const other of touched) {
      if (best.length === limit && !better(other, best[limit - 1]!)) continue;
      let at = Math.min(best.length, limit - 1);
      while (at > 0 && better(other, best[at - 1]!)) at--;
      best.splice(at, 0, other);
      if (best.length > limit) best.pop();
    }
    for (const other of touched) scores[other] = 0;
    touched.length = 0;
    return best;
  });
}

// The window [from, to) of at most `size` entries of the sorted `list` centred on `position`.
function nearestWindow(list: readonly number[], position: number, size: number): [number, number] {
  if (list.length <= size) return [0, list.length];
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (list[mid]! < position) low = mid + 1;
    else high = mid;
  }
  const from = Math.min(Math.max(0, low - (size >> 1)), list.length - size);
  return [from, from + size];
}
