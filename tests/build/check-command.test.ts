import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { ROOT, runCli, tempDir } from "../helpers/run.ts";
import { assertIncludes } from "../helpers/assert-text.ts";

const SAMPLE = path.join(ROOT, "tests/fixtures/sample");

test("the shipped site is valid HTML with no broken link or fragment", async () => {
  const out = await tempDir();
  assert.equal((await runCli(["build", "--out", out])).code, 0);
  const result = await runCli(["check", "--out", out]);
  assert.equal(result.stderr, "");
  assert.equal(result.stdout.split("\n")[0], `Checked 20 pages and 10 feed and sitemap files in ${out}/ (HTML validity, XML well-formedness, links, fragments): no problems.`);
  assert.equal(result.code, 0);
});

test("every page kind of the sample, drafts included, passes under a path prefix too", async () => {
  for (const baseUrl of [[], ["--base-url", "https://example.org/archive/"]]) {
    const out = await tempDir();
    assert.equal((await runCli(["build", "--content", SAMPLE, "--out", out, "--drafts", ...baseUrl])).code, 0);
    const result = await runCli(["check", "--out", out]); // the build recorded its base URL
    assert.equal(result.stderr, "", `with ${baseUrl.join(" ") || "no prefix"}`);
    assert.match(result.stdout, /^Checked 58 pages and 1\d feed and sitemap files in .+: no problems\.\n/);
  }
});

test("a deliberately broken page fails, naming the page, line and rule", async () => {
  const out = await tempDir();
  await runCli(["build", "--out", out]);
  const page = path.join(out, "tags/index.html");
  const html = await readFile(page, "utf8");
  await writeFile(page, html.replace(`<h1 class="page-title">Tags</h1>`, `<h1 class="page-title">Tags</h1>\n<img src="/missing.png">\n<a href="/nowhere/">gone</a> <a href="#nope">nope</a> <a href="../2013/04/06/putin-urges-peace-talks-to-end-syria-massacre/#provenance-title">fine</a>`));
  const result = await runCli(["check", "--out", out]);
  assert.equal(result.code, 1);
  assert.equal(result.stderr, [
    `${out}/tags/index.html:46: html/wcag/h37: <img> is missing required "alt" attribute`,
    `${out}/tags/index.html:46: link/broken: src "/missing.png" points to no file (looked for missing.png).`,
    `${out}/tags/index.html:47: link/broken: href "/nowhere/" points to no file (looked for nowhere/index.html).`,
    `${out}/tags/index.html:47: link/fragment: href "#nope" points to no element with id "nope" in tags/index.html.`,
    ``,
  ].join("\n"));
  assert.equal(result.stdout.split("\n")[0], `Checked 20 pages and 10 feed and sitemap files in ${out}/ (HTML validity, XML well-formedness, links, fragments): 4 problems in 1 page.`);
});

test("a malformed feed, and feed, sitemap and canonical URLs to missing pages, fail the check", async () => {
  const out = await tempDir();
  await runCli(["build", "--out", out]);
  const edit = async (file: string, from: string, to: string) => {
    const text = await readFile(path.join(out, file), "utf8");
    assertIncludes(text, from, `${file} holds ${from}`);
    await writeFile(path.join(out, file), text.replace(from, to));
  };
  await edit("feed.xml", "<generator>news-archive</generator>", "<generator>news-archive</generatr>");
  await edit("tags/syria/feed.xml", `href="https://archive.example.org/2013/04/06/`, `href="https://archive.example.org/2013/04/07/`);
  await edit("sitemap.xml", "<loc>https://archive.example.org/tags/</loc>", "<loc>https://archive.example.org/tags/gone/</loc>");
  await edit("tags/index.html", `<link rel="canonical" href="https://archive.example.org/tags/">`, `<link rel="canonical" href="https://archive.example.org/tag/">`);
  const result = await runCli(["check", "--out", out]);
  assert.equal(result.code, 1);
  assert.deepEqual(result.stderr.trim().split("\n"), [
    `${out}/feed.xml:10: xml/well-formed: unexpected close tag.`,
    `${out}/sitemap.xml:6: link/broken: loc "https://archive.example.org/tags/gone/" points to no file (looked for tags/gone/index.html).`,
    `${out}/tags/index.html:9: link/broken: href "https://archive.example.org/tag/" points to no file (looked for tag/index.html).`,
    `${out}/tags/syria/feed.xml:13: link/broken: href "https://archive.example.org/2013/04/07/putin-urges-peace-talks-to-end-syria-massacre/" points to no file (looked for 2013/04/07/putin-urges-peace-talks-to-end-syria-massacre/index.html).`,
  ]);
});

