import { test } from "node:test";
import assert from "node:assert/strict";
import { cp, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArticle } from "../../src/content/front-matter.ts";
import { ROOT, runCli, tempDir } from "../helpers/run.ts";
import type { Article } from "../../src/content/article.ts";

const SEED = path.join(ROOT, "../shared/seeds/000_23da6c00baa58b1d.txt");
const SHIPPED = path.join(ROOT, "content/articles/2013/putin-urges-peace-talks-to-end-syria-massacre.md");

async function record(file: string): Promise<Article> {
  const article = parseArticle({ file, bytes: await readFile(file), now: Date.now() });
  if (Array.isArray(article)) assert.fail(JSON.stringify(article));
  return article;
}

test("the seed imports into the shipped article's record (tags and summary aside)", async () => {
  const into = await tempDir();
  const result = await runCli(["import", SEED, "--into", into]);
  assert.equal(result.code, 0, result.stderr);
  const target = path.join(into, "2013/putin-urges-peace-talks-to-end-syria-massacre.md");
  assert.equal(result.stdout, `imported: ${SEED} → ${target}\n1 file imported, 0 skipped, 0 failed.\n`);
  const [imported, shipped] = [await record(target), await record(SHIPPED)];
  for (const field of ["title", "date", "authors", "source", "originalUrl", "html", "slug"] as const) {
    assert.deepEqual(imported[field], shipped[field], field);
  }
});

test("an existing file is never overwritten without --force; --dry-run writes nothing", async () => {
  const into = await tempDir();
  await runCli(["import", SEED, "--into", into]);
  const target = path.join(into, "2013/putin-urges-peace-talks-to-end-syria-massacre.md");
  await writeFile(target, "edited by hand\n");

  const again = await runCli(["import", SEED, "--into", into]);
  assert.equal(again.code, 0);
  assert.equal(again.stdout, `skipped: exists: ${SEED} → ${target} (use --force to replace it)\n0 files imported, 1 skipped, 0 failed.\n`);
  assert.equal(await readFile(target, "utf8"), "edited by hand\n");

  const dry = await runCli(["import", SEED, "--into", into, "--force", "--dry-run"]);
  assert.equal(dry.stdout, `would import: ${SEED} → ${target} (replacing it)\n1 file would be imported, 0 skipped, 0 failed.\n`);
  assert.equal(await readFile(target, "utf8"), "edited by hand\n");

  const forced = await runCli(["import", SEED, "--into", into, "--force", "--tag", "Syria", "--source", "The Moscow Times"]);
  assert.equal(forced.code, 0);
  assert.equal((await record(target)).tags.map((t) => t.name).join(), "Syria");
});

test("a folder imports recursively; failures are reported and the rest still go in", async () => {
  const dumps = await tempDir();
  await cp(path.join(ROOT, "tests/fixtures/dumps"), path.join(dumps, "nested"), { recursive: true });
  await cp(path.join(dumps, "nested/bom-cr-only.txt"), path.join(dumps, "same-title.txt"));
  const into = await tempDir();
  const result = await runCli(["import", dumps, "--into", into]);
  assert.equal(result.code, 1);
  const at = (name: string) => path.join(dumps, name);
  const bomStory = path.join(into, "2013/bom-story.md");
  assert.equal(result.stderr, [
    `${at("nested/empty.txt")}:3: title: no title; the first line should be the headline.`,
    `${at("nested/empty.txt")}:3: date: no date found; expected a line like "April 6, 2013" after the title.`,
    `${at("nested/empty.txt")}:3: body: no paragraphs after the title, byline and date.`,
    `${at("nested/latin1.txt")}:1: file: not valid UTF-8.`,
    `  hint: Convert it first, e.g. iconv -f latin1 -t utf-8 ${at("nested/latin1.txt")} > converted.txt`,
    `${at("nested/missing-date.txt")}:3: date: no date found; expected a line like "April 6, 2013" after the title.`,
    `${at("nested/bom-cr-only.txt")}:1: title: would write ${bomStory}, as would ${at("same-title.txt")}.`,
    "  hint: Import them separately, or change one's title.",
    `${at("same-title.txt")}:1: title: would write ${bomStory}, as would ${at("nested/bom-cr-only.txt")}.`,
    "  hint: Import them separately, or change one's title.",
    "",
  ].join("\n"));
  const lines = result.stdout.trim().split("\n");
  assert.equal(lines.at(-1), "4 files imported, 0 skipped, 5 failed.");
  assert.deepEqual((await readdir(path.join(into, "2013"))).sort(), ["council-approves-budget.md", "markdown-characters.md", "quiet-day.md", "storm-hits-coast.md"]);
});

test("1,000 generated dumps import and build", async (t) => {
  const dumps = await tempDir();
  for (let i = 0; i < 1000; i++) {
    const day = String((i % 28) + 1).padStart(2, "0");
    const folder = path.join(dumps, String(2000 + (i % 20)));
    await mkdir(folder, { recursive: true });
    await writeFile(
      path.join(folder, `dump-${i}.txt`),
      `Report Number ${i} on the Council\n\nBy Reporter ${i % 40}\n\nMarch ${day}, ${2000 + (i % 20)}\n\nThe council met on the ${i}th occasion\n\nand voted.\n\nA second paragraph with *stars* & <tags>.\n\nOriginal url:\n\nhttps://news.example/${i}\n`,
    );
  }
  const content = await tempDir();
  const started = performance.now();
  const result = await runCli(["import", dumps, "--into", path.join(content, "articles"), "--source", "The Daily Ledger"]);
  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(`imported 1,000 dumps in ${seconds.toFixed(2)} s`);
  assert.equal(result.code, 0, result.stdout.slice(-2000));
  assert.match(result.stdout, /1000 files imported, 0 skipped, 0 failed\.\n$/);
  assert.match(result.stderr, /reading 1000\/1000/);
  const built = await runCli(["build", "--content", content, "--out", await tempDir()]);
  assert.equal(built.code, 0, built.stderr);
  assert.match(built.stdout, /^Built 1000 articles/m);
});
