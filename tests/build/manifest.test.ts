import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFile, cp, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fingerprint, ROOT, runCli, tempDir } from "../helpers/run.ts";

const SAMPLE = path.join(ROOT, "tests/fixtures/sample");

test("every build writes a manifest of every file with its SHA-256 and size, the same for the same content", async () => {
  const [one, two] = [await tempDir(), await tempDir()];
  await runCli(["build", "--content", SAMPLE, "--out", one], { TZ: "Pacific/Kiritimati", LANG: "tr_TR.UTF-8" });
  await runCli(["build", "--content", SAMPLE, "--out", two, "--no-cache"], { TZ: "Pacific/Pago_Pago", LANG: "C" });
  const manifest = JSON.parse(await readFile(path.join(one, ".manifest.json"), "utf8")) as { files: Record<string, { sha256: string; size: number }> };
  const files = await fingerprint(one);
  delete files[".manifest.json"];
  assert.deepEqual(Object.fromEntries(Object.entries(manifest.files).map(([name, entry]) => [name, entry.sha256])), files);
  assert.equal(await readFile(path.join(one, ".manifest.json"), "utf8"), await readFile(path.join(two, ".manifest.json"), "utf8"));
});

test("a build says how many files were added, changed and removed against the previous one", async () => {
  const content = await tempDir();
  await cp(SAMPLE, content, { recursive: true });
  const out = await tempDir();
  const first = await runCli(["build", "--content", content, "--out", out]);
  assert.match(first.stdout, /^Files against the previous build: 22 added, 0 changed, 0 removed\.$/m);
  const same = await runCli(["build", "--content", content, "--out", out]);
  assert.match(same.stdout, /^Files against the previous build: 0 added, 0 changed, 0 removed\.$/m);

  await appendFile(path.join(content, "articles/2013/syria-talks.md"), "\nA correction.\n");
  await rm(path.join(content, "articles/2013/new-years-eve-in-new-york.md"));
  const edited = await runCli(["build", "--content", content, "--out", out]);
  // The edited article's page; listing pages that moved; the deleted article, its two tags' pages, and a home page.
  assert.match(edited.stdout, /^Files against the previous build: 0 added, \d+ changed, 4 removed\.$/m);
});
