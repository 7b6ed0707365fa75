/** The archive's derived views as the templates see them: types only, imported by every view module. */
import type { Article } from "../content/article.ts";
import type { PublicationDate } from "../content/dates.ts";
import type { Site } from "../content/site.ts";

/** How many articles something holds, with the words to print: "3 articles", "article". */
export interface Counted {
  count: number;
  /** "1 article", "3 articles". */
  countLabel: string;
  /** "article" or "articles", for a number printed apart. */
  countNoun: string;
}

/** A tag, author or source with its page and how many articles carry it. */
export interface Group extends Counted {
  /** Identity shared by spellings that differ only in case, spacing or accents. */
  key: string;
  /** Display name: the most used spelling, e.g. "Syria". */
  name: string;
  slug: string;
  /** "/tags/<slug>/", "/authors/<slug>/", "/sources/<slug>/" */
  url: string;
}

/** A tag with its page. */
export type Tag = Group;

/** A link to a year or a month of the date archive. */
export interface PeriodLink {
  /** "2013" or "April 2013". */
  label: string;
  /** "/2013/" or "/2013/04/". */
  url: string;
}

/** A year or a month of the date archive, with how many articles it holds. */
export interface Period extends PeriodLink, Counted {}

/** Another article as a link: previous, next, related. */
export interface ArticleLink {
  title: string;
  url: string;
  date: PublicationDate;
}

/** An article as pages show it: its tags, people and periods resolved to their pages, with its neighbours. */
export interface ArticlePage extends Omit<Article, "tags"> {
  tags: Tag[];
  /** The byline's authors, each with what comes before it: "", ", " or " and " ("Jane Doe, Ann Lee and John Roe"). */
  byline: { before: string; author: Group }[];
  /** Author pages, in byline order. */
  authorGroups: Group[];
  sourceGroup: Group | null;
  /** Links without counts: a count would change every article page of a year whenever one is added. */
  year: PeriodLink;
  month: PeriodLink;
  /** The day page: "April 6, 2013", "/2013/04/06/". */
  day: PeriodLink;
  /** Up to MORE_FROM_THE_DAY other articles of the same day, newest first (the day page lists them all). */
  sameDay: ArticleLink[];
  /** The next older article, and the next newer one. */
  older: ArticleLink | null;
  newer: ArticleLink | null;
  /** Up to five articles sharing its rarest tags; see src/archive/related.ts. */
  related: ArticleLink[];
  /** Whole minutes at 230 words a minute, at least 1. */
  readingMinutes: number;
  /** The web archive's copy of the original, when there is an original URL. */
  webArchiveUrl: string | null;
}

/** One page of a paginated list of articles. */
export interface ListingPage {
  /** Site-relative URL: "/", "/page/2/", "/tags/syria/page/2/". */
  url: string;
  /** 1-based page number. */
  number: number;
  /** Number of pages in this list. */
  pageCount: number;
  /** Newest first, like every list: the newer page comes before (rel="prev"), the older after (rel="next"). */
  items: ArticlePage[];
  newerUrl: string | null;
  olderUrl: string | null;
}

/** The home page's "On this day": the articles of the build's calendar day in earlier years. */
export interface OnThisDay {
  /** "November 27". */
  label: string;
  /** Newest first, at most ON_THIS_DAY (archive.ts): each article, and its day's page. */
  items: { article: ArticleLink; day: PeriodLink }[];
}

/** One page of the home page's list; the first carries "On this day" when the day has articles in earlier years. */
export interface HomeListingPage extends ListingPage {
  onThisDay: OnThisDay | null;
}

/** One page of the articles of a tag, author or source. */
export interface GroupListingPage extends ListingPage {
  group: Group;
}

/** One page of the articles of a year, month or day, with its neighbouring periods. */
export interface PeriodListingPage extends ListingPage {
  kind: "year" | "month" | "day";
  period: Period;
  /** The year a month or day page belongs to; the year itself on a year page. */
  yearPeriod: Period;
  /** The month a day page belongs to; the month itself on a month page; null on a year page. */
  monthPeriod: Period | null;
  /** The nearest older and newer periods (of the same kind) that have articles: the same words as articles' neighbours. */
  older: Period | null;
  newer: Period | null;
  /** Year pages: the year's months, oldest first. Others: []. */
  months: Period[];
  /** Month pages: the month's days that have articles, oldest first. Others: []. */
  days: Period[];
}

/** A year of the archive overview, with its months oldest first. */
export interface YearSummary extends Period {
  months: Period[];
}

