import { test } from "node:test";
import assert from "node:assert/strict";
import { buildArchive } from "../../src/archive/archive.ts";
import { articleMeta, groupIndexMeta, groupMeta, homeMeta, periodMeta, standaloneMeta } from "../../src/archive/page-meta.ts";
import { breadcrumbList, jsonLdScript } from "../../src/archive/structured-data.ts";
import { parseArticleFile, validateArticle } from "../../src/content/front-matter.ts";
import { DEFAULT_SITE, type Site } from "../../src/content/site.ts";
import type { Article } from "../../src/content/article.ts";

const SITE: Site = { ...DEFAULT_SITE, title: "The Archive", url: "https://example.org", pathPrefix: "/archive/", pageSize: 1 };

function article(file: string, fields: string): Article {
  const raw = parseArticleFile(file, new TextEncoder().encode(`---\nsource: S\n${fields}\n---\nBody.\n`));
  const result = Array.isArray(raw) ? raw : validateArticle(raw, { now: Date.UTC(2026, 0, 1) });
  if (Array.isArray(result)) assert.fail(JSON.stringify(result));
  return result;
}

const { archive } = buildArchive(
  [article("a.md", "title: Talks <Resume>\ndate: 2013-05-02\nsummary: Talks went on.\ntags: [Syria]"), article("b.md", "title: Aid\ndate: 2013-06-10\ntags: [Syria]")],
  { site: SITE, includeDrafts: false },
);

test("an article's meta: its headline and summary, under its year, month and day", () => {
  const talks = archive.articles.find((a) => a.title.startsWith("Talks"))!;
  assert.deepEqual(articleMeta(SITE, talks), {
    title: "Talks <Resume>",
    documentTitle: "Talks <Resume> · The Archive",
    description: "Talks went on.",
    type: "article",
    breadcrumbs: [{ label: "Home", url: "/" }, { label: "2013", url: "/2013/" }, { label: "May 2013", url: "/2013/05/" }, { label: "May 2, 2013", url: "/2013/05/02/" }],
    feed: null,
    noindex: false,
  });
});

test("listing pages: the home page is the site's title, later pages and periods are numbered, months sit under their year", () => {
  assert.equal(homeMeta(SITE, archive.homePages[0]!).documentTitle, "The Archive");
  assert.equal(homeMeta(SITE, archive.homePages[1]!).documentTitle, "Latest articles, page 2 · The Archive");
  const month = archive.periodPages.find((p) => p.kind === "month" && p.period.label === "June 2013")!;
  assert.deepEqual(periodMeta(SITE, month).breadcrumbs.map((c) => c.label), ["Home", "Archive", "2013"]);
  const year = archive.periodPages.filter((p) => p.kind === "year");
  assert.deepEqual(year.map((p) => periodMeta(SITE, p).title), ["2013", "2013 · Page 2"]);
});

test("tag pages link their own feed; author and source pages have none", () => {
  const syria = groupMeta(SITE, "tags", archive.tagPages[0]!);
  assert.deepEqual(syria.feed, { url: "/tags/syria/feed.xml", title: "Syria · The Archive (Atom)" });
  assert.equal(archive.feeds.find((feed) => feed.pageUrl === "/tags/syria/")?.url, syria.feed!.url, "the same address the feed is written at");
  assert.equal(groupMeta(SITE, "sources", archive.sourcePages[0]!).feed, null);
  assert.equal(groupMeta(SITE, "tags", archive.tagPages[1]!).title, "Syria · Page 2");
  assert.deepEqual(groupIndexMeta(SITE, "authors"), {
    title: "Authors", documentTitle: "Authors · The Archive", description: "Every author in The Archive, with the number of articles for each.",
    type: "website", breadcrumbs: [{ label: "Home", url: "/" }], feed: null, noindex: false,
  });
  assert.equal(standaloneMeta(SITE, "not-found").noindex, true);
  assert.deepEqual(standaloneMeta(SITE, "not-found").breadcrumbs, []);
});

test("the breadcrumb JSON-LD follows the page's trail, with absolute URLs under the prefix and nothing that can close its script", () => {
  const talks = archive.articles.find((a) => a.title.startsWith("Talks"))!;
  const meta = articleMeta(SITE, talks);
  assert.equal(
    jsonLdScript(breadcrumbList(SITE, meta.breadcrumbs, { label: meta.title, url: talks.url })),
    `<script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[` +
      `{"@type":"ListItem","position":1,"name":"Home","item":"https://example.org/archive/"},` +
      `{"@type":"ListItem","position":2,"name":"2013","item":"https://example.org/archive/2013/"},` +
      `{"@type":"ListItem","position":3,"name":"May 2013","item":"https://example.org/archive/2013/05/"},` +
      `{"@type":"ListItem","position":4,"name":"May 2, 2013","item":"https://example.org/archive/2013/05/02/"},` +
      `{"@type":"ListItem","position":5,"name":"Talks \\u003cResume\\u003e","item":"https://example.org/archive/2013/05/02/a/"}]}</script>`,
  );
});
