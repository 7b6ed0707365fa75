/** Everything derived from the article records: ordering, tags, people, date archives, neighbours, listing pages. Pure. */
import type { AliasMention, Article, TagMention } from "../content/article.ts";
import { counting, formatDate, listSeparators, uiLanguage, type UiLanguage } from "../i18n/messages.ts";
import { outputPathOf, REDIRECT_MAP } from "../content/urls.ts";
import { webArchiveUrl } from "./citation.ts";
import { utcDate } from "../content/dates.ts";
import { buildFeeds } from "./feeds.ts";
import { relatedArticles } from "./related.ts";
import { buildSitemaps } from "./sitemap.ts";
import { planSearchBundles } from "./search-bundles.ts";
import { runsOf } from "./runs.ts";
import { sha256 } from "../shared/hash.ts";
import { compareText, problem, show, type Problem } from "../shared/problems.ts";
import { assignSlugs, nameKey } from "../content/slug.ts";
import type { Archive, ArchiveOptions, ArticleLink, Derived, OnThisDay, ArticlePage, Counted, Group, GroupListingPage, ListingPage, Period, PeriodLink, PeriodListingPage, RenderSet, Tag, YearSummary } from "./types.ts";

/** A count of articles with its words in `lang`, so templates print them: { count: 3, countLabel: "3 articles", countNoun: "articles" }. */
export function counted(count: number, lang: UiLanguage = "en"): Counted {
  return { count, countLabel: counting(lang, "count.article", count), countNoun: counting(lang, "noun.article", count) };
}

/** How many other articles of its day an article page links to ("More from this day"); the day page lists them all. */
export const MORE_FROM_THE_DAY = 5;

/** How many articles of the build's calendar day in earlier years the home page lists ("On this day"). */
export const ON_THIS_DAY = 10;

/** Words a minute for reading time. */
export const READING_SPEED = 230;

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/**
 * Orders, groups and paginates articles. Returns URL clashes as errors and left-out articles as
 * notices, and what it derived (`reuse`: what an earlier build derived, used when the shape is the same).
 */
