/**
 * Feeds: what the site-wide Atom and JSON feeds and each tag's Atom feed hold, and the JSON Feed
 * document. Atom is printed by templates/feed.njk; both take absolute URLs from the site. Pure.
 */
import { bodyWithPhotos } from "./body.ts";
import type { PublicationDate } from "../content/dates.ts";
import { absoluteUrl, type Site } from "../content/site.ts";
import type { ArticlePage, Feed, Tag } from "./types.ts";

/** Entries in a feed: the newest articles. */
export const FEED_SIZE = 20;

/** A tag's feed address: "/tags/syria/" → "/tags/syria/feed.xml". */
export function groupFeedUrl(groupUrl: string): string {
  return `${groupUrl}feed.xml`;
}

/** The site's feed and one per tag. */
export function buildFeeds(site: Site, articles: readonly ArticlePage[], tags: readonly Tag[]): Feed[] {
  const byTag = new Map<Tag, ArticlePage[]>(tags.map((tag) => [tag, []]));
  for (const article of articles) {
    for (const tag of article.tags) {
      const list = byTag.get(tag)!;
      if (list.length < FEED_SIZE) list.push(article);
    }
  }
  return [
    feed("/feed.xml", "/", site.title, articles.slice(0, FEED_SIZE)),
    ...tags.map((tag) => feed(groupFeedUrl(tag.url), tag.url, `${tag.name} · ${site.title}`, byTag.get(tag)!)),
  ];
}

function feed(url: string, pageUrl: string, title: string, items: ArticlePage[]): Feed {
  const newest = items.map(lastChange).sort((a, b) => b.epochMs - a.epochMs)[0];
  return { url, pageUrl, title, updated: newest ? rfc3339(newest) : "1970-01-01T00:00:00Z", items };
}

/** When the article last changed: its update, else its publication. */
export function lastChange(article: Pick<ArticlePage, "date" | "updated">): PublicationDate {
  return article.updated ?? article.date;
}

/** An RFC 3339 timestamp (what Atom and JSON Feed require): a date alone is midnight UTC of that day. */
export function rfc3339(date: PublicationDate): string {
  return date.datetime.length === 10 ? `${date.datetime}T00:00:00Z` : date.datetime;
}

/** Where the site's JSON Feed is written (templates/feed-json.njk); there is one, of the site's feed. */
const JSON_FEED_URL = "/feed.json";

/** The JSON Feed 1.1 document of a feed (https://www.jsonfeed.org/version/1.1/). */
export function jsonFeed(site: Site, feed: Feed): object {
  return {
    version: "https://jsonfeed.org/version/1.1",
    title: feed.title,
    home_page_url: absoluteUrl(site, feed.pageUrl),
    feed_url: absoluteUrl(site, JSON_FEED_URL),
    description: site.description,
    language: site.language,
    items: feed.items.map((article) => ({
      id: absoluteUrl(site, article.url),
      url: absoluteUrl(site, article.url),
      ...(article.originalUrl ? { external_url: article.originalUrl } : {}),
      title: article.title,
      content_html: bodyWithPhotos(article),
      summary: article.summary,
      date_published: rfc3339(article.date),
      ...(article.updated ? { date_modified: rfc3339(article.updated) } : {}),
      ...(article.authors.length ? { authors: article.authors.map((name) => ({ name })) } : {}),
      tags: article.tags.map((tag) => tag.name),
      ...(article.lang ? { language: article.lang } : {}),
    })),
  };
}

// XML 1.0 allows tab, newline and carriage return, but no other control character, no lone
// surrogate and neither U+FFFE nor U+FFFF, not even escaped.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text with every character XML cannot hold removed; the caller still escapes it. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, "");
}
