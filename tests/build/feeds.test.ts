import { before, test } from "node:test";
import assert from "node:assert/strict";
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { page, ROOT, runCli, tempDir } from "../helpers/run.ts";
import { xmlErrors } from "../helpers/xml.ts";
import { assertIncludes } from "../helpers/assert-text.ts";

const ARTICLE = "https://archive.example.org/2013/04/06/putin-urges-peace-talks-to-end-syria-massacre/";
let out: string;

before(async () => {
  out = await tempDir();
  const result = await runCli(["build", "--out", out]);
  assert.equal(result.code, 0, result.stderr);
});

const read = (file: string, dir = out) => readFile(path.join(dir, file), "utf8");

test("the site's Atom feed is well-formed and carries the article in full, with absolute URLs", async () => {
  const atom = await read("feed.xml");
  assert.deepEqual(xmlErrors(atom), []);
  assert.ok(atom.startsWith(`<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">`));
  assertIncludes(atom, `<link rel="self" type="application/atom+xml" href="https://archive.example.org/feed.xml"/>`);
  assertIncludes(atom, `<updated>2013-04-06T00:00:00Z</updated>`);
  assertIncludes(atom, `<id>${ARTICLE}</id>`);
  assertIncludes(atom, `<title>Putin Urges Peace Talks to End Syria &#39;Massacre&#39;</title>`);
  assertIncludes(atom, `<link rel="via" href="https://www.themoscowtimes.com/2013/04/06/putin-urges-peace-talks-to-end-syria-massacre-a23012"/>`);
  // Full content, escaped once: the last paragraph of the body is there.
  assertIncludes(atom, `&lt;p&gt;&quot;We are ready to support these ideas,&quot; Putin said. &quot;We need to try and put them into practice.&quot;&lt;/p&gt;</content>`);
});

test("each tag has a well-formed Atom feed of its articles, and its page and every page link to the feeds", async () => {
  const syria = await read("tags/syria/feed.xml");
  assert.deepEqual(xmlErrors(syria), []);
  assertIncludes(syria, `<title>Syria · News Archive</title>`);
  assertIncludes(syria, `<link rel="self" type="application/atom+xml" href="https://archive.example.org/tags/syria/feed.xml"/>`);
  assertIncludes(syria, `<id>${ARTICLE}</id>`);
  const tagPage = await page(out, "/tags/syria/");
  assertIncludes(tagPage, `<link rel="alternate" type="application/atom+xml" href="/tags/syria/feed.xml" title="Syria · News Archive (Atom)">`);
  for (const url of ["/", "/tags/syria/", "/2013/04/06/putin-urges-peace-talks-to-end-syria-massacre/", "/archive/"]) {
    const html = await page(out, url);
    assertIncludes(html, `<link rel="alternate" type="application/atom+xml" href="/feed.xml" title="News Archive (Atom)">`, url);
    assertIncludes(html, `<link rel="alternate" type="application/feed+json" href="/feed.json" title="News Archive (JSON Feed)">`, url);
  }
});

test("the JSON Feed is version 1.1 with the article's full content", async () => {
  const feed = JSON.parse(await read("feed.json"));
  assert.equal(feed.version, "https://jsonfeed.org/version/1.1");
  assert.equal(feed.feed_url, "https://archive.example.org/feed.json");
  assert.equal(feed.home_page_url, "https://archive.example.org/");
  assert.equal(feed.items.length, 1);
  const [item] = feed.items;
  assert.equal(item.id, ARTICLE);
  assert.equal(item.url, ARTICLE);
  assert.equal(item.title, "Putin Urges Peace Talks to End Syria 'Massacre'");
  assert.equal(item.date_published, "2013-04-06T00:00:00Z");
  assert.deepEqual(item.authors, [{ name: "The Moscow Times" }]);
  assert.ok(item.content_html.startsWith("<p>President Vladimir Putin said the civil war in Syria"));
  assertIncludes(item.tags, "Bashar Assad");
});

test("the sitemap lists every public page with absolute URLs and lastmod, and robots.txt points to it", async () => {
  const sitemap = await read("sitemap.xml");
  assert.deepEqual(xmlErrors(sitemap), []);
  assertIncludes(sitemap, `<url><loc>${ARTICLE}</loc><lastmod>2013-04-06</lastmod></url>`);
  const locs = [...sitemap.matchAll(/<loc>https:\/\/archive\.example\.org(\/[^<]*)<\/loc>/g)].map((m) => m[1]);
  const pages = (await readFile(path.join(out, ".manifest.json"), "utf8")).match(/"[^"]*index\.html"/g)!.map((file) => `/${JSON.parse(file).replace(/index\.html$/, "")}`);
  assert.deepEqual([...locs].sort(), [...pages].sort(), "every page but 404.html, and nothing else");
  assert.equal(await read("robots.txt"), "User-agent: *\nAllow: /\n\nSitemap: https://archive.example.org/sitemap.xml\n");
});

test("feeds stay well-formed whatever the body holds: &, <, ]]> and control characters", async () => {
  const content = await tempDir();
  await cp(path.join(ROOT, "tests/fixtures/sample"), content, { recursive: true });
  const hostile = "Ampersand & less-than < CDATA end ]]> and back ]]&gt; control \u0001\u000B\u001F and U+FFFE \uFFFE and U+FFFF \uFFFF.";
  await writeFile(path.join(content, "articles/2014/control-characters.md"), `---\ntitle: "Control & <characters> ]]>"\ndate: 2014-05-01\nsource: The Sample Gazette\ntags: [Syria]\n---\n\n${hostile}\n\n\`\`\`\n]]> <![CDATA[ x ]]>\n\`\`\`\n`);
  const site = await tempDir();
  const result = await runCli(["build", "--content", content, "--out", site, "--base-url", "https://example.org/archive/", "--no-search"]);
  assert.equal(result.code, 0, result.stderr);
  for (const file of ["feed.xml", "tags/syria/feed.xml", "sitemap.xml"]) {
    const xml = await read(file, site);
    assert.deepEqual(xmlErrors(xml), [], file);
    assert.doesNotMatch(xml, /href="\/(?!archive)|<loc>https:\/\/example\.org\/(?!archive\/)/, `${file}: every URL is inside the prefix`);
  }
  const atom = await read("feed.xml", site);
  assertIncludes(atom, `<title>Control &amp; &lt;characters&gt; ]]&gt;</title>`);
  assertIncludes(atom, `control  and U+FFFE  and U+FFFF .`, "characters XML cannot hold are left out");
  assertIncludes(atom, `<link rel="self" type="application/atom+xml" href="https://example.org/archive/feed.xml"/>`);
  const json = JSON.parse(await read("feed.json", site));
  assert.equal(json.items[0].title, "Control & <characters> ]]>");
  assertIncludes(json.items[0].content_html, "control \u0001\u000B\u001F", "JSON escapes control characters instead");
});
