/**
 * Which pages a build must render and which it can reuse from the previous output unchanged.
 * A page's key is a hash of everything it is rendered from: its own record (article or listing
 * page, with everything they embed) and a build-wide key (templates, site, code). Pure.
 */
import type { Archive, ArticlePage, RenderSet } from "../archive/types.ts";
import { sha256 } from "../shared/hash.ts";

/** The outcome of planning: pages to render, pages to reuse, and every page's key for next time. */
export interface PagePlan {
  render: RenderSet;
  /** Output paths (relative, "/"-separated) whose previous file can be reused as it is. */
  reuse: string[];
  /** Output path → key, for every paginated page of this build. */
  keys: Record<string, string>;
}

/** "/2013/04/06/x/" → "2013/04/06/x/index.html"; "/" → "index.html". */
export function outputPathOf(url: string): string {
  const relative = url.replace(/^\//, "");
  return relative === "" || relative.endsWith("/") ? `${relative}index.html` : relative;
}

/**
 * Splits a render set into sets of at most `size` paginated pages, in order; always at least one
 * set, so the pages that are not paginated (indexes, 404, feeds) are rendered even when nothing else is.
 */
export function splitRenderSet(render: RenderSet, size: number): RenderSet[] {
  const keys = Object.keys(render) as (keyof RenderSet)[];
  const empty = (): RenderSet => Object.fromEntries(keys.map((key) => [key, []])) as unknown as RenderSet;
  const parts: RenderSet[] = [empty()];
  let count = 0;
  for (const key of keys) {
    for (const page of render[key]) {
      if (count === size) {
        parts.push(empty());
        count = 0;
      }
      (parts.at(-1)![key] as unknown[]).push(page);
      count += 1;
    }
  }
  return parts;
}

/** The pages of several render sets, each once, in order. */
export function joinRenderSets(sets: readonly RenderSet[]): RenderSet {
  const keys = ["articles", "homePages", "tagPages", "authorPages", "sourcePages", "periodPages", "feeds", "sitemaps"] as const;
  return Object.fromEntries(keys.map((key) => [key, [...new Set(sets.flatMap((set) => set[key] as unknown[]))]])) as unknown as RenderSet;
}

/** Every paginated page of the archive, in full: what a build without a previous output renders. */
export function everyPage(archive: Archive): RenderSet {
  const { articles, homePages, tagPages, authorPages, sourcePages, periodPages, feeds, sitemaps } = archive;
  return { articles, homePages, tagPages, authorPages, sourcePages, periodPages, feeds, sitemaps };
}

/**
 * Splits the archive's paginated pages into those to render and those whose previous output can
 * be reused: same key as last time. `previous` maps output paths to last build's keys and holds
 * only pages whose file is still there.
 */
export function planPages(archive: Archive, buildKey: string, previous: ReadonlyMap<string, string>): PagePlan {
  const keys: Record<string, string> = {};
  const reuse: string[] = [];
  const hash = (text: string): string => sha256([buildKey, text], "base64url");
  const keep = (url: string, key: string): boolean => {
    const output = outputPathOf(url);
    keys[output] = key;
    if (previous.get(output) !== key) return true;
    reuse.push(output);
    return false;
  };
  // An article's key covers its whole record; a listing's covers its own fields and its items' keys,
  // so a listing is not serialised with every article body in it.
  const articleKeys = new Map(archive.articles.map((article) => [article, hash(JSON.stringify(article))]));
  const listingKey = (listing: { items: ArticlePage[] }): string =>
    hash(JSON.stringify({ ...listing, items: listing.items.map((item) => articleKeys.get(item) ?? hash(JSON.stringify(item))) }));
  return {
    render: {
      articles: archive.articles.filter((article) => keep(article.url, articleKeys.get(article)!)),
      homePages: archive.homePages.filter((page) => keep(page.url, listingKey(page))),
      tagPages: archive.tagPages.filter((page) => keep(page.url, listingKey(page))),
      authorPages: archive.authorPages.filter((page) => keep(page.url, listingKey(page))),
      sourcePages: archive.sourcePages.filter((page) => keep(page.url, listingKey(page))),
      periodPages: archive.periodPages.filter((page) => keep(page.url, listingKey(page))),
      feeds: archive.feeds.filter((feed) => keep(feed.url, listingKey(feed))),
      sitemaps: archive.sitemaps.filter((sitemap) => keep(sitemap.url, hash(JSON.stringify(sitemap)))),
    },
    reuse,
    keys,
  };
}