/** The whole archive as the templates see it. */
export interface Archive {
  site: Site;
  /** Published (or, in previews, all) articles, newest first. */
  articles: ArticlePage[];
  articleCount: Counted;
  homePages: HomeListingPage[];
  /** Every tag, author and source, in alphabetical order. */
  tags: Tag[];
  authors: Group[];
  sources: Group[];
  tagPages: GroupListingPage[];
  authorPages: GroupListingPage[];
  sourcePages: GroupListingPage[];
  /** Years newest first, for the archive overview. */
  years: YearSummary[];
  /** Year, month and day pages, newest first. */
  periodPages: PeriodListingPage[];
  /** The site's Atom feed, then one per tag. */
  feeds: Feed[];
  /** "/sitemap.xml", and its parts when the site has more pages than one sitemap may list. */
  sitemaps: Sitemap[];
  /** The parts of the search index, newest first (see src/archive/search-bundles.ts). */
  searchBundles: SearchBundle[];
  /** A page at each old URL of an article (its `aliases`), pointing to it; in the order of the articles, newest first. */
  redirects: Redirect[];
  /** The same redirects as one nginx map, "/redirects.map" (one, even when empty, so a server config can always include it). */
  redirectMaps: RedirectMap[];
  /** True when drafts and scheduled articles are included (local preview). */
  includeDrafts: boolean;
}

/** What `buildArchive` needs besides the articles. */
export interface ArchiveOptions {
  site: Site;
  /** Include drafts and future-dated articles, marked (preview). */
  includeDrafts: boolean;
  /** The build's "now" (epoch ms): its calendar date in UTC picks the home page's "On this day"; none when left out. */
  now?: number | undefined;
}

/**
 * What one build derives from the whole archive that the next can reuse while the archive keeps
 * its shape: the hash of every article's place (`placeOf` in archive.ts, newest first), and the
 * related articles worked out from it. While the shape is the same, so are every article's neighbours,
 * related articles, groups and periods: an edit that keeps it changes only its article's record.
 */
export interface Derived {
  shape: string;
  /** `relatedArticles`' result: positions in the list of articles, newest first. */
  related: number[][];
}

/** One Atom feed: the site's or a tag's. */
export interface Feed {
  /** Site-relative URL of the feed itself: "/feed.xml", "/tags/syria/feed.xml". */
  url: string;
  /** Site-relative URL of the page it follows: "/", "/tags/syria/". */
  pageUrl: string;
  title: string;
  /** RFC 3339 time of the newest change among its entries; the epoch for an empty feed. */
  updated: string;
  /** Newest first. */
  items: ArticlePage[];
}

/** One sitemap entry. */
export interface SitemapEntry {
  /** Absolute URL. */
  loc: string;
  /** W3C datetime of the last change, or null when the page has none (the search page). */
  lastmod: string | null;
}

/** One sitemap file: a list of pages, or (for big sites, at /sitemap.xml) an index of list files. */
export interface Sitemap {
  /** Site-relative: "/sitemap.xml", "/sitemap-2.xml". */
  url: string;
  entries: SitemapEntry[];
  /** True for the index of sitemap files; its entries are those files. */
  index: boolean;
}

/** One part of the search index: a year's articles, or a run of months of a big year. */
export interface SearchBundle {
  /** "2013", or "2013-04" for a run of months starting with April 2013. */
  id: string;
  /** Site-relative URL of the bundle's folder: "/pagefind/2013/". */
  url: string;
  /** Its articles, newest first. */
  items: ArticlePage[];
}

/** A page at an article's old URL, sending readers (and, through the nginx map, servers) to the article. */
export interface Redirect {
  /** The old URL, site-relative: "/2013/04/05/old-slug/", "/news/old.html". */
  url: string;
  /** The article it moved to. */
  to: ArticleLink;
}

/** The redirects as an nginx map file (templates/redirect-map.njk), for `map $uri $news_archive_redirect { include …; }`. */
export interface RedirectMap {
  /** "/redirects.map". */
  url: string;
  redirects: Redirect[];
}

/** A link of a breadcrumb trail. */
export interface Crumb {
  label: string;
  /** Site-relative URL. */
  url: string;
}

/** A page's own description of itself, printed by templates/_includes/base.njk. */
export interface PageMeta {
  /** The page's title: "Syria", "April 2013 · Page 2". */
  title: string;
  /** The document's <title>: the page's title, then the site's ("Syria · News Archive"); the site's alone on the home page. */
  documentTitle: string;
  description: string;
  /** OpenGraph type. */
  type: "website" | "article";
  /** The trail above the page, from Home; empty for pages without one (home, 404). */
  breadcrumbs: Crumb[];
  /** The page's own Atom feed besides the site's, e.g. a tag's. */
  feed: { url: string; title: string } | null;
  /** Kept out of search engines (the 404 page). */
  noindex: boolean;
}

/** Paginated pages of an archive: the ones a build or the preview asks Eleventy to render. */
export interface RenderSet {
  articles: ArticlePage[];
  homePages: HomeListingPage[];
  tagPages: GroupListingPage[];
  authorPages: GroupListingPage[];
  sourcePages: GroupListingPage[];
  periodPages: PeriodListingPage[];
  feeds: Feed[];
  sitemaps: Sitemap[];
  redirects: Redirect[];
  redirectMaps: RedirectMap[];
}