test("a link outside the path prefix is broken for a site served under it", async () => {
  const out = await tempDir();
  await runCli(["build", "--out", out, "--base-url", "https://example.org/archive/"]);
  const page = path.join(out, "index.html");
  await writeFile(page, (await readFile(page, "utf8")).replace(`<h1 class="page-title">`, `<a href="/tags/">unprefixed</a><h1 class="page-title">`));
  const result = await runCli(["check", "--out", out]);
  assert.equal(result.code, 1);
  assert.match(result.stderr, /index\.html:\d+: link\/prefix: href "\/tags\/" is outside the site's path prefix \/archive\/\.\n$/);
});

test("check accepts a folder copied elsewhere", async () => {
  const out = await tempDir();
  await runCli(["build", "--out", out]);
  const copy = await tempDir();
  await cp(out, copy, { recursive: true });
  assert.equal((await runCli(["check", "--out", copy])).code, 0);
});

test("a second check validates only files with new bytes, and still finds what a change broke in pages that did not change", async () => {
  const out = await tempDir();
  const cache = await tempDir("news-archive-cache-");
  const check = () => runCli(["check", "--out", out], { NEWS_ARCHIVE_CACHE_DIR: cache });
  assert.equal((await runCli(["build", "--out", out], { NEWS_ARCHIVE_CACHE_DIR: cache })).code, 0);
  assert.match((await check()).stdout, /^Validated every file; /m);
  const again = await check();
  assert.equal(again.code, 0);
  assert.match(again.stdout, /^Nothing in the folder changed since its last check with these rules, so that check's result stands /m);
  // Without that result (damaged), the results of each file are used, and the links checked again.
  const [site] = (await readdir(cache)).filter((name) => name.startsWith("check-site-"));
  await writeFile(path.join(cache, site!), "{ damaged");
  assert.match((await check()).stdout, /^Every file had these bytes at an earlier check and kept its results; /m);

  const article = "2013/04/06/putin-urges-peace-talks-to-end-syria-massacre/index.html";
  const edit = async (file: string, from: string, to: string) => {
    const text = await readFile(path.join(out, file), "utf8");
    assertIncludes(text, from, `${file} holds ${from}`);
    await writeFile(path.join(out, file), text.replace(from, to));
  };
  // A page made invalid, with a broken link and a bad fragment: found, and only it validated.
  await edit("tags/index.html", `<h1 class="page-title">Tags</h1>`, `<h1 class="page-title">Tags</h1>\n<div><p>open</div>\n<a href="/nowhere/">gone</a> <a href="/${article.replace("index.html", "")}#provenance-title">fine now</a>`);
  const damaged = await check();
  assert.equal(damaged.code, 1);
  assert.deepEqual(damaged.stderr.trim().split("\n"), [
    `${out}/tags/index.html:46: html/no-implicit-close: Element <p> is implicitly closed by parent </div>`,
    `${out}/tags/index.html:47: link/broken: href "/nowhere/" points to no file (looked for nowhere/index.html).`,
  ]);
  assert.match(damaged.stdout, /^Validated 1 file with new bytes; the other 29 had these bytes/m);

  // The page a fragment points into loses the id: the unchanged page's link is now bad.
  await edit(article, `id="provenance-title"`, `id="provenance-heading"`);
  const fragment = await check();
  assertIncludes(fragment.stderr, `${out}/tags/index.html:47: link/fragment: href "/${article.replace("index.html", "")}#provenance-title" points to no element with id "provenance-title" in ${article}.`);
  assert.match(fragment.stdout, /^Validated 1 file with new bytes; /m);

  // An article page deleted: every page that links to it, none of them changed, is found.
  await rm(path.join(out, article));
  const gone = await check();
  const broken = gone.stderr.split("\n").filter((line) => line.includes(`link/broken`) && line.includes(article));
  assert.ok(broken.some((line) => line.startsWith(`${out}/index.html:`)), gone.stderr);
  assert.ok(broken.some((line) => line.startsWith(`${out}/tags/syria/index.html:`)), gone.stderr);
  assert.ok(broken.some((line) => line.startsWith(`${out}/feed.xml:`)), gone.stderr);
  assert.match(gone.stdout, /^Every file had these bytes at an earlier check/m);
});

test("a damaged check cache, or one from other rules or code, never passes a page: the files it cannot vouch for are validated again", async () => {
  const out = await tempDir();
  const cache = await tempDir("news-archive-cache-");
  // Each check forgets the folder's last result, which would stand for an unchanged folder: this test is about each file's.
  const check = async (...extra: string[]) => {
    for (const name of await readdir(cache)) if (name.startsWith("check-site-")) await rm(path.join(cache, name));
    return runCli(["check", "--out", out, ...extra], { NEWS_ARCHIVE_CACHE_DIR: cache });
  };
  await runCli(["build", "--out", out], { NEWS_ARCHIVE_CACHE_DIR: cache });
  await check();
  const log = path.join(cache, "check-results.ndjson");
  const [version, ...lines] = (await readFile(log, "utf8")).split("\n");
  assert.equal(lines.filter(Boolean).length, 30);

  // Lines cut short and replaced by garbage: those files are validated again.
  // A line of the right hash but the wrong shape is not trusted either.
  const misshapen = JSON.stringify([JSON.parse(lines[21]!)[0], [], [], [["href"]]]);
  await writeFile(log, [version, ...lines.slice(0, 20), lines[20]!.slice(0, 30), "not json", misshapen, ""].join("\n"));
  assert.match((await check()).stdout, /^Validated 10 files with new bytes; the other 20 /m);
  // The log is written afresh without the bad lines: the next check reuses everything.
  assert.match((await check()).stdout, /^Every file had these bytes/m);
  // Cut short at its very end: that file is validated again, and its new line does not run into the cut one.
  const whole = await readFile(log, "utf8");
  await writeFile(log, whole.slice(0, -10));
  assert.match((await check()).stdout, /^Validated 1 file with new bytes; the other 29 /m);
  assert.match((await check()).stdout, /^Every file had these bytes/m);

  // Another version (other rules, other code): everything again. --no-cache too.
  await writeFile(log, (await readFile(log, "utf8")).replace(version!, "another version"));
  assert.match((await check()).stdout, /^Validated every file; /m);
  assert.match((await check("--no-cache")).stdout, /^Validated every file; /m);

  // A cached result stands for bytes, not for a path: a page whose bytes changed is validated.
  const page = path.join(out, "tags/index.html");
  await writeFile(page, (await readFile(page, "utf8")).replace("<main", "<main><img src=/css/site.css>"));
  const result = await check();
  assert.equal(result.code, 1);
  assert.match(result.stderr, /tags\/index\.html:\d+: html\/wcag\/h37: <img> is missing required "alt" attribute/);
});

test("after an edit only the changed files are checked, until a link of an unchanged page may lead elsewhere; then the whole site is", async () => {
  const out = await tempDir();
  const cache = await tempDir("news-archive-cache-");
  const check = () => runCli(["check", "--out", out], { NEWS_ARCHIVE_CACHE_DIR: cache });
  assert.equal((await runCli(["build", "--out", out], { NEWS_ARCHIVE_CACHE_DIR: cache })).code, 0);
  assert.equal((await check()).code, 0);
  // The log of every file's results damaged: a check that reads it validates those files again; one that judges only the changed files does not read it.
  const log = path.join(cache, "check-results.ndjson");
  const [version] = (await readFile(log, "utf8")).split("\n");
  await writeFile(log, `${version}\n`);
  const article = "2013/04/06/putin-urges-peace-talks-to-end-syria-massacre/index.html";
  const edit = async (file: string, from: string, to: string) => {
    const text = await readFile(path.join(out, file), "utf8");
    assertIncludes(text, from, `${file} holds ${from}`);
    await writeFile(path.join(out, file), text.replace(from, to));
  };

  // A new link into an unchanged page, to an id it has: only this page is checked.
  await edit("tags/index.html", `<h1 class="page-title">Tags</h1>`, `<h1 class="page-title">Tags</h1>\n<a href="/${article.replace("index.html", "")}#provenance-title">provenance</a>`);
  const linked = await check();
  assert.equal(linked.code, 0, linked.stderr);
  assert.match(linked.stdout, /^Validated 1 file with new bytes; the other 29 /m);
  // The page made invalid: found, naming page and line, and still only it checked.
  await edit("tags/index.html", `provenance</a>`, `provenance</a>\n<div><p>open</div>`);
  const invalid = await check();
  assert.deepEqual(invalid.stderr.trim().split("\n"), [`${out}/tags/index.html:47: html/no-implicit-close: Element <p> is implicitly closed by parent </div>`]);
  assert.match(invalid.stdout, /^Validated 1 file with new bytes; /m);
  await edit("tags/index.html", `\n<div><p>open</div>`, "");
  assert.equal((await check()).code, 0);

  // The article loses the id that unchanged page links to: the whole site is checked, and the link found.
  await edit(article, `id="provenance-title"`, `id="provenance-heading"`);
  const fragment = await check();
  assert.deepEqual(fragment.stderr.trim().split("\n"), [
    `${out}/tags/index.html:46: link/fragment: href "/${article.replace("index.html", "")}#provenance-title" points to no element with id "provenance-title" in ${article}.`,
  ]);
  assert.doesNotMatch(fragment.stdout, /^Validated 1 file/m);
  await edit(article, `id="provenance-heading"`, `id="provenance-title"`);
  assert.equal((await check()).code, 0);

  // A file no link leads to, added and removed: nothing validated (the log, emptied again, is not read).
  await writeFile(log, `${version}\n`);
  await writeFile(path.join(out, "unlinked.txt"), "x");
  assert.match((await check()).stdout, /^Every file had these bytes/m);
  await rm(path.join(out, "unlinked.txt"));
  assert.match((await check()).stdout, /^Every file had these bytes/m);
  // A page other pages link to, removed: the whole site is checked, and every page linking to it found.
  await rm(path.join(out, article));
  const gone = await check();
  const broken = gone.stderr.split("\n").filter((line) => line.includes("link/broken") && line.includes(article));
  assert.ok(broken.some((line) => line.startsWith(`${out}/index.html:`)), gone.stderr);
  assert.ok(broken.some((line) => line.startsWith(`${out}/feed.xml:`)), gone.stderr);
});
