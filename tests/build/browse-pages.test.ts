import { before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { page, ROOT, runCli, tempDir } from "../helpers/run.ts";
import { decodeHTMLAttribute } from "entities";
import { assertIncludes } from "../helpers/assert-text.ts";

const ARTICLE = "/2013/04/06/putin-urges-peace-talks-to-end-syria-massacre/";
const LINK = `<a href="${ARTICLE}">Putin Urges Peace Talks to End Syria &#39;Massacre&#39;</a>`;
let shipped: string;
let sample: string;

before(async () => {
  [shipped, sample] = [await tempDir(), await tempDir()];
  assert.equal((await runCli(["build", "--out", shipped, "--no-search"])).code, 0);
  assert.equal((await runCli(["build", "--out", sample, "--content", path.join(ROOT, "tests/fixtures/sample"), "--no-search"])).code, 0);
});

/** The JSON-LD objects of a page. */
function jsonLd(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">(.*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));
}

test("2013 and April 2013 list the article, with counts, months and a breadcrumb trail", async () => {
  const year = await page(shipped, "/2013/");
  assertIncludes(year, `<h1 class="page-title">2013</h1>\n<p class="page-intro">1 article published in 2013</p>`);
  assertIncludes(year, `<li><a href="/2013/04/">April 2013</a> <span class="count">1<span class="visually-hidden"> article</span></span></li>`);
  assertIncludes(year, LINK);
  const month = await page(shipped, "/2013/04/");
  assertIncludes(month, `<h1 class="page-title">April 2013</h1>`);
  assertIncludes(month, `<li><a href="/">Home</a></li><li><a href="/archive/">Archive</a></li><li><a href="/2013/">2013</a></li>`);
  assertIncludes(month, LINK);
  const [trail] = jsonLd(month);
  assert.deepEqual(trail, {
    "@context": "https://schema.org",
    "@type": "BreadcrumbList",
    itemListElement: [
      { "@type": "ListItem", position: 1, name: "Home", item: "https://archive.example.org/" },
      { "@type": "ListItem", position: 2, name: "Archive", item: "https://archive.example.org/archive/" },
      { "@type": "ListItem", position: 3, name: "2013", item: "https://archive.example.org/2013/" },
      { "@type": "ListItem", position: 4, name: "April 2013", item: "https://archive.example.org/2013/04/" },
    ],
  });
  const overview = await page(shipped, "/archive/");
  assertIncludes(overview, `<a href="/2013/">2013</a> <span class="count">1<span class="visually-hidden"> article</span></span></h2>`);
  assertIncludes(overview, `<li><a href="/2013/04/">April 2013</a>`);
});

test("neighbouring periods link to each other, and a late-evening article stays in its own month", async () => {
  const december = await page(sample, "/2013/12/");
  assertIncludes(december, `<a href="/2013/06/" rel="prev">← June 2013 <span class="count">(2)</span></a>`);
  assertIncludes(december, `<a class="period-nav__later" href="/2014/01/" rel="next">January 2014 <span class="count">(1)</span> →</a>`);
  assertIncludes(december, `<a href="/2013/12/31/new-years-eve-in-new-york/">`);
  const year = await page(sample, "/2013/");
  assertIncludes(year, `<a class="period-nav__later" href="/2014/" rel="next">2014`);
});

test("The Moscow Times has an author page and a source page, and both indexes list it", async () => {
  for (const [index, url, intro] of [["/authors/", "/authors/the-moscow-times/", "Articles by"], ["/sources/", "/sources/the-moscow-times/", "Articles from"]] as const) {
    const list = await page(shipped, index);
    assertIncludes(list, `<li><a href="${url}">The Moscow Times</a> <span class="count">1<span class="visually-hidden"> article</span></span></li>`, index);
    const one = await page(shipped, url);
    assertIncludes(one, `<h1 class="page-title">The Moscow Times</h1>\n<p class="page-intro">${intro} “The Moscow Times”: 1 article</p>`, url);
    assertIncludes(one, LINK, url);
  }
  // Two authors in one byline: both pages list the article, which links to both.
  const article = await page(sample, "/2013/12/31/new-years-eve-in-new-york/");
  assertIncludes(article, `By <a href="/authors/jane-doe/" rel="author">Jane Doe</a> and <a href="/authors/john-roe/" rel="author">John Roe</a>`);
  for (const url of ["/authors/jane-doe/", "/authors/john-roe/"]) assertIncludes((await page(sample, url)), `href="/2013/12/31/new-years-eve-in-new-york/"`, url);
});

test("the article page has reading time, provenance with the web archive's copy, and a citation block", async () => {
  const html = await page(shipped, ARTICLE);
  assertIncludes(html, `<span class="article__reading-time">2 min read</span>`);
  assertIncludes(html, `<dt>Archived copy</dt><dd><a href="https://web.archive.org/web/20130406/https://www.themoscowtimes.com/2013/04/06/putin-urges-peace-talks-to-end-syria-massacre-a23012" rel="external noopener">`);
  // Formatted by citeproc with the APA style, its italics as HTML.
  assertIncludes(html, `<p class="citation__text" id="cite-apa" tabindex="0" aria-labelledby="cite-apa-label">Putin Urges Peace Talks to End Syria “Massacre.” (2013, April 6). <i>The Moscow Times</i>. https://www.themoscowtimes.com/2013/04/06/putin-urges-peace-talks-to-end-syria-massacre-a23012</p>`);
  for (const style of ["mla", "chicago"]) assertIncludes(html, `<p class="citation__text" id="cite-${style}"`, style);
  assertIncludes(html, `<pre class="citation__text" id="cite-bibtex"`);
  // Collapsed, after older and newer, related articles and provenance.
  assertIncludes(html, `<details>\n    <summary><h2 id="citation-title">Cite this article</h2></summary>`);
  assert.ok(html.indexOf('id="citation-title"') > html.indexOf('class="article-nav"') && html.indexOf('id="citation-title"') > html.indexOf('id="provenance-title"'), "the citations come after the navigation");
  // For reference managers: the downloads hold the records, and the head the meta tags.
  const download = (type: string) => decodeURIComponent(decodeHTMLAttribute(new RegExp(`href="data:${type};charset=utf-8,([^"]*)"`).exec(html)?.[1] ?? ""));
  assert.match(download("application/x-research-info-systems"), /^TY {2}- NEWS\r\nAU {2}- The Moscow Times\r\nTI {2}- Putin Urges Peace Talks to End Syria 'Massacre'\r\n/);
  assert.equal(JSON.parse(download("application/vnd.citationstyles.csl\\+json"))[0].type, "article-newspaper");
  assertIncludes(html, `download="putin-urges-peace-talks-to-end-syria-massacre.ris"`);
  assertIncludes(html, `<meta name="citation_title" content="Putin Urges Peace Talks to End Syria &#39;Massacre&#39;">`);
  assertIncludes(html, `<meta name="citation_publication_date" content="2013/04/06">`);
  assertIncludes(html, `<meta name="DC.identifier" content="https://archive.example.org${ARTICLE}">`);
});

test("older, newer and related articles link from each article", async () => {
  const ceasefire = await page(sample, "/2013/06/10/syria-ceasefire/");
  assertIncludes(ceasefire, `<a href="/2013/05/02/syria-talks/" rel="prev"><span class="article-nav__label">← Older</span> Syria Talks Resume</a>`);
  assertIncludes(ceasefire, `<a class="article-nav__newer" href="/2013/06/10/peregovory-v-zheneve/" rel="next"><span class="article-nav__label">Newer →</span> Переговоры по Сирии возобновятся в Женеве</a>`);
  const talks = await page(sample, "/2013/05/02/syria-talks/");
  assert.ok(!talks.includes(`rel="prev"><span class="article-nav__label">`), "the oldest article has no older one");
  const related = /<section class="related"[\s\S]*?<\/section>/.exec(talks)?.[0] ?? "";
  assertIncludes(related, `href="/2013/06/10/syria-ceasefire/"`);
  assertIncludes(related, `href="/2014/01/15/syria-aid/"`);
  assert.ok(!related.includes(`href="/2013/05/02/syria-talks/"`), "never related to itself");
});

test("metadata for machines: canonical URL, description, OpenGraph, Twitter card and NewsArticle JSON-LD", async () => {
  const html = await page(shipped, ARTICLE);
  const absolute = `https://archive.example.org${ARTICLE}`;
  assertIncludes(html, `<link rel="canonical" href="${absolute}">`);
  assertIncludes(html, `<meta name="description" content="President Vladimir Putin called the civil war in Syria a &quot;massacre&quot;`);
  assertIncludes(html, `<meta property="og:type" content="article">`);
  assertIncludes(html, `<meta property="og:url" content="${absolute}">`);
  assertIncludes(html, `<meta property="og:title" content="Putin Urges Peace Talks to End Syria &#39;Massacre&#39;">`);
  assertIncludes(html, `<meta name="twitter:card" content="summary">`);
  assertIncludes(html, `<meta property="article:published_time" content="2013-04-06">`);
  const [article, trail] = jsonLd(html);
  assert.deepEqual(article, {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: "Putin Urges Peace Talks to End Syria 'Massacre'",
    description: "President Vladimir Putin called the civil war in Syria a \"massacre\" that must be ended through talks between the government and the opposition, and repeated Russia's rejection of calls for Bashar Assad's ouster.",
    url: absolute,
    mainEntityOfPage: absolute,
    datePublished: "2013-04-06",
    dateModified: "2013-04-06",
    author: [{ "@type": "Organization", name: "The Moscow Times" }],
    publisher: { "@type": "Organization", name: "The Moscow Times" },
    isBasedOn: "https://www.themoscowtimes.com/2013/04/06/putin-urges-peace-talks-to-end-syria-massacre-a23012",
    keywords: ["Vladimir Putin", "Bashar Assad", "Russia", "Syria", "Syrian civil war", "Diplomacy", "Arms trade"],
    inLanguage: "en",
    wordCount: 409,
    isPartOf: { "@type": "WebSite", name: "News Archive", url: "https://archive.example.org/" },
  });
  assert.equal((trail as { "@type": string })["@type"], "BreadcrumbList");
});

test("the 404 page offers a search box and the most recent articles, and is not indexed", async () => {
  const html = await page(sample, "/404.html");
  assertIncludes(html, `<form class="search-form" action="/search/" method="get" role="search">`);
  assertIncludes(html, `<meta name="robots" content="noindex">`);
  assert.ok(!html.includes(`rel="canonical"`));
  const recent = /<ul class="link-list">([\s\S]*?)<\/ul>/.exec(html)?.[1] ?? "";
  assert.equal([...recent.matchAll(/<li>/g)].length, 5);
  assert.ok(recent.trim().startsWith(`<li><a href="/2014/02/01/template-syntax/">`), recent);
});

test("a corrected article: the latest correction on top, every correction at the end, dateModified and the feed entry moved", async () => {
  const html = await page(sample, "/2013/06/10/syria-ceasefire/");
  const history = '<li><time datetime="2013-06-11">June 11, 2013</time>: An earlier version gave the wrong name for the &lt;b&gt;monitoring&lt;/b&gt; group.</li><li><time datetime="2013-06-14">June 14, 2013</time>: An earlier version said the ceasefire began on June 9; it began on June 10.</li>';
  assertIncludes(html, '<p class="correction-notice"><strong>Correction, <time datetime="2013-06-14">June 14, 2013</time>:</strong> An earlier version said the ceasefire began on June 9; it began on June 10. <a href="#corrections">Corrections</a></p>');
  assertIncludes(html, history);
  assert.ok(html.indexOf("correction-notice") < html.indexOf("article__body") && html.indexOf(history) > html.indexOf("A ceasefire was declared."), "the notice above the body, the history below it");
  assertIncludes(html, "<p>A ceasefire was declared.</p>");
  assertIncludes(html, '<span class="article__updated">Updated <time datetime="2013-06-14">June 14, 2013</time></span>');
  const [article] = jsonLd(html);
  assert.equal(article!.dateModified, "2013-06-14");
  assert.deepEqual(article!.correction, [
    { "@type": "CorrectionComment", text: "An earlier version gave the wrong name for the <b>monitoring</b> group.", datePublished: "2013-06-11" },
    { "@type": "CorrectionComment", text: "An earlier version said the ceasefire began on June 9; it began on June 10.", datePublished: "2013-06-14" },
  ]);
  const feed = await page(sample, "/tags/syria/feed.xml");
  const entry = feed.slice(feed.indexOf("<title>Ceasefire Declared in Syria</title>"));
  assert.match(entry.slice(0, entry.indexOf("</entry>")), /<updated>2013-06-14T00:00:00Z<\/updated>/);
  assert.doesNotMatch(await page(sample, "/2013/05/02/syria-talks/"), /correction-notice|id="corrections"/, "an article without corrections shows neither");
});