export function buildArchive(all: readonly Article[], options: ArchiveOptions & { reuse?: Derived | null }): { archive: Archive; problems: Problem[]; derived: Derived } {
  const { site, includeDrafts } = options;
  const lang = uiLanguage(site.language); // the words of every page but an article's own (see page-meta.ts)
  const problems: Problem[] = [...findUrlClashes(all)];

  const articles = [...all].sort(newestFirst).filter((article) => {
    if (includeDrafts) return true;
    if (article.draft) {
      problems.push(problem({ file: article.file, line: 1, field: "draft", rule: "draft/excluded", message: "true; left out of this build. Preview it with npm start, or build with --drafts.", severity: "notice" }));
      return false;
    }
    if (article.scheduled) {
      problems.push(problem({ file: article.file, line: 1, field: "date", rule: "date/scheduled", message: `${show(article.date.datetime)} is in the future; left out of this build until then (build with --drafts to include it).`, severity: "notice" }));
      return false;
    }
    return true;
  });

  const tags = groupNames(articles, (article) => article.tags.map((tag) => tag.name), "/tags/", lang);
  problems.push(...tagVariantNotices(articles, tags));
  const authors = groupNames(articles, (article) => article.authors, "/authors/", lang);
  const sources = groupNames(articles, (article) => (article.source === null ? [] : [article.source]), "/sources/", lang);
  const shape = sha256(articles.map(placeOf), "base64url");
  const related =
    options.reuse?.shape === shape && options.reuse.related.length === articles.length
      ? options.reuse.related
      : relatedArticles(articles.map((article) => ({ tags: article.tags.map((tag) => tags.of(tag.name)), epochMs: article.date.epochMs })));
  const linkTo = (article: Article | undefined): ArticleLink | null => (article ? { title: article.title, url: article.url, date: article.date } : null);
  // Articles are newest first, so each day's articles are one run of the list.
  const dayOf = new Map<Article, Article[]>();
  for (const run of runsOf(articles, (article) => article.date.date)) for (const article of run) dayOf.set(article, run);

  // Object.assign, not a spread: this runs once per article, before V8 optimises it, and a cold
  // spread of a record costs 10 µs (0.15 s at 10,000 articles).
  const pages: ArticlePage[] = articles.map((article, i) =>
    Object.assign({}, article, {
      tags: article.tags.map((mention) => tags.of(mention.name)),
      authorGroups: article.authors.map((name) => authors.of(name)),
      byline: listSeparators(uiLanguage(article.lang ?? site.language), article.authors.length).map((before, i) => ({ before, author: authors.of(article.authors[i]!) })),
      sourceGroup: article.source === null ? null : sources.of(article.source),
      year: yearLink(article.date.year),
      month: monthLink(article.date.year, article.date.month, lang),
      day: dayLink(article.date.year, article.date.month, article.date.day, lang),
      sameDay: dayOf.get(article)!.filter((other) => other !== article).slice(0, MORE_FROM_THE_DAY).map((other) => linkTo(other)!),
      older: linkTo(articles[i + 1]),
      newer: linkTo(articles[i - 1]),
      related: related[i]!.map((j) => linkTo(articles[j])!),
      ...ownFields(article),
    }),
  );

  const listGroups = (groups: GroupIndex, groupsOf: (page: ArticlePage) => Group[]): GroupListingPage[] => {
    const members = new Map<Group, ArticlePage[]>(groups.all.map((group) => [group, []]));
    for (const page of pages) for (const group of groupsOf(page)) members.get(group)!.push(page);
    return groups.all.flatMap((group) => paginate(members.get(group)!, site.pageSize, group.url).map((listing) => ({ ...listing, group })));
  };

  const browse = {
    site,
    articles: pages,
    articleCount: counted(pages.length, lang),
    homePages: paginate(pages, site.pageSize, "/").map((listing, i) => ({ ...listing, onThisDay: i === 0 && options.now !== undefined ? onThisDay(pages, utcDate(options.now), lang) : null })),
    tags: tags.all,
    authors: authors.all,
    sources: sources.all,
    tagPages: listGroups(tags, (page) => page.tags),
    authorPages: listGroups(authors, (page) => page.authorGroups),
    sourcePages: listGroups(sources, (page) => (page.sourceGroup ? [page.sourceGroup] : [])),
    ...datePages(pages, site.pageSize, lang),
    includeDrafts,
  };
  const redirects = pages.flatMap((page) => page.aliases.map((alias) => ({ url: alias.url, to: { title: page.title, url: page.url, date: page.date } })));
  problems.push(...findAliasClashes(all, browse));
  const archive: Archive = {
    ...browse,
    feeds: buildFeeds(site, pages, tags.all),
    sitemaps: buildSitemaps(browse),
    searchBundles: planSearchBundles(pages),
    redirects,
    redirectMaps: [{ url: REDIRECT_MAP, redirects }],
  };
  return { archive, problems, derived: { shape, related } };
}

// What an article page derives from its own record alone.
// (Its citations are formatted by the template's `cite` filter, for the pages a build renders.)
function ownFields(article: Article): Pick<ArticlePage, "readingMinutes" | "webArchiveUrl"> {
  return { readingMinutes: Math.max(1, Math.round(article.words / READING_SPEED)), webArchiveUrl: webArchiveUrl(article) };
}

// What other pages show of an article besides listing and feed entries: where it sorts and is
// grouped, and what links to it print (title, URL, date). While these stay, an edit changes
// only the article's own page and the lists and feeds it is an entry of.
function placeOf(article: Article): string {
  const { file, slug, url, title, date, updated, authors, source, draft, scheduled, lang } = article;
  // (lang: the byline's "and" is in the article's language, and is made with its place.)
  return JSON.stringify({ file, slug, url, title, date, updated, authors, source, draft, scheduled, lang, tags: article.tags.map((tag) => tag.name), aliases: article.aliases.map((alias) => alias.url) });
}

/**
 * Puts an edited article into `archive` in place, when the edit left its place as it was (see
 * `placeOf`): the preview's quick path, instead of `buildArchive` over every article. `before` is
 * the record the archive was built from. Returns the pages that show the article (its own page,
 * and the lists and feeds it is an entry of), or null when the archive must be built again.
 */
