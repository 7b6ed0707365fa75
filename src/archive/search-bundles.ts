/**
 * How the search index is split: one Pagefind bundle per year of articles, and a year with more
 * than BUNDLE_LIMIT articles split into runs of whole months. The search page loads the newest
 * bundle and merges the others into it (Pagefind's `mergeIndex`), so one query searches them all;
 * a build indexes again only the bundles whose article pages changed. Pure.
 */
import { runsOf } from "./runs.ts";
import type { ArticlePage, SearchBundle } from "./types.ts";

/** Most articles one bundle holds, unless a single month has more. */
export const BUNDLE_LIMIT = 2000;

/** The bundles of `articles` (newest first), newest bundle first; none for an archive without articles. */
export function planSearchBundles(articles: readonly ArticlePage[], limit = BUNDLE_LIMIT): SearchBundle[] {
  const bundles: SearchBundle[] = [];
  for (const year of runsOf(articles, (page) => page.date.year)) {
    if (year.length <= limit) {
      bundles.push(bundle(String(year[0]!.date.year).padStart(4, "0"), year));
      continue;
    }
    // Whole months, newest first, gathered while they fit; a bundle is named after its oldest month.
    let run: ArticlePage[] = [];
    const close = () => {
      const oldest = run.at(-1)!.date;
      bundles.push(bundle(`${String(oldest.year).padStart(4, "0")}-${String(oldest.month).padStart(2, "0")}`, run));
      run = [];
    };
    for (const month of runsOf(year, (page) => page.date.month)) {
      if (run.length > 0 && run.length + month.length > limit) close();
      run = [...run, ...month];
    }
    close();
  }
  return bundles;
}

function bundle(id: string, items: ArticlePage[]): SearchBundle {
  return { id, url: `/pagefind/${id}/`, items };
}
