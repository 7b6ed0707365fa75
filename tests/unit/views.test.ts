import { test } from "node:test";
import assert from "node:assert/strict";
import { buildArchive } from "../../src/archive/archive.ts";
import { FEED_SIZE, rfc3339, xmlText } from "../../src/archive/feeds.ts";
import { planPages, splitRenderSet, everyPage, joinRenderSets, outputPathOf, TEMPLATE_OF } from "../../src/render/render-plan.ts";
import { parseArticleFile, validateArticle } from "../../src/content/front-matter.ts";
import { DEFAULT_SITE, type Site } from "../../src/content/site.ts";
import type { Article } from "../../src/content/article.ts";

const SITE: Site = { ...DEFAULT_SITE, url: "https://example.org", pageSize: 2 };

function article(n: number, extra = ""): Article {
  const day = String((n % 28) + 1).padStart(2, "0");
  const raw = parseArticleFile(`a${n}.md`, new TextEncoder().encode(`---\ntitle: Story ${n}\ndate: 2013-0${(n % 9) + 1}-${day}\nsource: S\ntags: [${n % 2 ? "Odd" : "Even"}]\n${extra}---\nBody ${n}.\n`));
  const result = Array.isArray(raw) ? raw : validateArticle(raw, { now: Date.UTC(2026, 0, 1) });
  if (Array.isArray(result)) assert.fail(JSON.stringify(result));
  return result;
}

const articles = Array.from({ length: 25 }, (_, n) => article(n, n === 3 ? "updated: 2020-01-02\n" : ""));
const { archive } = buildArchive(articles, { site: SITE, includeDrafts: false });

test("feeds: the site's newest articles, then one per tag, each dated by its newest change", () => {
  assert.deepEqual(archive.feeds.map((feed) => [feed.url, feed.pageUrl, feed.items.length]), [
    ["/feed.xml", "/", FEED_SIZE],
    ["/tags/even/feed.xml", "/tags/even/", 13],
    ["/tags/odd/feed.xml", "/tags/odd/", 12],
  ]);
  assert.deepEqual(archive.feeds[0]!.items.map((item) => item.url), archive.articles.slice(0, FEED_SIZE).map((item) => item.url));
  assert.equal(archive.feeds[2]!.updated, "2020-01-02T00:00:00Z", "the update of story 3, an odd one, is the newest change");
  assert.equal(rfc3339({ ...archive.articles[0]!.date, datetime: "2013-04-06T23:30:00-05:00" }), "2013-04-06T23:30:00-05:00");
  assert.equal(xmlText("a\u0000b\uFFFEc\uD800d"), "abcd");
});

test("the sitemap lists every public page once, with absolute URLs", () => {
  const [sitemap] = archive.sitemaps;
  assert.equal(archive.sitemaps.length, 1);
  const locs = sitemap!.entries.map((entry) => entry.loc);
  assert.equal(new Set(locs).size, locs.length, "no page twice");
  for (const page of [...archive.articles, ...archive.homePages, ...archive.tagPages, ...archive.periodPages]) {
    assert.ok(locs.includes(`https://example.org${page.url}`), page.url);
  }
  assert.ok(locs.every((loc) => loc.startsWith("https://example.org/")));
});