export function replaceArticle(archive: Archive, before: Article, after: Article): RenderSet | null {
  const page = archive.articles.find((candidate) => candidate.file === after.file);
  if (!page || placeOf(before) !== placeOf(after)) return null;
  patchPage(page, after);
  const shows = (list: { items: readonly ArticlePage[] }): boolean => list.items.includes(page);
  return {
    articles: [page],
    homePages: archive.homePages.filter(shows),
    tagPages: archive.tagPages.filter(shows),
    authorPages: archive.authorPages.filter(shows),
    sourcePages: archive.sourcePages.filter(shows),
    periodPages: archive.periodPages.filter(shows),
    feeds: archive.feeds.filter(shows),
    sitemaps: [],
    redirects: [],
    redirectMaps: [],
  };
}

/** Puts `record` into its article's `page`, made from an earlier record of the same place (`placeOf`). */
export function patchPage(page: ArticlePage, record: Article): void {
  const { tags: _mentions, ...fields } = record;
  Object.assign(page, fields, ownFields(record));
}

/**
 * What pages other than an article's own show of it: its place, and the summary its entries in
 * lists print. While an edit keeps it, only the article's page, the feeds that hold the article
 * and its search bundle can change. (As a hash: the page store keeps one per article.)
 */
export function cardOf(article: Article): string {
  return sha256([placeOf(article), "\0", article.summary], "base64url");
}

// Articles are newest first, so each year's, month's and day's articles are one run of the list.
function datePages(pages: ArticlePage[], pageSize: number, lang: UiLanguage): { years: YearSummary[]; periodPages: PeriodListingPage[] } {
  // One entry per year, month and day, newest first: its period, its articles, its year and month,
  // and the periods it lists oldest first (a year its months, a month its days).
  type Run = { period: Period; pages: ArticlePage[]; year: Period; month: Period | null; months: Period[]; days: Period[] };
  const yearRuns: Run[] = [];
  const monthRuns: Run[] = [];
  const dayRuns: Run[] = [];
  for (const yearPages of runsOf(pages, (page) => page.date.year)) {
    const { year } = yearPages[0]!.date;
    const period = { ...yearLink(year), ...counted(yearPages.length, lang) };
    const months: Period[] = [];
    for (const monthPages of runsOf(yearPages, (page) => page.date.month)) {
      const { month } = monthPages[0]!.date;
      const monthPeriod = { ...monthLink(year, month, lang), ...counted(monthPages.length, lang) };
      const days: Period[] = [];
      for (const dayPages of runsOf(monthPages, (page) => page.date.day)) {
        const day = { ...dayLink(year, month, dayPages[0]!.date.day, lang), ...counted(dayPages.length, lang) };
        dayRuns.push({ period: day, pages: dayPages, year: period, month: monthPeriod, months: [], days: [] });
        days.unshift(day);
      }
      monthRuns.push({ period: monthPeriod, pages: monthPages, year: period, month: monthPeriod, months: [], days });
      months.unshift(monthPeriod);
    }
    yearRuns.push({ period, pages: yearPages, year: period, month: null, months, days: [] });
  }
  const list = (kind: PeriodListingPage["kind"], all: Run[]): PeriodListingPage[] =>
    all.flatMap((run, i) =>
      paginate(run.pages, pageSize, run.period.url).map((listing) => ({
        ...listing,
        kind,
        period: run.period,
        yearPeriod: run.year,
        monthPeriod: run.month,
        older: all[i + 1]?.period ?? null,
        newer: all[i - 1]?.period ?? null,
        months: run.months,
        days: run.days,
      })),
    );
  return {
    years: yearRuns.map((run) => ({ ...run.period, months: run.months })),
    periodPages: [...list("year", yearRuns), ...list("month", monthRuns), ...list("day", dayRuns)],
  };
}

function yearLink(year: number): PeriodLink {
  const label = String(year).padStart(4, "0");
  return { label, url: `/${label}/` };
}

function monthLink(year: number, month: number, lang: UiLanguage): PeriodLink {
  return { label: formatDate(lang, { year, month, day: 1 }, "month"), url: `${yearLink(year).url}${String(month).padStart(2, "0")}/` };
}

