import { test } from "node:test";
import assert from "node:assert/strict";
import { buildArchive, paginate } from "../../src/archive.ts";
import { parseArticleFile, validateArticle } from "../../src/front-matter.ts";
import { formatProblem } from "../../src/problems.ts";
import { DEFAULT_SITE } from "../../src/site.ts";
import type { Article } from "../../src/article.ts";

const NOW = Date.UTC(2026, 0, 1);

function article(file: string, fields: string): Article {
  const raw = parseArticleFile(file, new TextEncoder().encode(`---\nsource: S\n${fields}\n---\nBody of ${file}.\n`));
  const result = Array.isArray(raw) ? raw : validateArticle(raw, { now: NOW });
  if (Array.isArray(result)) assert.fail(result.map(formatProblem).join("\n"));
  return result;
}

test("articles are newest first, and the order never depends on the input order", () => {
  const a = article("a.md", "title: A\ndate: 2013-04-06");
  const b = article("b.md", "title: B\ndate: 2013-04-07");
  const c = article("c.md", "title: C\ndate: 2013-04-06T20:00:00+04:00");
  const one = buildArchive([a, b, c], { site: DEFAULT_SITE, includeDrafts: false }).archive;
  const two = buildArchive([c, b, a], { site: DEFAULT_SITE, includeDrafts: false }).archive;
  assert.deepEqual(one.articles.map((x) => x.title), ["B", "C", "A"]);
  assert.deepEqual(two, one);
});

test("tags that differ only by case or accents are one tag, with a notice per variant", () => {
  const articles = [
    article("a.md", "title: A\ndate: 2013-04-06\ntags: [Syria]"),
    article("b.md", "title: B\ndate: 2013-04-07\ntags: [Russia, syria]"),
    article("c.md", "title: C\ndate: 2013-04-08\ntags: [SYRIA]"),
    article("d.md", "title: D\ndate: 2013-04-09\ntags: [Sýria]"),
  ];
  const { archive, problems } = buildArchive(articles, { site: DEFAULT_SITE, includeDrafts: false });
  assert.deepEqual(archive.tags.map((t) => [t.name, t.slug, t.count]), [["Russia", "russia", 1], ["Syria", "syria", 4]]);
  assert.deepEqual(archive.tagPages.map((p) => p.url), ["/tags/russia/", "/tags/syria/"]);
  assert.deepEqual(problems.map(formatProblem).sort(), [
    'b.md:5: tags[1]: "syria" differs only in case from "Syria" (a.md:5); one tag page serves both.',
    'c.md:5: tags[0]: "SYRIA" differs only in case from "Syria" (a.md:5); one tag page serves both.',
    'd.md:5: tags[0]: "Sýria" differs only in case, spacing or accents from "Syria" (a.md:5); one tag page serves both.',
  ]);
  assert.ok(problems.every((p) => p.severity === "notice"));
});

test("two articles on the same URL are an error naming every file", () => {
  const one = article("2013/one.md", "title: One\ndate: 2013-04-06\nslug: same");
  const two = article("2013/two.md", "title: Two\ndate: 2013-04-06\nslug: same");
  const { problems } = buildArchive([one, two], { site: DEFAULT_SITE, includeDrafts: false });
  assert.deepEqual(problems.map(formatProblem), [
    '2013/one.md:1: slug: "same" on 2013-04-06 gives the URL /2013/04/06/same/, which 2013/two.md also has; give one of them another slug.',
    '2013/two.md:1: slug: "same" on 2013-04-06 gives the URL /2013/04/06/same/, which 2013/one.md also has; give one of them another slug.',
  ]);
});

test("drafts and scheduled articles are left out with a notice, or kept in a preview", () => {
  const published = article("p.md", "title: P\ndate: 2013-04-06");
  const draft = article("d.md", "title: D\ndate: 2013-04-06\ndraft: true");
  const future = article("f.md", "title: F\ndate: 2030-01-01");
  const production = buildArchive([published, draft, future], { site: DEFAULT_SITE, includeDrafts: false });
  assert.deepEqual(production.archive.articles.map((a) => a.title), ["P"]);
  assert.deepEqual(production.problems.map(formatProblem), [
    "f.md:1: date: \"2030-01-01\" is in the future; left out of this build until then (build with --drafts to include it).",
    "d.md:1: draft: true; left out of this build. Preview it with npm start, or build with --drafts.",
  ]);
  const preview = buildArchive([published, draft, future], { site: DEFAULT_SITE, includeDrafts: true });
  assert.deepEqual(preview.archive.articles.map((a) => a.title), ["F", "D", "P"]);
  assert.equal(preview.archive.preview, true);
});

test("pagination gives flat pages with neighbours, and one empty page for nothing", () => {
  const items = Array.from({ length: 5 }, (_, i) => ({ title: String(i) })) as never[];
  const pages = paginate(items, 2, "/tags/syria/");
  assert.deepEqual(pages.map((p) => [p.url, p.number, p.total, p.items.length, p.previousUrl, p.nextUrl]), [
    ["/tags/syria/", 1, 3, 2, null, "/tags/syria/page/2/"],
    ["/tags/syria/page/2/", 2, 3, 2, "/tags/syria/", "/tags/syria/page/3/"],
    ["/tags/syria/page/3/", 3, 3, 1, "/tags/syria/page/2/", null],
  ]);
  assert.deepEqual(paginate([], 20, "/").map((p) => [p.url, p.items.length, p.total]), [["/", 0, 1]]);
});
