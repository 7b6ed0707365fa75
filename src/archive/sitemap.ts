/** The sitemap: every public page with its absolute URL and last change (https://www.sitemaps.org/protocol.html). Pure. */
import { lastChange } from "./feeds.ts";
import { absoluteUrl } from "../content/site.ts";
import type { Archive, ArticlePage, ListingPage, Sitemap, SitemapEntry } from "./types.ts";

/** Most URLs one sitemap file may list; bigger sites get a sitemap index. */
export const SITEMAP_LIMIT = 50_000;

/** The site's sitemap file(s): one list at /sitemap.xml, or an index there of lists of at most SITEMAP_LIMIT. */
export function buildSitemaps(archive: Omit<Archive, "feeds" | "sitemaps" | "searchBundles" | "redirects" | "redirectMaps">): Sitemap[] {
  const { site } = archive;
  const entry = (url: string, lastmod: string | null): SitemapEntry => ({ loc: absoluteUrl(site, url), lastmod });
  const newestOf = (items: readonly ArticlePage[]): string | null =>
    items.map(lastChange).sort((a, b) => b.epochMs - a.epochMs)[0]?.datetime ?? null;
  const listing = (page: ListingPage): SitemapEntry => entry(page.url, newestOf(page.items));
  const newest = newestOf(archive.articles);
  const entries: SitemapEntry[] = [
    ...archive.homePages.map(listing),
    ...archive.articles.map((article) => entry(article.url, lastChange(article).datetime)),
    ...["/archive/", "/tags/", "/authors/", "/sources/"].map((url) => entry(url, newest)),
    ...archive.periodPages.map(listing),
    ...archive.tagPages.map(listing),
    ...archive.authorPages.map(listing),
    ...archive.sourcePages.map(listing),
    entry("/search/", null),
  ];
  if (entries.length <= SITEMAP_LIMIT) return [{ url: "/sitemap.xml", entries, index: false }];
  const parts: Sitemap[] = [];
  for (let i = 0; i < entries.length; i += SITEMAP_LIMIT) {
    parts.push({ url: `/sitemap-${parts.length + 1}.xml`, entries: entries.slice(i, i + SITEMAP_LIMIT), index: false });
  }
  const index = parts.map((part) => {
    const latest = part.entries.map((e) => e.lastmod).filter((d): d is string => d !== null);
    return entry(part.url, latest.length ? latest.reduce((a, b) => (Date.parse(a) >= Date.parse(b) ? a : b)) : null);
  });
  return [{ url: "/sitemap.xml", entries: index, index: true }, ...parts];
}
