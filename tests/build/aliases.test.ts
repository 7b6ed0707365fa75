import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { page, ROOT, runCli, tempDir } from "../helpers/run.ts";
import { assertIncludes } from "../helpers/assert-text.ts";

const SAMPLE = path.join(ROOT, "tests/fixtures/sample");

test("an alias is a redirect page (refresh, canonical, noindex) and a line of the nginx map; the sitemap leaves it out", async () => {
  const out = await tempDir();
  const result = await runCli(["build", "--content", SAMPLE, "--out", out]);
  assert.equal(result.code, 0, result.stderr);
  for (const url of ["/2013/05/01/geneva-talks/", "/news/syria-talks.html"]) {
    const html = await page(out, url);
    assertIncludes(html, '<meta http-equiv="refresh" content="0; url=/2013/05/02/syria-talks/">');
    assertIncludes(html, '<link rel="canonical" href="https://sample.example/2013/05/02/syria-talks/">');
    assertIncludes(html, '<meta name="robots" content="noindex">');
    assertIncludes(html, '<p>It is now at <a href="/2013/05/02/syria-talks/">Syria Talks Resume</a>.');
  }
  const map = await readFile(path.join(out, "redirects.map"), "utf8");
  assert.deepEqual(map.split("\n").filter((line) => line !== "" && !line.startsWith("#")), [
    "/2013/05/01/geneva-talks/ /2013/05/02/syria-talks/;",
    "/2013/05/01/geneva-talks /2013/05/02/syria-talks/;",
    "/news/syria-talks.html /2013/05/02/syria-talks/;",
  ]);
  assert.doesNotMatch(await readFile(path.join(out, "sitemap.xml"), "utf8"), /geneva-talks|news\/syria-talks/);
});

test("a moved article is a notice naming its old URL until an alias keeps it; a dropped alias takes its page with it", async () => {
  const content = await tempDir();
  await cp(SAMPLE, content, { recursive: true });
  const out = await tempDir();
  const build = async () => {
    const result = await runCli(["build", "--content", content, "--out", out]);
    assert.equal(result.code, 0, result.stderr);
    return result.stderr;
  };
  const file = path.join(content, "articles/2013/syria-ceasefire.md");
  const original = await readFile(file, "utf8");
  await build();

  await writeFile(file, original.replace("date: 2013-06-10\n", "date: 2013-06-10\nslug: ceasefire-holds\n"));
  assertIncludes(
    await build(),
    "articles/2013/syria-ceasefire.md:1: slug: the article moved from /2013/06/10/syria-ceasefire/ to /2013/06/10/ceasefire-holds/, so links to the old URL break; add aliases: [/2013/06/10/syria-ceasefire/] to keep it working.",
  );
  const moved = (fields: string) => writeFile(file, original.replace("date: 2013-06-10\n", `date: 2013-06-11\nslug: ceasefire-holds\n${fields}`));
  await moved("");
  assertIncludes(await build(), "syria-ceasefire.md:1: date: the article moved from /2013/06/10/ceasefire-holds/ to /2013/06/11/ceasefire-holds/");

  await moved("aliases: [/2013/06/10/syria-ceasefire/, /2013/06/10/ceasefire-holds/]\n");
  assert.doesNotMatch(await build(), /moved/);
  assertIncludes(await page(out, "/2013/06/10/ceasefire-holds/"), '<meta http-equiv="refresh" content="0; url=/2013/06/11/ceasefire-holds/">');

  await moved("aliases: [/2013/06/10/syria-ceasefire/]\n");
  await build();
  assert.equal(existsSync(path.join(out, "2013/06/10/ceasefire-holds/index.html")), false, "the dropped alias's page is gone");
  assertIncludes(await page(out, "/2013/06/10/syria-ceasefire/"), '<meta http-equiv="refresh" content="0; url=/2013/06/11/ceasefire-holds/">');
  assert.doesNotMatch(await readFile(path.join(out, "redirects.map"), "utf8"), /10\/ceasefire-holds/);
});
