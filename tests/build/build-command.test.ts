import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { executableParts } from "../helpers/safety.ts";
import { fingerprint, page, ROOT, runCli, runCliProcess, tempDir } from "../helpers/run.ts";
import { assertIncludes } from "../helpers/assert-text.ts";

const SAMPLE = path.join(ROOT, "tests/fixtures/sample");
const INVALID = path.join(ROOT, "tests/fixtures/invalid");

test("bad content: every problem printed once, exit 1, previous output untouched", async () => {
  const out = await tempDir();
  assert.equal((await runCli(["build", "--content", SAMPLE, "--out", out])).code, 0);
  const before = await fingerprint(out);

  const result = await runCli(["build", "--content", INVALID, "--out", out]);
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr,
    [
      `tests/fixtures/invalid/articles/2013/bad-date.md:3: date: "2013-13-01" is not a valid date; write YYYY-MM-DD, e.g. "2013-12-01".`,
      `tests/fixtures/invalid/articles/2013/invalid-yaml.md:3: front matter: is not valid YAML: Missing closing "quote; check quotes, brackets and indentation.`,
      `tests/fixtures/invalid/articles/2013/missing-title.md:1: title: missing; every article needs a title.`,
      `tests/fixtures/invalid/articles/2013/unknown-field.md:3: titel: unknown field; did you mean "title"?`,
      `4 problems in 4 files. Nothing was built.`,
      ``,
    ].join("\n"),
  );
  assert.deepEqual(await fingerprint(out), before);
});

test("no stale file survives a deleted article", async () => {
  const content = await tempDir();
  await cp(SAMPLE, content, { recursive: true });
  const out = await tempDir();
  assert.equal((await runCli(["build", "--content", content, "--out", out])).code, 0);
  assert.ok(existsSync(path.join(out, "2013/05/02/syria-talks/index.html")));
  assert.ok(existsSync(path.join(out, "tags/diplomacy/index.html")));

  await rm(path.join(content, "articles/2013/syria-talks.md"));
  assert.equal((await runCli(["build", "--content", content, "--out", out])).code, 0);
  assert.ok(!existsSync(path.join(out, "2013/05/02/syria-talks/index.html")));
  assert.ok(!existsSync(path.join(out, "tags/diplomacy/index.html")), "a tag with no articles left has no page");
  assert.ok(!(await page(out, "/")).includes("syria-talks"));
});

test("the same content builds byte-identical under two time zones", async () => {
  const [la, tokyo] = [await tempDir(), await tempDir()];
  assert.equal((await runCliProcess(["build", "--content", SAMPLE, "--out", la], { TZ: "America/Los_Angeles" })).code, 0);
  assert.equal((await runCliProcess(["build", "--content", SAMPLE, "--out", tokyo], { TZ: "Asia/Tokyo" })).code, 0);
  assert.deepEqual(await fingerprint(tokyo), await fingerprint(la));
  // The late-evening New York article keeps its own calendar date in both.
  assertIncludes((await page(la, "/2013/12/31/new-years-eve-in-new-york/")), `<time datetime="2013-12-31T23:30:00-05:00">December 31, 2013</time>`);
});

test("drafts and future articles: left out of production, shown and marked with --drafts", async () => {
  const production = await tempDir();
  const result = await runCli(["build", "--content", SAMPLE, "--out", production]);
  assertIncludes(result.stderr, "tests/fixtures/sample/articles/2014/unfinished-draft.md:1: draft: true; left out of this build. Preview it with npm start, or build with --drafts.");
  assertIncludes(result.stderr, `tests/fixtures/sample/articles/2014/from-the-future.md:1: date: "2099-01-01" is in the future; left out of this build until then (build with --drafts to include it).`);
  assert.ok(!existsSync(path.join(production, "2014/03/01/unfinished-draft/index.html")));
  assert.ok(!existsSync(path.join(production, "2099/01/01/from-the-future/index.html")));

  const preview = await tempDir();
  assert.equal((await runCli(["build", "--content", SAMPLE, "--out", preview, "--drafts"])).code, 0);
  const draft = await page(preview, "/2014/03/01/unfinished-draft/");
  assertIncludes(draft, `<span class="badge badge--draft">Draft</span>`);
  assertIncludes((await page(preview, "/2099/01/01/from-the-future/")), `<span class="badge badge--scheduled">Scheduled</span>`);
});

test("home and tag pages are paginated; case variants of a tag share one page", async () => {
  const out = await tempDir();
  await runCli(["build", "--content", SAMPLE, "--out", out]);
  const home = await page(out, "/");
  assertIncludes(home, `<a href="/page/2/" rel="next">Older →</a>`);
  assertIncludes(home, `<span class="pagination__status">Page 1 of 3</span>`);
  const second = await page(out, "/page/2/");
  assertIncludes(second, `<a href="/" rel="prev">← Newer</a>`);
  const syria = await page(out, "/tags/syria/");
  assertIncludes(syria, `<p class="page-intro">Articles tagged “Syria”: 4 articles · <a href="/tags/syria/feed.xml">Atom feed</a></p>`);
  assertIncludes((await page(out, "/tags/syria/page/2/")), `<a href="/tags/syria/" rel="prev">← Newer</a>`);
  assert.ok(!existsSync(path.join(out, "tags/syria-2")));
});

test("content is data: markup and template syntax print as text, scripts never run", async () => {
  const out = await tempDir();
  await runCli(["build", "--content", SAMPLE, "--out", out]);
  const html = await page(out, "/2014/02/01/template-syntax/");
  assertIncludes(html, `<h1 class="article__title">Braces &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; {{ 7*7 }}</h1>`);
  assertIncludes(html, `<p>Templates are text here: {{ 7*7 }} and {% if true %}yes{% endif %}.</p>`);
  assertIncludes(html, `rel="author">&lt;img src=x onerror=alert(1)&gt;</a>`);
  assertIncludes(html, `<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'">`);
  assertIncludes(html, `<a href="/tags/c-plus-plus/" rel="tag">C++</a>`);
  assertIncludes(html, `<a href="/tags/c-sharp/" rel="tag">C#</a>`);
  assert.deepEqual(executableParts(html), []);
  assert.doesNotMatch(html, /javascript:|<img|onerror="/);
});

test("a base URL with a path prefixes every link", async () => {
  const out = await tempDir();
  assert.equal((await runCli(["build", "--content", SAMPLE, "--out", out, "--base-url", "https://example.org/archive/"])).code, 0);
  const home = await page(out, "/");
  assertIncludes(home, `<link rel="stylesheet" href="/archive/css/site.css">`);
  assertIncludes(home, `<a href="/archive/2014/02/01/template-syntax/">`);
  assertIncludes(home, `<a href="/archive/page/2/" rel="next">`);
  assert.doesNotMatch(home, /href="\/(?!archive\/)/);
});

test("the build refuses to replace a folder that holds the content", async () => {
  const content = await tempDir();
  await cp(SAMPLE, content, { recursive: true });
  const result = await runCli(["build", "--content", content, "--out", content]);
  assert.equal(result.code, 2);
  assert.equal(result.stderr, `Refusing --out ${content}: it is the content folder.\nChoose a new or empty folder, e.g. --out _site.\n`);
  assert.ok(existsSync(path.join(content, "articles/2013/syria-talks.md")));
});
