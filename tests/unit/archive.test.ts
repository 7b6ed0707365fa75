import { test } from "node:test";
import assert from "node:assert/strict";
import { buildArchive, MORE_FROM_THE_DAY, ON_THIS_DAY, paginate } from "../../src/archive/archive.ts";
import { parseArticleFile, validateArticle } from "../../src/content/front-matter.ts";
import { formatProblem } from "../../src/shared/problems.ts";
import { DEFAULT_SITE } from "../../src/content/site.ts";
import type { Article } from "../../src/content/article.ts";

const NOW = Date.UTC(2026, 0, 1);

function article(file: string, fields: string, body = `Body of ${file}.`): Article {
  const raw = parseArticleFile(file, new TextEncoder().encode(`---\n${fields.includes("source:") ? "" : "source: S\n"}${fields}\n---\n${body}\n`));
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

test("an alias makes a redirect to its article; one that a page or another article has, or inside pagefind/, is an error at its line", () => {
  const moved = article("2013/moved.md", "title: Moved\ndate: 2013-04-06\naliases: [/2013/04/05/old/, /news/moved.html]");
  const { archive, problems } = buildArchive([moved, article("2013/other.md", "title: Other\ndate: 2013-04-07")], { site: DEFAULT_SITE, includeDrafts: false });
  assert.deepEqual(problems, []);
  assert.deepEqual(archive.redirects.map((r) => [r.url, r.to.url, r.to.title]), [["/2013/04/05/old/", "/2013/04/06/moved/", "Moved"], ["/news/moved.html", "/2013/04/06/moved/", "Moved"]]);
  assert.deepEqual(archive.redirectMaps, [{ url: "/redirects.map", redirects: archive.redirects }]);

  const claims = [
    article("2013/a.md", "title: A\ndate: 2013-04-06\naliases: [/2013/04/07/b/, /2013/04/index.html, /tags/, /search/index.html, /pagefind/x.html, /shared/]"),
    article("2013/b.md", "title: B\ndate: 2013-04-07\naliases:\n  - /shared/"),
    article("2013/c.md", "title: C\ndate: 2013-04-08\ndraft: true\naliases: [/shared/index.html]"),
  ];
  assert.deepEqual(buildArchive(claims, { site: DEFAULT_SITE, includeDrafts: false }).problems.filter((p) => p.severity === "error").map(formatProblem), [
    '2013/a.md:5: aliases[0]: "/2013/04/07/b/" is the URL of a page of this site; an alias is an old URL no page has now, so remove it.',
    '2013/a.md:5: aliases[1]: "/2013/04/index.html" is the URL of a page of this site; an alias is an old URL no page has now, so remove it.',
    '2013/a.md:5: aliases[2]: "/tags/" is the URL of a page of this site; an alias is an old URL no page has now, so remove it.',
    '2013/a.md:5: aliases[3]: "/search/index.html" is the URL of a page of this site; an alias is an old URL no page has now, so remove it.',
    '2013/a.md:5: aliases[4]: "/pagefind/x.html" is inside /pagefind/, which the build writes whole; an old URL there cannot be kept.',
    '2013/a.md:5: aliases[5]: "/shared/" is also an alias of 2013/b.md:6, 2013/c.md:6; an old URL can lead to one article only, so keep it in one.',
    '2013/b.md:6: aliases[0]: "/shared/" is also an alias of 2013/a.md:5, 2013/c.md:6; an old URL can lead to one article only, so keep it in one.',
    '2013/c.md:6: aliases[0]: "/shared/index.html" is also an alias of 2013/a.md:5, 2013/b.md:6; an old URL can lead to one article only, so keep it in one.',
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
  assert.equal(preview.archive.includeDrafts, true);
});

test("pagination gives flat pages with neighbours, and one empty page for nothing", () => {
  const items = Array.from({ length: 5 }, (_, i) => ({ title: String(i) })) as never[];
  const pages = paginate(items, 2, "/tags/syria/");
  assert.deepEqual(pages.map((p) => [p.url, p.number, p.pageCount, p.items.length, p.newerUrl, p.olderUrl]), [
    ["/tags/syria/", 1, 3, 2, null, "/tags/syria/page/2/"],
    ["/tags/syria/page/2/", 2, 3, 2, "/tags/syria/", "/tags/syria/page/3/"],
    ["/tags/syria/page/3/", 3, 3, 1, "/tags/syria/page/2/", null],
  ]);
  assert.deepEqual(paginate([], 20, "/").map((p) => [p.url, p.items.length, p.pageCount]), [["/", 0, 1]]);
});

test("date archives: years and months with counts and neighbours, by the article's own calendar date", () => {
  const articles = [
    article("a.md", "title: A\ndate: 2012-11-05"),
    article("b.md", "title: B\ndate: 2013-12-31T23:30:00-05:00"), // already 2014 in UTC; December 2013 here
    article("c.md", "title: C\ndate: 2013-12-02"),
    article("d.md", "title: D\ndate: 2013-04-06"),
    article("e.md", "title: E\ndate: 2014-01-01T00:30:00+14:00"), // still 2013 in UTC; January 2014 here
  ];
  const { archive } = buildArchive(articles, { site: DEFAULT_SITE, includeDrafts: false });
  assert.deepEqual(archive.years.map((y) => [y.label, y.url, y.count, y.months.map((m) => `${m.label} (${m.count})`)]), [
    ["2014", "/2014/", 1, ["January 2014 (1)"]],
    ["2013", "/2013/", 3, ["April 2013 (1)", "December 2013 (2)"]],
    ["2012", "/2012/", 1, ["November 2012 (1)"]],
  ]);
  const pages = Object.fromEntries(archive.periodPages.map((p) => [p.url, p]));
  assert.deepEqual(pages["/2013/12/"]!.items.map((a) => a.title), ["B", "C"]);
  assert.deepEqual([pages["/2013/12/"]!.older?.url, pages["/2013/12/"]!.newer?.url, pages["/2013/12/"]!.yearPeriod.url], ["/2013/04/", "/2014/01/", "/2013/"]);
  assert.deepEqual([pages["/2013/"]!.older?.label, pages["/2013/"]!.newer?.label], ["2012", "2014"]);
  assert.deepEqual(pages["/2013/"]!.months.map((m) => m.url), ["/2013/04/", "/2013/12/"]);
  assert.deepEqual([pages["/2012/11/"]!.older, pages["/2014/01/"]!.newer], [null, null]);
  assert.deepEqual(archive.articles.find((a) => a.title === "B")!.month, { label: "December 2013", url: "/2013/12/" });
});

test("day pages: each calendar day with articles has one, its month lists it, and each article links to the others of its day", () => {
  const many = Array.from({ length: MORE_FROM_THE_DAY + 2 }, (_, i) => article(`m${i}.md`, `title: M${i}\ndate: 2013-04-06T${String(10 + i)}:00:00+00:00`));
  const articles = [
    ...many,
    article("late.md", "title: Late\ndate: 2013-04-06T23:30:00-05:00"), // April 7 in UTC; April 6 here
    article("next.md", "title: Next\ndate: 2013-04-08"),
    article("alone.md", "title: Alone\ndate: 2013-03-01"),
  ];
  const { archive } = buildArchive(articles, { site: DEFAULT_SITE, includeDrafts: false });
  const days = archive.periodPages.filter((p) => p.kind === "day");
  assert.deepEqual(days.map((p) => [p.url, p.period.label, p.period.count, p.monthPeriod?.url, p.yearPeriod.url]), [
    ["/2013/04/08/", "April 8, 2013", 1, "/2013/04/", "/2013/"],
    ["/2013/04/06/", "April 6, 2013", MORE_FROM_THE_DAY + 3, "/2013/04/", "/2013/"],
    ["/2013/03/01/", "March 1, 2013", 1, "/2013/03/", "/2013/"],
  ]);
  const pages = Object.fromEntries(archive.periodPages.map((p) => [p.url, p]));
  assert.deepEqual([pages["/2013/04/06/"]!.older?.url, pages["/2013/04/06/"]!.newer?.url], ["/2013/03/01/", "/2013/04/08/"]);
  assert.deepEqual(pages["/2013/04/"]!.days.map((d) => `${d.url} (${d.count})`), [`/2013/04/06/ (${MORE_FROM_THE_DAY + 3})`, "/2013/04/08/ (1)"]);
  assert.deepEqual([pages["/2013/"]!.days, pages["/2013/04/06/"]!.days, pages["/2013/"]!.monthPeriod], [[], [], null]);

  const late = archive.articles.find((a) => a.title === "Late")!;
  assert.deepEqual(late.day, { label: "April 6, 2013", url: "/2013/04/06/" });
  assert.equal(late.sameDay.length, MORE_FROM_THE_DAY, "at most MORE_FROM_THE_DAY others; the day page has them all");
  assert.ok(late.sameDay.every((link) => link.url !== late.url && link.date.date === "2013-04-06"));
  assert.deepEqual(late.sameDay.map((link) => link.title), archive.articles.filter((a) => a.day.url === "/2013/04/06/" && a !== late).slice(0, MORE_FROM_THE_DAY).map((a) => a.title), "newest first");
  assert.deepEqual(archive.articles.find((a) => a.title === "Alone")!.sameDay, []);
});

test("authors and sources get pages; a byline may name several, spelled any way", () => {
  const articles = [
    article("a.md", "title: A\ndate: 2013-04-06\nauthor: [Jane Doe, John Roe]\nsource: The Sample Gazette"),
    article("b.md", "title: B\ndate: 2013-04-07\nauthor: jane doe\nsource: Other Paper"),
    article("c.md", "title: C\ndate: 2013-04-08\nauthor: Jane Doe\nsource: The Sample Gazette"),
  ];
  const { archive } = buildArchive(articles, { site: { ...DEFAULT_SITE, pageSize: 1 }, includeDrafts: false });
  assert.deepEqual(archive.authors.map((g) => [g.name, g.url, g.count]), [["Jane Doe", "/authors/jane-doe/", 3], ["John Roe", "/authors/john-roe/", 1]]);
  assert.deepEqual(archive.sources.map((g) => [g.name, g.url, g.count]), [["Other Paper", "/sources/other-paper/", 1], ["The Sample Gazette", "/sources/the-sample-gazette/", 2]]);
  assert.deepEqual(archive.authorPages.map((p) => [p.url, p.items.map((a) => a.title).join()]), [
    ["/authors/jane-doe/", "C"], ["/authors/jane-doe/page/2/", "B"], ["/authors/jane-doe/page/3/", "A"], ["/authors/john-roe/", "A"],
  ]);
  const a = archive.articles.find((x) => x.title === "A")!;
  assert.deepEqual(a.authorGroups.map((g) => g.url), ["/authors/jane-doe/", "/authors/john-roe/"]);
  assert.equal(a.sourceGroup?.url, "/sources/the-sample-gazette/");
});

test("each article knows its older and newer neighbours, its reading time and its related articles", () => {
  const words = (n: number) => Array.from({ length: n }, () => "word").join(" ");
  const articles = [
    article("a.md", "title: A\ndate: 2013-01-01\ntags: [Rare, Common]", words(700)),
    article("b.md", "title: B\ndate: 2013-02-01\ntags: [Common]"),
    article("c.md", "title: C\ndate: 2013-03-01\ntags: [Rare]"),
    article("d.md", "title: D\ndate: 2013-04-01\ntags: [Common]"),
    article("e.md", "title: E\ndate: 2013-05-01\ntags: [Common, Rare]"),
    article("f.md", "title: F\ndate: 2013-06-01"),
  ];
  const { archive } = buildArchive(articles, { site: DEFAULT_SITE, includeDrafts: false });
  const byTitle = Object.fromEntries(archive.articles.map((x) => [x.title, x]));
  assert.deepEqual([byTitle.C!.older?.title, byTitle.C!.newer?.title], ["B", "D"]);
  assert.deepEqual([byTitle.A!.older, byTitle.F!.newer], [null, null]);
  // E shares both tags with A, the rare one with C, the common one with D and B (D nearer in time).
  assert.deepEqual(byTitle.E!.related.map((x) => x.title), ["A", "C", "D", "B"]);
  assert.deepEqual(byTitle.F!.related, [], "no shared tag, nothing related");
  assert.deepEqual([byTitle.A!.words, byTitle.A!.readingMinutes, byTitle.B!.readingMinutes], [700, 3, 1]);
});

test("On this day: the first home page lists the build's UTC calendar day in earlier years, newest first, at most ON_THIS_DAY", () => {
  const years = Array.from({ length: ON_THIS_DAY + 2 }, (_, i) => article(`y${i}.md`, `title: Y${2000 + i}\ndate: ${2000 + i}-04-06T23:30:00-05:00`));
  const others = [article("same-year.md", "title: This year\ndate: 2026-04-06"), article("eve.md", "title: Eve\ndate: 2012-04-05"), article("leap.md", "title: Leap\ndate: 2012-02-29")];
  const at = (iso: string) => buildArchive([...years, ...others], { site: { ...DEFAULT_SITE, pageSize: 5 }, includeDrafts: false, now: Date.parse(iso) }).archive;
  // 2026-04-06 from 00:00 to 23:59 UTC, whatever the machine's zone; an article's own calendar date (23:30 at -05:00 is still April 6).
  for (const iso of ["2026-04-06T00:00:00Z", "2026-04-06T23:59:59Z"]) {
    const [first, second] = at(iso).homePages;
    assert.equal(first!.onThisDay!.label, "April 6");
    assert.deepEqual(first!.onThisDay!.items.map((item) => [item.article.title, item.day.url]), Array.from({ length: ON_THIS_DAY }, (_, i) => [`Y${2011 - i}`, `/${2011 - i}/04/06/`]));
    assert.equal(second!.onThisDay, null, "the first page only");
  }
  assert.deepEqual(at("2028-02-29T12:00:00Z").homePages[0]!.onThisDay!.items.map((item) => item.article.title), ["Leap"]);
  assert.equal(at("2026-04-07T00:00:00Z").homePages[0]!.onThisDay, null, "no article on April 7: no section");
  assert.equal(buildArchive(years, { site: DEFAULT_SITE, includeDrafts: false }).archive.homePages[0]!.onThisDay, null, "no build date: none");
});
