import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fingerprint, page, ROOT, runCli, runCliProcess, tempDir } from "../helpers/run.ts";
import { BROKEN_OUTPUT, executableParts } from "../helpers/safety.ts";
import { assertIncludes } from "../helpers/assert-text.ts";

const BUILDS = path.join(ROOT, "tests/fixtures/hostile/builds");
const FAILS = path.join(ROOT, "tests/fixtures/hostile/fails");

test("hostile content that is valid builds, with nothing executable or broken in any page", async () => {
  const content = await tempDir();
  await cp(BUILDS, content, { recursive: true });
  // Generated here rather than committed: a 5 MB body.
  const paragraph = "A long archive article with <b>markup</b> & entities. ".repeat(20);
  await writeFile(path.join(content, "articles/2013/five-megabytes.md"), `---\ntitle: Five megabytes\ndate: 2013-04-14\nsource: Hostile Times\n---\n\n${`${paragraph}\n\n`.repeat(Math.ceil(5_000_000 / (paragraph.length + 2)))}`);

  const root = await tempDir();
  const out = path.join(root, "site");
  const result = await runCli(["build", "--content", content, "--out", out]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(await readdir(root), ["site"], "nothing is written outside the output folder");

  const files = Object.keys(await fingerprint(out)).filter((file) => file.endsWith(".html"));
  assert.equal(files.length, 62);
  for (const file of files) {
    const html = await readFile(path.join(out, file), "utf8");
    assert.deepEqual(executableParts(html), [], file);
    for (const broken of BROKEN_OUTPUT) assert.ok(!html.includes(broken), `${file} contains ${JSON.stringify(broken)}`);
  }

});

test("hostile fields print as text, escaped once, in valid pages with no broken link", async () => {
  const out = await tempDir();
  assert.equal((await runCli(["build", "--content", BUILDS, "--out", out])).code, 0);
  // html-validate needs ~30 s for the 5 MB page, so the check runs on the fixture alone.
  const check = await runCli(["check", "--out", out]);
  assert.equal(check.stderr, "");
  assert.equal(check.code, 0);
  const html = await page(out, "/2013/04/06/xss-in-fields/");
  assertIncludes(html, `<h1 class="article__title">&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt;</h1>`);
  assertIncludes(html, `<span class="article__byline">By <a href="/authors/img-src-x-onerror-alert-author/" rel="author">&lt;img src=x onerror=alert(&#39;author&#39;)&gt;</a> and <a href="/authors/jane-span-script-alert-2-script/" rel="author">Jane &lt;/span&gt;&lt;script&gt;alert(2)&lt;/script&gt;</a></span>`);
  // JSON-LD carries the same fields with "<" escaped, so no value can close its <script>.
  assertIncludes(html, `"headline":"\\u003cscript\\u003ealert('title')\\u003c/script\\u003e \\"\\u003e\\u003cimg src=x onerror=alert(1)\\u003e"`);
  assertIncludes(html, `<meta name="description" content="&lt;/title&gt;&lt;script&gt;alert(&#39;summary&#39;)&lt;/script&gt;">`);
  assertIncludes(html, `<a class="provenance__url" href="https://example.org/a?q=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;x=&lt;b&gt;" rel="external noopener">`);
  assertIncludes(html, `<a href="/tags/javascript-alert-1/" rel="tag">javascript:alert(1)</a>`);
  const body = await page(out, "/2013/04/07/xss-in-body/");
  assertIncludes(body, `<a href="https://example.org/ok" title="fine">An ordinary link survives.</a>`);
  const templates = await page(out, "/2013/04/10/template-syntax/");
  assertIncludes(templates, `<h1 class="article__title">{{ 7*7 }} and {% raw %}</h1>`);
  // Markdown reads the two asterisks as emphasis; no template engine ever sees the text.
  assertIncludes(templates, `<p>{{ 7<em>7 }} {% for x in [1,2] %}{{ x }}{% endfor %} {{ constructor.constructor('return process')() }} ${"${7</em>7}"} &lt;%= 7*7 %&gt;</p>`);
  assert.doesNotMatch(templates, /\b49\b|\[object process\]|<p>12<\/p>/);
});

test("odd tags each get their own safe page inside tags/", async () => {
  const out = await tempDir();
  await runCli(["build", "--content", BUILDS, "--out", out]);
  const tags = (await readdir(path.join(out, "tags"))).sort();
  for (const slug of ["a-b", "all-tag", "c", "c-plus-plus", "c-sharp", "ellada", "etc", "feed-tag", "index-tag", "moskva", "padded", "rockets", "unicode", "012", "3-10", "1-20", "no"]) {
    assert.ok(tags.includes(slug), slug);
  }
  assert.equal(tags.filter((slug) => /^[0-9a-f]{8}$/.test(slug)).length, 3, "日本, .. and ?! get hash slugs");
  assert.ok(existsSync(path.join(out, "tags/index.html")), "the tag index is not overwritten");
  assert.ok(!existsSync(path.join(out, "etc")) && !existsSync(path.join(path.dirname(out), "etc")));
});

test("YAML traps and line endings are read as written", async () => {
  const out = await tempDir();
  await runCli(["build", "--content", BUILDS, "--out", out]);
  assertIncludes((await page(out, "/2013/04/09/yaml-traps/")), `<h1 class="article__title">1984</h1>`);
  assertIncludes((await page(out, "/tags/012/")), `<h1 class="page-title">012</h1>`);
  assertIncludes((await page(out, "/tags/3-10/")), `<h1 class="page-title">3.10</h1>`);
  for (const [url, title] of [["/2013/04/11/crlf/", "CRLF line endings"], ["/2013/04/12/cr-only/", "CR-only line endings"], ["/2013/04/13/bom/", "Starts with a BOM"]]) {
    assertIncludes((await page(out, url!)), `<h1 class="article__title">${title}</h1>`, url);
  }
});

test("hostile content that is invalid fails with one clear line per problem, and never runs", async () => {
  const content = await tempDir();
  await cp(FAILS, content, { recursive: true });
  const staircase = Array.from({ length: 5000 }, (_, i) => `${">".repeat(i + 1)} level ${i + 1}`).join("\n");
  await mkdir(path.join(content, "articles/2014"));
  await writeFile(path.join(content, "articles/2014/nested-quotes.md"), `---\ntitle: Nested\ndate: 2014-01-01\nsource: Hostile Times\n---\n${staircase}\n`);
  const pwned = "/tmp/news-archive-pwned";
  const out = await tempDir();
  const result = await runCliProcess(["build", "--content", content, "--out", out], { NODE_OPTIONS: "" });
  assert.equal(result.code, 1);
  const rel = content; // outside the project, so shown whole rather than as ../../tmp/…
  assert.equal(
    result.stderr,
    [
      `${rel}/articles/2013/control-character.md:2: title: contains the control character U+0007; remove it.`,
      `${rel}/articles/2013/data-url.md:5: original_url: "data:text/html,<script>alert(1)</script>" is not an http(s) URL; write the full address, e.g. "https://example.com/2013/04/06/story".`,
      `${rel}/articles/2013/duplicate-keys.md:5: title: appears more than once; keep one.`,
      `${rel}/articles/2013/front-matter-list.md:2: front matter: is a list, not fields; write one "field: value" per line, e.g. "title: ...".`,
      `${rel}/articles/2013/front-matter-string.md:2: front matter: is a single value, not fields; write one "field: value" per line, e.g. "title: ...".`,
      `${rel}/articles/2013/impossible-date.md:3: date: "2013-02-30" is not a valid date; write YYYY-MM-DD, e.g. "2013-02-28".`,
      `${rel}/articles/2013/javascript-url.md:5: original_url: "javascript:alert(1)" is not an http(s) URL; write the full address, e.g. "https://example.com/2013/04/06/story".`,
      `${rel}/articles/2013/js-front-matter.md:1: front matter: "---js" front matter is not allowed, as it could run code; write YAML between two "---" lines.`,
      `${rel}/articles/2013/latin1.md:1: file: is not valid UTF-8; save it as UTF-8 (most editors offer this under Save As or Encoding).`,
      `${rel}/articles/2013/not-line-one.md:3: front matter: starts on line 3; it must start on line 1, so remove the blank lines before "---".`,
      `${rel}/articles/2013/tags-string.md:5: tags: "Syria, Iraq" is one piece of text, not a list; write tags: [Syria, Iraq].`,
      `${rel}/articles/2014/nested-quotes.md:6: body: has quotes nested 5000 deep; at most 64 can be shown, so flatten them.`,
      `12 problems in 12 files. Nothing was built.`,
      ``,
    ].join("\n"),
  );
  assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
  assert.ok(!existsSync(pwned), "---js front matter never ran");
  assert.deepEqual(await readdir(out), [], "nothing was written");
});
