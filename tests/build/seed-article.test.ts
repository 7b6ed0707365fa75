import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { page, ROOT, runCli, tempDir } from "../helpers/run.ts";
import { assertIncludes } from "../helpers/assert-text.ts";

const ARTICLE_URL = "/2013/04/06/putin-urges-peace-talks-to-end-syria-massacre/";
let out: string;

before(async () => {
  out = await tempDir();
  const result = await runCli(["build", "--out", out]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^Built 1 article into .+ \(32 pages\) in [\d.]+ s\.$/m);
});

/** The seed's paragraphs, with the one it split mid-sentence joined back together. */
async function seedParagraphs(): Promise<string[]> {
  const raw = await readFile(path.join(ROOT, "../shared/seeds/000_23da6c00baa58b1d.txt"), "utf8");
  const blocks = raw.split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
  const body = blocks.slice(3, blocks.findIndex((b) => b === "Original url:"));
  const splitAt = body.findIndex((b) => b.endsWith("refused to back calls for Assad"));
  assert.ok(splitAt > 0, "the seed's split paragraph is where we expect it");
  body.splice(splitAt, 2, `${body[splitAt]} ${body[splitAt + 1]}`);
  return body;
}

test("the article page carries every paragraph of the seed, verbatim, the split one rejoined", async () => {
  const html = await page(out, ARTICLE_URL);
  const paragraphs = await seedParagraphs();
  assert.equal(paragraphs.length, 12);
  for (const paragraph of paragraphs) {
    const escaped = paragraph.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
    assertIncludes(html, `<p>${escaped}</p>`, `missing paragraph: ${paragraph.slice(0, 60)}…`);
  }
  assertIncludes(html, "<p>In recent months, it has sought to distance itself from the Syrian strongman and shown a resignation to him losing power. At the same time, it has refused to back calls for Assad to step down, insisting that the opposition should be persuaded to sit down for talks with the regime.</p>");
});

test("the article page shows headline, byline, source, date, tags and provenance", async () => {
  const html = await page(out, ARTICLE_URL);
  assertIncludes(html, `<h1 class="article__title">Putin Urges Peace Talks to End Syria &#39;Massacre&#39;</h1>`);
  assertIncludes(html, `<span class="article__byline">By <a href="/authors/the-moscow-times/" rel="author">The Moscow Times</a></span>`);
  assertIncludes(html, `<time datetime="2013-04-06">April 6, 2013</time>`);
  assertIncludes(html, `<dt>Published in</dt><dd><a href="/sources/the-moscow-times/">The Moscow Times</a></dd>`);
  assertIncludes(html, `<a href="/tags/syria/" rel="tag">Syria</a>`);
  assertIncludes(html, `<a href="/tags/vladimir-putin/" rel="tag">Vladimir Putin</a>`);
  assertIncludes(html, `<a class="provenance__url" href="https://www.themoscowtimes.com/2013/04/06/putin-urges-peace-talks-to-end-syria-massacre-a23012" rel="external noopener">`);
  assertIncludes(html, `<title>Putin Urges Peace Talks to End Syria &#39;Massacre&#39; · News Archive</title>`);
});

test("the home page and the Syria tag page link to the article", async () => {
  const link = `<a href="${ARTICLE_URL}">Putin Urges Peace Talks to End Syria &#39;Massacre&#39;</a>`;
  assertIncludes((await page(out, "/")), link);
  const tag = await page(out, "/tags/syria/");
  assertIncludes(tag, link);
  assertIncludes(tag, `<h1 class="page-title">Syria</h1>`);
});

test("the tag index lists every tag with its count", async () => {
  const html = await page(out, "/tags/");
  for (const [slug, name] of [["syria", "Syria"], ["russia", "Russia"], ["bashar-assad", "Bashar Assad"], ["vladimir-putin", "Vladimir Putin"]]) {
    assertIncludes(html, `<li><a href="/tags/${slug}/">${name}</a> <span class="count">1<span class="visually-hidden"> article</span></span></li>`, name);
  }
});