test("the render plan: nothing to render when every key is as before, and an edit renders its page and the lists that show it", () => {
  const first = planPages(archive, "build-1", new Map());
  const all = Object.keys(first.keys);
  assert.equal(first.reuse.length, 0);
  assert.equal(all.length, Object.values(everyPage(archive)).reduce((sum, pages) => sum + pages.length, 0));
  const again = planPages(archive, "build-1", new Map(Object.entries(first.keys)));
  assert.deepEqual(Object.values(again.render).map((pages) => pages.length), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(again.reuse.length, all.length);

  const edited = buildArchive(articles.map((a, n) => (n === 24 ? article(24, "summary: A correction.\n") : a)), { site: SITE, includeDrafts: false }).archive;
  const plan = planPages(edited, "build-1", new Map(Object.entries(first.keys)));
  const rendered = Object.values(plan.render).flat().map((page) => outputPathOf(page.url));
  for (const file of [outputPathOf(edited.articles.find((a) => a.title === "Story 24")!.url), "feed.xml", "tags/even/feed.xml"]) {
    assert.ok(rendered.includes(file), `${file} is not among the pages rendered again: ${rendered.join(", ")}`);
  }
  assert.ok(rendered.length < all.length / 2, `${rendered.length} of ${all.length} pages`);

  const changedBuild = planPages(archive, "build-2", new Map(Object.entries(first.keys)));
  assert.equal(changedBuild.reuse.length, 0, "a new setting or shared template renders everything");
});

test("a template edit renders again only the pages of that template", () => {
  const kinds = Object.fromEntries(Object.keys(TEMPLATE_OF).map((kind) => [kind, `${kind}-1`])) as Record<keyof typeof TEMPLATE_OF, string>;
  const first = planPages(archive, kinds, new Map());
  const plan = planPages(archive, { ...kinds, tagPages: "tagPages-2" }, new Map(Object.entries(first.keys)));
  assert.deepEqual(plan.render.tagPages.map((page) => page.url), archive.tagPages.map((page) => page.url));
  assert.deepEqual(Object.entries(plan.render).filter(([kind, pages]) => kind !== "tagPages" && pages.length > 0), []);
});

test("render sets joined hold each page once, in order", () => {
  const set = everyPage(archive);
  const joined = joinRenderSets([{ ...set, tagPages: set.tagPages.slice(0, 2) }, { ...set, articles: set.articles.slice(1, 3), tagPages: set.tagPages.slice(1) }]);
  assert.deepEqual(joined.tagPages.map((page) => page.url), set.tagPages.map((page) => page.url));
  assert.deepEqual(joined.articles.map((page) => page.url), set.articles.map((page) => page.url));
});

test("render sets split into runs of a given size, in order, always at least one", () => {
  const set = everyPage(archive);
  const parts = splitRenderSet(set, 10);
  const total = Object.values(set).reduce((sum, pages) => sum + pages.length, 0);
  assert.equal(parts.length, Math.ceil(total / 10));
  assert.deepEqual(parts.flatMap((part) => Object.values(part).flat()).map((p) => p.url), Object.values(set).flat().map((p) => p.url));
  assert.equal(splitRenderSet(planPages(archive, "k", new Map(Object.entries(planPages(archive, "k", new Map()).keys))).render, 10).length, 1);
});

test("search bundles: one per year, a big year split into runs of whole months named after their oldest", async () => {
  const { planSearchBundles } = await import("../../src/archive/search-bundles.ts");
  assert.deepEqual(archive.searchBundles.map((bundle) => [bundle.id, bundle.url, bundle.items.length]), [["2013", "/pagefind/2013/", 25]]);
  // 2013 holds 3 articles in each of January to July and 2 in August and September.
  const split = planSearchBundles(archive.articles, 5);
  assert.deepEqual(split.map((bundle) => [bundle.id, bundle.items.length]), [["2013-08", 4], ["2013-07", 3], ["2013-06", 3], ["2013-05", 3], ["2013-04", 3], ["2013-03", 3], ["2013-02", 3], ["2013-01", 3]]);
  assert.deepEqual(split.flatMap((bundle) => bundle.items), archive.articles, "every article once, in order");
  assert.deepEqual(planSearchBundles([]), []);
});

test("search documents: the headline and body indexed, the rest as filters and metadata; names escaped for Pagefind's UI", async () => {
  const { searchDocument } = await import("../../src/archive/search-document.ts");
  const [page] = buildArchive([article(1, "author: ['<img src=x onerror=alert(1)>', Ann Lee]\n")], { site: SITE, includeDrafts: false }).archive.articles;
  const html = searchDocument(page!, "<p>Body 1.</p>");
  assert.match(html, /<article data-pagefind-body><h1>Story 1<\/h1><div data-pagefind-ignore>/);
  assert.match(html, /<div><p>Body 1\.<\/p><\/div><\/article>/);
  // Pagefind decodes a filter's text once more than HTML does, and its UI prints it as HTML (see pagefindFilterText).
  assert.ok(html.includes(`<span data-pagefind-filter="author">&amp;amp;lt;img src=x onerror=alert(1)&amp;amp;gt;</span>`));
  assert.ok(html.includes(`<span data-pagefind-meta="by">&lt;img src=x onerror=alert(1)&gt; and Ann Lee</span>`));
  assert.ok(html.includes(`<time datetime="2013-02-02" data-pagefind-meta="date" data-pagefind-sort="date[datetime]">February 2, 2013</time>`));
  for (const filter of ["year\">2013", "source\">S", "tag\">Odd"]) assert.ok(html.includes(`data-pagefind-filter="${filter}<`), filter);
  // The date a result shows is in the language of the search page: the site's.
  const [russian] = buildArchive([article(1)], { site: { ...SITE, language: "ru" }, includeDrafts: false }).archive.articles;
  assert.ok(searchDocument(russian!, "").includes(`data-pagefind-sort="date[datetime]">2 февраля 2013 г.</time>`));
});
