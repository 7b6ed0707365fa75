/**
 * What every page says about itself: its title (and the document title in the tab), description,
 * OpenGraph type, breadcrumb trail and feed link. Templates print these; they assemble none. Pure.
 */
import type { Site } from "../content/site.ts";
import { groupFeedUrl } from "./feeds.ts";
import { formatDate, message, uiLanguage, type UiLanguage } from "../i18n/messages.ts";
import type { ArticlePage, Crumb, GroupListingPage, ListingPage, PageMeta, PeriodListingPage } from "./types.ts";

/** The three kinds of group pages. */
export type GroupKind = "tags" | "authors" | "sources";

/** Where each kind's index is, and whether each group has a feed. (Their words are in src/i18n/: "nav.tags", "group.tags.intro", …) */
export const GROUP_KINDS = {
  tags: { index: "/tags/", feeds: true },
  authors: { index: "/authors/", feeds: false },
  sources: { index: "/sources/", feeds: false },
} as const satisfies Record<GroupKind, { index: string; feeds: boolean }>;

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

// The words of the site's pages: in its language (an article's page speaks the article's).
function siteLanguage(site: Site): UiLanguage {
  return uiLanguage(site.language);
}

function home(lang: UiLanguage): Crumb {
  return { label: message(lang, "breadcrumbs.home"), url: "/" };
}

// " · Page 2" after a listing's title from its second page on.
function pageSuffix(lang: UiLanguage, listing: ListingPage): string {
  return listing.number > 1 ? message(lang, "page.suffix", { number: listing.number }) : "";
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
      home(lang),
      { label: article.year.label, url: article.year.url },
      { label: formatDate(lang, date, "month"), url: article.month.url },
      { label: formatDate(lang, date), url: article.day.url },
    ],
  });
}

/** The home page and its later pages. */
export function homeMeta(site: Site, listing: ListingPage): PageMeta {
  const lang = siteLanguage(site);
  return meta(site, { title: listing.number === 1 ? site.title : message(lang, "home.titlePage", { number: listing.number }), description: site.description });
}

/** A year, month or day page, under the archive (and its year, and a day under its month). */
export function periodMeta(site: Site, listing: PeriodListingPage): PageMeta {
  const lang = siteLanguage(site);
  const { period, kind, yearPeriod, monthPeriod } = listing;
  const archive = { label: message(lang, "nav.archive"), url: "/archive/" };
  const trail = [home(lang), archive, ...(kind === "year" ? [] : [yearPeriod]), ...(kind === "day" && monthPeriod ? [monthPeriod] : [])].map(({ label, url }) => ({ label, url }));
  return meta(site, {
    title: `${period.label}${pageSuffix(lang, listing)}`,
    description: message(lang, `period.description.${kind}`, { period: period.label, site: site.title }),
    breadcrumbs: trail,
  });
}

/** A page of a tag's, author's or source's articles, with the tag's feed. */
export function groupMeta(site: Site, kind: GroupKind, listing: GroupListingPage): PageMeta {
  const lang = siteLanguage(site);
  const { group } = listing;
  return meta(site, {
    title: `${group.name}${pageSuffix(lang, listing)}`,
    description: message(lang, "group.description", { intro: message(lang, `group.${kind}.intro`), name: group.name, site: site.title }),
    breadcrumbs: [home(lang), { label: message(lang, `nav.${kind}`), url: GROUP_KINDS[kind].index }],
    feed: GROUP_KINDS[kind].feeds ? { url: groupFeedUrl(group.url), title: `${group.name} · ${site.title} (Atom)` } : null,
  });
}

/** The index of every tag, author or source. */
export function groupIndexMeta(site: Site, kind: GroupKind): PageMeta {
  const lang = siteLanguage(site);
  return meta(site, { title: message(lang, `nav.${kind}`), description: message(lang, `group.${kind}.indexDescription`, { site: site.title }), breadcrumbs: [home(lang)] });
}

/** The pages that stand alone: the archive overview, search, and the 404 page. */
export function standaloneMeta(site: Site, page: "archive" | "search" | "not-found"): PageMeta {
  const lang = siteLanguage(site);
  const values = { site: site.title };
  switch (page) {
    case "archive":
      return meta(site, { title: message(lang, "nav.archive"), description: message(lang, "archive.description", values), breadcrumbs: [home(lang)] });
    case "search":
      return meta(site, { title: message(lang, "nav.search"), description: message(lang, "search.description", values), breadcrumbs: [home(lang)] });
    case "not-found":
      return meta(site, { title: message(lang, "notFound.title"), description: message(lang, "notFound.description", values), noindex: true });
  }
}
