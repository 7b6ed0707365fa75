/**
 * Which pages a build must render and which it can reuse from the previous output unchanged.
 * A page's key is a hash of everything it is rendered from: its own record (an article page with
 * everything it embeds; a feed with its entries' records; a list with what it prints of each of
 * its articles) and a build-wide key (templates, site, code). Pure.
 */
import type { Archive, ArticlePage, Feed, RenderSet } from "../archive/types.ts";
import { createHash } from "node:crypto";
import { compareText } from "../shared/problems.ts";
import { sha256 } from "../shared/hash.ts";
import { outputPathOf } from "../content/urls.ts";

/** The outcome of planning: pages to render, pages to reuse, and every page's key for next time. */
export interface PagePlan {
  render: RenderSet;
  /** Output paths (relative, "/"-separated) whose previous file can be reused as it is. */
  reuse: string[];
  /** Output path → key, for every paginated page of this build. */
  keys: Record<string, string>;
  /** Each article's record key by its file, with the source hash it was worked out from: see `planPages`' `known`. */
  recordKeys: RecordKeys;
  /** The JSON each record key is the hash of, for the articles whose record was serialised (not known). */
  records: Map<string, string>;
}

/** Article file → [its source hash, its page's record key]. */
export type RecordKeys = Record<string, [sourceHash: string, key: string]>;

export { outputPathOf };

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
  const keys = Object.keys(TEMPLATE_OF) as (keyof RenderSet)[];
  return Object.fromEntries(keys.map((key) => [key, [...new Set(sets.flatMap((set) => set[key] as unknown[]))]])) as unknown as RenderSet;
}

/** Every paginated page of the archive, in full: what a build without a previous output renders. */
export function everyPage(archive: Archive): RenderSet {
  const { articles, homePages, tagPages, authorPages, sourcePages, periodPages, feeds, sitemaps, redirects, redirectMaps } = archive;
  return { articles, homePages, tagPages, authorPages, sourcePages, periodPages, feeds, sitemaps, redirects, redirectMaps };
}

/** The build-wide part of the page keys of each kind: code, site, mode and that kind's templates. One string: the same for every kind. */
export type BuildKeys = string | Readonly<Record<keyof RenderSet, string>>;

/** The template that renders each kind of paginated page (it extends or includes `_includes/`). */
export const TEMPLATE_OF: Readonly<Record<keyof RenderSet, string>> = {
  articles: "article.njk",
  homePages: "index.njk",
  tagPages: "tag.njk",
  authorPages: "author.njk",
  sourcePages: "source.njk",
  periodPages: "period.njk",
  feeds: "feed.njk",
  sitemaps: "sitemap.njk",
  redirects: "redirect.njk",
  redirectMaps: "redirect-map.njk",
};

/**
 * Splits the archive's paginated pages into those to render and those whose previous output can
 * be reused: same key as last time. `previous` maps output paths to last build's keys and holds
 * only pages whose file is still there. A page's key joins its kind's build key and its record's
 * hash, so a template edit renders again only the pages of that template.
 *
 * `known`: the record keys of an earlier plan of an archive of the same shape (`Derived`) by the
 * same code. An article page is its record and what the shape decides, so an article whose
 * source hash is the one the key was worked out from has that key, and is not serialised again.
 */
