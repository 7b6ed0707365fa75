/** Everything derived from the article records: ordering, tags, listing pages. Pure. */
import { joinNames, type Article } from "./article.ts";
import { compareText, problem, show, type ContentProblem } from "./problems.ts";
import { assignSlugs, nameKey } from "./slug.ts";
import type { Site } from "./site.ts";

/** A tag with its page and how many articles carry it. */
export interface Tag {
  /** Identity shared by spellings that differ only in case, spacing or accents. */
  key: string;
  /** Display name: the most used spelling, e.g. "Syria". */
  name: string;
  slug: string;
  /** "/tags/<slug>/" */
  url: string;
  count: number;
}

/** An article as pages show it: tags resolved to their pages, byline joined. */
export interface ArticlePage extends Omit<Article, "tags"> {
  tags: Tag[];
  /** "Jane Doe and John Roe"; "" when there are no authors. */
  byline: string;
}

/** One page of a paginated list of articles. */
export interface ListingPage {
  /** Site-relative URL: "/", "/page/2/", "/tags/syria/page/2/". */
  url: string;
  /** 1-based page number. */
  number: number;
  /** Number of pages in this list. */
  total: number;
  items: ArticlePage[];
  previousUrl: string | null;
  nextUrl: string | null;
}

/** One page of a tag's article list. */
export interface TagListingPage extends ListingPage {
  tag: Tag;
}

/** The whole archive as the templates see it. */
export interface Archive {
  site: Site;
  /** Published (or, in previews, all) articles, newest first. */
  articles: ArticlePage[];
  homePages: ListingPage[];
  /** Every tag, in alphabetical order. */
  tags: Tag[];
  tagPages: TagListingPage[];
  /** True when drafts and scheduled articles are included (local preview). */
  preview: boolean;
}

/** What `buildArchive` needs besides the articles. */
export interface ArchiveOptions {
  site: Site;
  /** Include drafts and future-dated articles, marked (preview). */
  includeDrafts: boolean;
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/** Orders, groups and paginates articles. Returns URL clashes as errors and left-out articles as notices. */
export function buildArchive(all: readonly Article[], options: ArchiveOptions): { archive: Archive; problems: ContentProblem[] } {
  const { site, includeDrafts } = options;
  const problems: ContentProblem[] = [...findUrlClashes(all)];

  const articles = [...all].sort(newestFirst).filter((article) => {
    if (includeDrafts) return true;
    if (article.draft) {
      problems.push(problem(article.file, 1, "draft", "draft/excluded", "true; left out of this build. Preview it with npm start, or build with --drafts.", "notice"));
      return false;
    }
    if (article.scheduled) {
      problems.push(problem(article.file, 1, "date", "date/scheduled", `${show(article.date.datetime)} is in the future; left out of this build until then (build with --drafts to include it).`, "notice"));
      return false;
    }
    return true;
  });

  const { tags, tagOf, notices } = collectTags(articles);
  problems.push(...notices);
  const pages: ArticlePage[] = articles.map((article) => ({
    ...article,
    tags: article.tags.map((mention) => tagOf(mention.name)),
    byline: joinNames(article.authors),
  }));

  const tagged = new Map<Tag, ArticlePage[]>(tags.map((tag) => [tag, []]));
  for (const page of pages) for (const tag of page.tags) tagged.get(tag)!.push(page);
  const tagPages = tags.flatMap((tag) =>
    paginate(tagged.get(tag)!, site.pageSize, tag.url).map((listing) => ({ ...listing, tag })),
  );

  return {
    archive: { site, articles: pages, homePages: paginate(pages, site.pageSize, "/"), tags, tagPages, preview: includeDrafts },
    problems,
  };
}

/** Newest first by calendar date, then by instant, then by slug and file, so the order never depends on the disk. */
export function newestFirst(a: Article, b: Article): number {
  return compareText(b.date.date, a.date.date) || b.date.epochMs - a.date.epochMs || compareText(a.slug, b.slug) || compareText(a.file, b.file);
}

/** Splits items into pages of `size` at `base`, `base`page/2/, ...; an empty list still has one page. */
export function paginate(items: ArticlePage[], size: number, base: string): ListingPage[] {
  const total = Math.max(1, Math.ceil(items.length / size));
  const urlOf = (n: number): string => (n === 1 ? base : `${base}page/${n}/`);
  return Array.from({ length: total }, (_, i) => ({
    url: urlOf(i + 1),
    number: i + 1,
    total,
    items: items.slice(i * size, (i + 1) * size),
    previousUrl: i > 0 ? urlOf(i) : null,
    nextUrl: i + 1 < total ? urlOf(i + 2) : null,
  }));
}

function findUrlClashes(articles: readonly Article[]): ContentProblem[] {
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
        return problem(article.file, 1, "slug", "slug/clash", `${show(article.slug)} on ${article.date.date} gives the URL ${article.url}, which ${others.join(", ")} also has; give one of them another slug.`);
      }),
    );
}

function collectTags(articles: readonly Article[]) {
  // Spellings of each tag key, counted, with the first place each was written, oldest article first.
  // Display name: the most used spelling; on a tie, the one the archive used first.
  const spellings = new Map<string, Map<string, { count: number; order: number; file: string; line: number }>>();
  const counts = new Map<string, number>();
  const oldestFirst = [...articles].reverse();
  for (const article of oldestFirst) {
    for (const { name, line } of article.tags) {
      const key = nameKey(name);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      const forms = spellings.get(key) ?? new Map();
      spellings.set(key, forms);
      const seen = forms.get(name);
      if (seen) seen.count += 1;
      else forms.set(name, { count: 1, order: forms.size, file: article.file, line });
    }
  }

  const slugs = assignSlugs(spellings.keys());
  const tagsByKey = new Map<string, Tag>();
  const notices: ContentProblem[] = [];
  for (const [key, forms] of spellings) {
    const ranked = [...forms.entries()].sort(([, x], [, y]) => y.count - x.count || x.order - y.order);
    const [name, first] = ranked[0]!;
    const slug = slugs.get(key)!;
    tagsByKey.set(key, { key, name, slug, url: `/tags/${slug}/`, count: counts.get(key)! });
    for (const [variant] of ranked.slice(1)) {
      for (const article of oldestFirst) {
        const mention = article.tags.find((tag) => tag.name === variant);
        if (!mention) continue;
        notices.push(problem(article.file, mention.line, `tags[${mention.index}]`, "tags/variant", `${show(variant)} differs only ${howDiffers(variant, name)} from ${show(name)} (${first.file}:${first.line}); one tag page serves both.`, "notice"));
      }
    }
  }
  const tags = [...tagsByKey.values()].sort((a, b) => collator.compare(a.name, b.name) || compareText(a.key, b.key));
  return { tags, tagOf: (name: string): Tag => tagsByKey.get(nameKey(name))!, notices };
}

function howDiffers(a: string, b: string): string {
  if (a.toLowerCase() === b.toLowerCase()) return "in case";
  if (a.trim().replace(/\s+/g, " ") === b.trim().replace(/\s+/g, " ")) return "in spacing";
  return "in case, spacing or accents";
}
