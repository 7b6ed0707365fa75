import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFile, cp, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fingerprint, ROOT, runCli, runCliProcess, tempDir } from "../helpers/run.ts";

const SAMPLE = path.join(ROOT, "tests/fixtures/sample");

test("every build writes a manifest of every file with its SHA-256 and size, the same for the same content", async () => {
  const [one, two] = [await tempDir(), await tempDir()];
  await runCliProcess(["build", "--content", SAMPLE, "--out", one], { TZ: "Pacific/Kiritimati", LANG: "tr_TR.UTF-8" });
  await runCliProcess(["build", "--content", SAMPLE, "--out", two, "--no-cache"], { TZ: "Pacific/Pago_Pago", LANG: "C" });
  const manifest = JSON.parse(await readFile(path.join(one, ".manifest.json"), "utf8")) as { files: Record<string, { sha256: string; size: number }> };
  const files = await fingerprint(one);
  delete files[".manifest.json"];
  delete files[".news-archive-output"]; // the marker that says the folder is the build's to replace
  assert.deepEqual(Object.fromEntries(Object.entries(manifest.files).map(([name, entry]) => [name, entry.sha256])), files);
  assert.equal(await readFile(path.join(one, ".manifest.json"), "utf8"), await readFile(path.join(two, ".manifest.json"), "utf8"));
});

test("a build says how many files were added, changed and removed against the previous one", async () => {
  const content = await tempDir();
  await cp(SAMPLE, content, { recursive: true });
  const out = await tempDir();
  const first = await runCli(["build", "--content", content, "--out", out]);
  assert.match(first.stdout, /^Files against the previous build: 118 added, 0 changed, 0 removed\.$/m);
  const same = await runCli(["build", "--content", content, "--out", out]);
  assert.match(same.stdout, /^Files against the previous build: 0 added, 0 changed, 0 removed\.$/m);

  const before = await readManifest(out);
  await appendFile(path.join(content, "articles/2013/syria-talks.md"), "\nA correction.\n");
  await rm(path.join(content, "articles/2013/new-years-eve-in-new-york.md"));
  const edited = await runCli(["build", "--content", content, "--out", out]);
  const after = await readManifest(out);
  const added = Object.keys(after).filter((file) => !(file in before));
  const removed = Object.keys(before).filter((file) => !(file in after));
  const changed = Object.keys(after).filter((file) => file in before && before[file] !== after[file]);
  assert.match(edited.stdout, new RegExp(`^Files against the previous build: ${added.length} added, ${changed.length} changed, ${removed.length} removed\\.$`, "m"));
  // Pagefind names index files by content; every other file added or removed is accounted for:
  // the deleted article, its day and month, its tags (pages and feeds) and authors (its lists keep their pages).
  const site = (files: string[]) => files.filter((file) => !file.startsWith("pagefind/"));
  assert.deepEqual(site(added), []);
  assert.deepEqual(site(removed), [
    "2013/12/31/index.html", "2013/12/31/new-years-eve-in-new-york/index.html", "2013/12/index.html",
    "authors/jane-doe/index.html", "authors/john-roe/index.html",
    "tags/celebrations/feed.xml", "tags/celebrations/index.html", "tags/new-york/feed.xml", "tags/new-york/index.html",
  ]);
  // The edited article, and its neighbours whose older/newer links now skip the deleted one.
  for (const file of ["2013/05/02/syria-talks/index.html", "2013/06/10/peregovory-v-zheneve/index.html", "2014/01/15/syria-aid/index.html", "feed.xml", "sitemap.xml"]) {
    assert.ok(changed.includes(file), file);
  }
});

async function readManifest(dir: string): Promise<Record<string, string>> {
  const manifest = JSON.parse(await readFile(path.join(dir, ".manifest.json"), "utf8")) as { files: Record<string, { sha256: string }> };
  return Object.fromEntries(Object.entries(manifest.files).map(([file, entry]) => [file, entry.sha256]));
}
