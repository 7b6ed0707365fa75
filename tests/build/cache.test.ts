import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFile, cp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { writeCorpus } from "../../bench/corpus.ts";
import { fingerprint, ROOT, runCli, tempDir } from "../helpers/run.ts";

// 400 articles: split across two worker threads (--jobs 2), rendered in several Eleventy runs.
const ARTICLES = 400;

test("parallel, cached and incremental builds give the same bytes as a plain single-threaded build", async () => {
  const content = await tempDir();
  await writeCorpus(content, ARTICLES, 7);
  const plain = await tempDir();
  const fast = await tempDir();

  const reference = await runCli(["build", "--content", content, "--out", plain, "--no-cache", "--jobs", "1"]);
  assert.equal(reference.code, 0, reference.stderr);
  // The fast builds render in Eleventy runs of at most 150 pages (the default is 5,000).
  const RUNS = { NEWS_ARCHIVE_PAGES_PER_RUN: "150" };
  const first = await runCli(["build", "--content", content, "--out", fast, "--jobs", "2"], RUNS);
  assert.match(first.stdout, new RegExp(`^Built ${ARTICLES} articles into .+ \\(\\d+ pages\\) in`, "m"));
  assert.deepEqual(await fingerprint(fast), await fingerprint(plain), "parallel parse, in several Eleventy runs");

  const second = await runCli(["build", "--content", content, "--out", fast, "--jobs", "2"], RUNS);
  assert.match(second.stdout, /\(\d+ pages, (\d+) unchanged\)/, "an unchanged rebuild reuses pages");
  assert.deepEqual(await fingerprint(fast), await fingerprint(plain), "cached parse, every page reused");

  // Edit one article: only the pages and feeds that show it (they link to it) are rendered again.
  const years = path.join(content, "articles");
  const [edited, deleted] = Object.keys(await fingerprint(years)).slice(0, 2);
  const showing: string[] = [];
  for (const file of Object.keys(await fingerprint(plain))) {
    if (/\.(html|xml|json)$/.test(file) && !/^(\.|sitemap|pagefind\/)/.test(file) && (await readFile(path.join(plain, file), "utf8")).includes(`/${path.basename(edited!, ".md")}/`)) showing.push(file);
  }
  await appendFile(path.join(years, edited!), "\nCorrection: an earlier version misspelled a name.\n");
  const third = await runCli(["build", "--content", content, "--out", fast, "--jobs", "2"], RUNS);
  const [, pages, unchanged] = /\((\d+) pages, (\d+) unchanged\)/.exec(third.stdout) ?? [];
  assert.ok(Number(pages) - Number(unchanged) <= showing.length, `re-rendered ${Number(pages) - Number(unchanged)} of ${pages} pages; ${showing.length} show the article: ${showing.join(", ")}`);

  // Delete another: later listing pages shift, and the result is still exactly a fresh build's.
  await rm(path.join(years, deleted!));
  assert.equal((await runCli(["build", "--content", content, "--out", fast, "--jobs", "2"], RUNS)).code, 0);
  const fresh = await tempDir();
  await runCli(["build", "--content", content, "--out", fresh, "--no-cache", "--jobs", "1"]);
  assert.deepEqual(await fingerprint(fast), await fingerprint(fresh), "incremental after an edit and a deletion");
});

test("a page missing from the old output is rendered again, not lost", async () => {
  const content = await tempDir();
  await cp(path.join(ROOT, "tests/fixtures/sample"), content, { recursive: true });
  const out = await tempDir();
  await runCli(["build", "--content", content, "--out", out]);
  const before = await fingerprint(out);
  await rm(path.join(out, "2013/05/02/syria-talks/index.html"));
  const result = await runCli(["build", "--content", content, "--out", out]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(await fingerprint(out), before);
});

test("the memo of derived views is trusted only whole and from this code: damaged, cut short or foreign, it reads as none", async () => {
  const { readDerivedMemo, writeDerivedMemo } = await import("../../src/output/derived-memo.ts");
  const cacheDir = await tempDir();
  const content = await tempDir();
  const memo = { shape: "s1", related: [[1], [0]], recordKeys: { "a.md": ["h1", "k1"], "b.md": ["h2", "k2"] } as Record<string, [string, string]> };
  await writeDerivedMemo(cacheDir, content, false, memo, null);
  assert.deepEqual(await readDerivedMemo(cacheDir, content, false), memo);
  assert.equal(await readDerivedMemo(cacheDir, content, true), null, "another mode has its own memo");

  const [file] = (await readdir(cacheDir)).filter((name) => name.startsWith("derived-"));
  const text = await readFile(path.join(cacheDir, file!), "utf8");
  const damaged = [
    text.replace('"k1"', '"k9"'), // one key changed
    text.slice(0, -10), // cut short
    text.replace(/"code":"[^"]+"/, '"code":"another version"'), // written by other code
    "", // emptied
  ];
  for (const bytes of damaged) {
    await writeFile(path.join(cacheDir, file!), bytes);
    assert.equal(await readDerivedMemo(cacheDir, content, false), null, JSON.stringify(bytes.slice(0, 80)));
  }
});