function dayLink(year: number, month: number, day: number, lang: UiLanguage): PeriodLink {
  return { label: formatDate(lang, { year, month, day }), url: `${yearLink(year).url}${String(month).padStart(2, "0")}/${String(day).padStart(2, "0")}/` };
}

/** Newest first by calendar date, then by instant, then by slug and file, so the order never depends on the disk. */
export function newestFirst(a: Article, b: Article): number {
  return compareText(b.date.date, a.date.date) || b.date.epochMs - a.date.epochMs || compareText(a.slug, b.slug) || compareText(a.file, b.file);
}

/** Splits items into pages of `size` at `base`, `base`page/2/, ...; an empty list still has one page. */
export function paginate(items: ArticlePage[], size: number, base: string): ListingPage[] {
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  const urlOf = (n: number): string => (n === 1 ? base : `${base}page/${n}/`);
  return Array.from({ length: pageCount }, (_, i) => ({
    url: urlOf(i + 1),
    number: i + 1,
    pageCount,
    items: items.slice(i * size, (i + 1) * size),
    newerUrl: i > 0 ? urlOf(i) : null,
    olderUrl: i + 1 < pageCount ? urlOf(i + 2) : null,
  }));
}

function findUrlClashes(articles: readonly Article[]): Problem[] {
  const byUrl = new Map<string, Article[]>();
  for (const article of articles) {
    const group = byUrl.get(article.url);
    if (group) group.push(article);
    else byUrl.set(article.url, [article]);
  }
  return [...byUrl.values()]
    .filter((group) => group.length > 1)
    .flatMap((group) =>
      group.map((article) => {
        const others = group.filter((other) => other !== article).map((other) => other.file).sort(compareText);
        return problem({ file: article.file, line: 1, field: "slug", rule: "slug/clash", message: `${show(article.slug)} on ${article.date.date} gives the URL ${article.url}, which ${others.join(", ")} also has; give one of them another slug.` });
      }),
    );
}

// The articles of `today`'s month and day in earlier years, newest first: the home page's "On this day".
function onThisDay(pages: readonly ArticlePage[], today: string, lang: UiLanguage): OnThisDay | null {
  const [year, month, day] = today.split("-").map(Number) as [number, number, number];
  const items: OnThisDay["items"] = [];
  for (const page of pages) {
    if (items.length === ON_THIS_DAY) break;
    const { date } = page;
    if (date.month === month && date.day === day && date.year < year) items.push({ article: { title: page.title, url: page.url, date }, day: page.day });
  }
  return items.length === 0 ? null : { label: formatDate(lang, { year, month, day }, "monthDay"), items };
}

/** The pages that are not paginated, by URL (templates/*.njk's permalinks): no alias may take their place. */
export const STANDALONE_PAGES = ["/archive/", "/tags/", "/authors/", "/sources/", "/search/", "/404.html"] as const;

/** Folders the build writes whole: an alias inside them could be overwritten or removed with them. */
const OWN_FOLDERS = ["/pagefind/"];