export function planPages(archive: Archive, buildKeys: BuildKeys, previous: ReadonlyMap<string, string>, known: Readonly<RecordKeys> | null = null): PagePlan {
  const keys: Record<string, string> = {};
  const reuse: string[] = [];
  const keep = (kind: keyof RenderSet) => (page: { url: string }, recordKey: string): boolean => {
    const output = outputPathOf(page.url);
    const key = pageKey(typeof buildKeys === "string" ? buildKeys : buildKeys[kind], recordKey);
    keys[output] = key;
    if (previous.get(output) !== key) return true;
    reuse.push(output);
    return false;
  };
  const records = new Map<string, string>();
  const recordKeys: RecordKeys = {};
  const articleRecords = new Map(
    archive.articles.map((article) => {
      const memo = known && Object.hasOwn(known, article.file) ? known[article.file] : undefined;
      // A page with a photo prints it, which its source hash does not cover: its record is serialised.
      let key = memo && memo[0] === article.sourceHash && article.image === null && article.bodyImages.length === 0 ? memo[1] : undefined;
      if (key === undefined) {
        const serialised = articleRecord(article);
        records.set(article.file, serialised.json);
        key = serialised.key;
      }
      recordKeys[article.file] = [article.sourceHash, key];
      return [article, key];
    }),
  );
  const entries = new Map<ArticlePage, string>();
  const entryOf = (item: ArticlePage): string => {
    let entry = entries.get(item);
    if (entry === undefined) entries.set(item, (entry = listEntry(item)));
    return entry;
  };
  const listings = <Page extends { url: string; items: ArticlePage[] }>(kind: keyof RenderSet, pages: Page[]): Page[] => pages.filter((page) => keep(kind)(page, recordKey({ ...page, items: page.items.map(entryOf) })));
  return {
    render: {
      articles: archive.articles.filter((article) => keep("articles")(article, articleRecords.get(article)!)),
      homePages: listings("homePages", archive.homePages),
      tagPages: listings("tagPages", archive.tagPages),
      authorPages: listings("authorPages", archive.authorPages),
      sourcePages: listings("sourcePages", archive.sourcePages),
      periodPages: listings("periodPages", archive.periodPages),
      feeds: archive.feeds.filter((feed) => keep("feeds")(feed, feedRecordKey(feed, feed.items.map((item) => articleRecords.get(item) ?? articleRecord(item).key)))),
      sitemaps: archive.sitemaps.filter((sitemap) => keep("sitemaps")(sitemap, recordKey(sitemap))),
      redirects: archive.redirects.filter((redirect) => keep("redirects")(redirect, recordKey(redirect))),
      redirectMaps: archive.redirectMaps.filter((map) => keep("redirectMaps")(map, recordKey(map))),
    },
    reuse,
    keys,
    recordKeys,
    records,
  };
}

// Record keys. An article's covers its whole record, its body by the hash of the file it was
// parsed from (hashing 10,000 bodies took 0.4 s). A feed's covers its own fields and its entries'
// record keys, so it is not serialised with every body in it. A list's covers its own fields and
// what it prints of each article (`LISTED`), so an edit that keeps those renders no list again.

function recordKey(value: unknown): string {
  return sha256(JSON.stringify(value), "base64url");
}

/** A page's key: its kind's build key, and its record's key. */
export function pageKey(buildKey: string, recordKey: string): string {
  return sha256([buildKey, recordKey], "base64url");
}

/**
 * An article page's record key, and the JSON it is the hash of. (The body is left out, not set
 * to null: a record from the parse cache has no body, and the key must not depend on where the field was.)
 */
export function articleRecord({ html: _body, ...article }: ArticlePage): { key: string; json: string } {
  const json = JSON.stringify(article);
  return { key: sha256(json, "base64url"), json };
}

/** A feed's record key, from its entries' record keys. */
export function feedRecordKey(feed: Feed, itemKeys: readonly string[]): string {
  return recordKey({ ...feed, items: itemKeys });
}

/**
 * The fields of an article that lists print (templates/_includes/article-list.njk, with
 * status-badges.njk). A list is rendered again when one of these changes in one of its articles;
 * `cardOf` in archive.ts covers them all (a test holds the templates to this list).
 */
export const LISTED = ["url", "title", "date", "source", "summary", "draft", "scheduled"] as const satisfies readonly (keyof ArticlePage)[];

function listEntry(item: ArticlePage): string {
  return JSON.stringify(LISTED.map((field) => item[field]));
}

/** The key of the pages that are not paginated (indexes, the 404 and search pages), which sum up the whole archive: every paginated page's key. */
export function wholeKey(all: string, keys: Iterable<[page: string, key: string]>): string {
  const hash = createHash("sha256").update(all);
  for (const [page, key] of [...keys].sort(([a], [b]) => compareText(a, b))) hash.update(page).update(key);
  return hash.digest("base64url");
}
