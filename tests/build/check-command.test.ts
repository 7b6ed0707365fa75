import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ROOT, runCli, tempDir } from "../helpers/run.ts";

const SAMPLE = path.join(ROOT, "tests/fixtures/sample");

test("the shipped site is valid HTML with no broken link or fragment", async () => {
  const out = await tempDir();
  assert.equal((await runCli(["build", "--out", out])).code, 0);
  const result = await runCli(["check", "--out", out]);
  assert.equal(result.stderr, "");
  assert.equal(result.stdout, `Checked 19 pages in ${out}/ (HTML validity, links, fragments): no problems.\n`);
  assert.equal(result.code, 0);
});

test("every page kind of the sample, drafts included, passes under a path prefix too", async () => {
  for (const baseUrl of [[], ["--base-url", "https://example.org/archive/"]]) {
    const out = await tempDir();
    assert.equal((await runCli(["build", "--content", SAMPLE, "--out", out, "--drafts", ...baseUrl])).code, 0);
    const result = await runCli(["check", "--content", SAMPLE, "--out", out, ...baseUrl]);
    assert.equal(result.stderr, "", `with ${baseUrl.join(" ") || "no prefix"}`);
    assert.match(result.stdout, /^Checked 46 pages in .+: no problems\.\n$/);
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
    `${out}/tags/index.html:48: html/wcag/h37: <img> is missing required "alt" attribute`,
    `${out}/tags/index.html:48: link/broken: src "/missing.png" points to no file (looked for missing.png).`,
    `${out}/tags/index.html:49: link/broken: href "/nowhere/" points to no file (looked for nowhere/index.html).`,
    `${out}/tags/index.html:49: link/fragment: href "#nope" points to no element with id "nope" in tags/index.html.`,
    ``,
  ].join("\n"));
  assert.equal(result.stdout, `Checked 19 pages in ${out}/ (HTML validity, links, fragments): 4 problems in 1 page.\n`);
});

test("a link outside the path prefix is broken for a site served under it", async () => {
  const out = await tempDir();
  await runCli(["build", "--out", out, "--base-url", "https://example.org/archive/"]);
  const page = path.join(out, "index.html");
  await writeFile(page, (await readFile(page, "utf8")).replace(`<h1 class="page-title">`, `<a href="/tags/">unprefixed</a><h1 class="page-title">`));
  const result = await runCli(["check", "--out", out, "--base-url", "https://example.org/archive/"]);
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