// An alias names an old URL that no page has now, and only one article may claim it; it is
// compared by the file it would be written to ("/x/" and "/x/index.html" are one). Drafts and
// scheduled articles claim their aliases too, so publishing one never breaks a build.
function findAliasClashes(all: readonly Article[], browse: Pick<Archive, "articles" | "homePages" | "tagPages" | "authorPages" | "sourcePages" | "periodPages">): Problem[] {
  if (!all.some((article) => article.aliases.length > 0)) return [];
  const pages = new Set<string>(STANDALONE_PAGES.map(outputPathOf));
  for (const article of all) pages.add(outputPathOf(article.url));
  for (const list of [browse.homePages, browse.tagPages, browse.authorPages, browse.sourcePages, browse.periodPages]) for (const page of list) pages.add(outputPathOf(page.url));
  const claims = new Map<string, { article: Article; alias: AliasMention }[]>();
  for (const article of all) {
    for (const alias of article.aliases) {
      const path = outputPathOf(alias.url);
      claims.set(path, [...(claims.get(path) ?? []), { article, alias }]);
    }
  }
  const problems: Problem[] = [];
  for (const [path, claimants] of claims) {
    for (const { article, alias } of claimants) {
      const at = { file: article.file, line: alias.line, field: `aliases[${alias.index}]` };
      const folder = OWN_FOLDERS.find((own) => alias.url.startsWith(own));
      if (folder) problems.push(problem({ ...at, rule: "aliases/own-folder", message: `${show(alias.url)} is inside ${folder}, which the build writes whole; an old URL there cannot be kept.` }));
      else if (pages.has(path)) problems.push(problem({ ...at, rule: "aliases/taken", message: `${show(alias.url)} is the URL of a page of this site; an alias is an old URL no page has now, so remove it.` }));
      else if (claimants.length > 1) {
        const others = claimants.filter((other) => other.article !== article).map((other) => `${other.article.file}:${other.alias.line}`).sort(compareText);
        problems.push(problem({ ...at, rule: "aliases/clash", message: `${show(alias.url)} is also an alias of ${others.join(", ")}; an old URL can lead to one article only, so keep it in one.` }));
      }
    }
  }
  return problems;
}

/** The groups of one kind (tags, authors or sources) in alphabetical order, and a lookup by any spelling. */
interface GroupIndex {
  all: Group[];
  of(name: string): Group;
}

// Names are grouped by key; a group's display name is its most used spelling, and on a tie the
// one the archive used first (oldest article first). Slugs come from the set of keys alone.
function groupNames(articles: readonly Article[], namesOf: (article: Article) => string[], base: string, lang: UiLanguage): GroupIndex {
  const spellings = new Map<string, Map<string, { count: number; order: number }>>();
  const counts = new Map<string, number>();
  for (let i = articles.length - 1; i >= 0; i--) {
    for (const name of namesOf(articles[i]!)) {
      const key = nameKey(name);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const forms = spellings.get(key) ?? new Map();
      spellings.set(key, forms);
      const seen = forms.get(name);
      if (seen) seen.count += 1;
      else forms.set(name, { count: 1, order: forms.size });
    }
  }
  const slugs = assignSlugs(spellings.keys());
  const byKey = new Map<string, Group>();
  for (const [key, forms] of spellings) {
    const [name] = [...forms.entries()].sort(([, x], [, y]) => y.count - x.count || x.order - y.order)[0]!;
    const slug = slugs.get(key)!;
    byKey.set(key, { key, name, slug, url: `${base}${slug}/`, ...counted(counts.get(key)!, lang) });
  }
  const all = [...byKey.values()].sort((a, b) => collator.compare(a.name, b.name) || compareText(a.key, b.key));
  return { all, of: (name) => byKey.get(nameKey(name))! };
}

// A notice for every tag written in a spelling other than its tag's display name, at the place it
// was written, pointing to the first place the display name was written.
function tagVariantNotices(articles: readonly Article[], tags: GroupIndex): Problem[] {
  const firstUse = new Map<string, { file: string; line: number }>();
  const variants: { article: Article; mention: TagMention; tag: Tag }[] = [];
  for (const article of [...articles].reverse()) {
    for (const mention of article.tags) {
      const tag = tags.of(mention.name);
      if (mention.name === tag.name) {
        if (!firstUse.has(tag.key)) firstUse.set(tag.key, { file: article.file, line: mention.line });
      } else {
        variants.push({ article, mention, tag });
      }
    }
  }
  return variants.map(({ article, mention, tag }) => {
    const first = firstUse.get(tag.key)!;
    return problem({ file: article.file, line: mention.line, field: `tags[${mention.index}]`, rule: "tags/variant", message: `${show(mention.name)} differs only ${howDiffers(mention.name, tag.name)} from ${show(tag.name)} (${first.file}:${first.line}); one tag page serves both.`, severity: "notice" });
  });
}

function howDiffers(a: string, b: string): string {
  if (a.toLowerCase() === b.toLowerCase()) return "in case";
  if (a.trim().replace(/\s+/g, " ") === b.trim().replace(/\s+/g, " ")) return "in spacing";
  return "in case, spacing or accents";
}
