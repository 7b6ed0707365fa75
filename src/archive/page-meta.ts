/**
 * What every page says about itself: its title (and the document title in the tab), description,
 * OpenGraph type, breadcrumb trail and feed link. Templates print these; they assemble none. Pure.
 */
import type { Site } from "../content/site.ts";
import { groupFeedUrl } from "./feeds.ts";
import { formatDate, message, uiLanguage } from "../i18n/messages.ts";
import type { ArticlePage, Crumb, GroupListingPage, ListingPage, PageMeta, PeriodListingPage } from "./types.ts";

/** The three kinds of group pages. */
export type GroupKind = "tags" | "authors" | "sources";

/** How group pages name their kind: page titles, intros, and whether each group has a feed. */
export const GROUP_KINDS = {
  tags: { plural: "Tags", singular: "tag", index: "/tags/", intro: "Articles tagged", feeds: true },
  authors: { plural: "Authors", singular: "author", index: "/authors/", intro: "Articles by", feeds: false },
  sources: { plural: "Sources", singular: "source", index: "/sources/", intro: "Articles from", feeds: false },
} as const satisfies Record<GroupKind, { plural: string; singular: string; index: string; intro: string; feeds: boolean }>;

const HOME: Crumb = { label: "Home", url: "/" };
const ARCHIVE: Crumb = { label: "Archive", url: "/archive/" };

function meta(site: Site, parts: Partial<PageMeta> & Pick<PageMeta, "title" | "description">): PageMeta {
  return {
    documentTitle: parts.title === site.title ? site.title : `${parts.title} · ${site.title}`,
    type: "website",
    breadcrumbs: [],
    feed: null,
    noindex: false,
    ...parts,
  };
}

// " · Page 2" after a listing's title from its second page on.
function pageSuffix(listing: ListingPage): string {
  return listing.number > 1 ? ` · Page ${listing.number}` : "";
}

/** An article: its headline and summary, under its year, month and day, named in the article's language. */
export function articleMeta(site: Site, article: ArticlePage): PageMeta {
  const lang = uiLanguage(article.lang ?? site.language);
  const { date } = article;
  return meta(site, {
    title: article.title,
    description: article.summary,
    type: "article",
    breadcrumbs: [
      { label: message(lang, "breadcrumbs.home"), url: HOME.url },
      { label: article.year.label, url: article.year.url },
      { label: formatDate(lang, date, "month"), url: article.month.url },
      { label: formatDate(lang, date), url: article.day.url },
    ],
  });
}

/** The home page and its later pages. */
export function homeMeta(site: Site, listing: ListingPage): PageMeta {
  return meta(site, { title: listing.number === 1 ? site.title : `Latest articles, page ${listing.number}`, description: site.description });
}

/** A year, month or day page, under the archive (and its year, and a day under its month). */
export function periodMeta(site: Site, listing: PeriodListingPage): PageMeta {
  const { period, kind, yearPeriod, monthPeriod } = listing;
  const trail = [HOME, ARCHIVE, ...(kind === "year" ? [] : [yearPeriod]), ...(kind === "day" && monthPeriod ? [monthPeriod] : [])].map(({ label, url }) => ({ label, url }));
  return meta(site, {
    title: `${period.label}${pageSuffix(listing)}`,
    description: `Articles published ${kind === "day" ? "on" : "in"} ${period.label} in ${site.title}.`,
    breadcrumbs: trail,
  });
}

/** A page of a tag's, author's or source's articles, with the tag's feed. */
export function groupMeta(site: Site, kind: GroupKind, listing: GroupListingPage): PageMeta {
  const { group } = listing;
  const names = GROUP_KINDS[kind];
  return meta(site, {
    title: `${group.name}${pageSuffix(listing)}`,
    description: `${names.intro} “${group.name}” in ${site.title}.`,
    breadcrumbs: [HOME, { label: names.plural, url: names.index }],
    feed: names.feeds ? { url: groupFeedUrl(group.url), title: `${group.name} · ${site.title} (Atom)` } : null,
  });
}

/** The index of every tag, author or source. */
export function groupIndexMeta(site: Site, kind: GroupKind): PageMeta {
  const names = GROUP_KINDS[kind];
  return meta(site, { title: names.plural, description: `Every ${names.singular} in ${site.title}, with the number of articles for each.`, breadcrumbs: [HOME] });
}

/** The pages that stand alone: the archive overview, search, and the 404 page. */
export function standaloneMeta(site: Site, page: "archive" | "search" | "not-found"): PageMeta {
  switch (page) {
    case "archive":
      return meta(site, { title: "Archive", description: `Every year and month of ${site.title}, with the number of articles in each.`, breadcrumbs: [HOME] });
    case "search":
      return meta(site, {
        title: "Search",
        description: `Search the articles of ${site.title} by words in their headline and text, and filter by tag, author, source and year.`,
        breadcrumbs: [HOME],
      });
    case "not-found":
      return meta(site, { title: "Page not found", description: `There is no page at this address in ${site.title}.`, noindex: true });
  }
}
