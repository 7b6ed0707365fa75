/** The commands npm runs (src/launch.mjs: the sources compiled once by esbuild) do what the sources do. */
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { writeCorpus } from "../../bench/corpus.ts";
import { fingerprint, runCli, runCliProcess, tempDir } from "../helpers/run.ts";

test("the compiled commands build exactly what the sources build, and parse, index for search and check in worker threads", async () => {
  const content = await tempDir();
  await writeCorpus(content, 150, 7); // over 200 pages: enough for the check's worker threads
  const fromSources = path.join(await tempDir(), "sources");
  const compiled = path.join(await tempDir(), "compiled");
  const sources = await runCli(["build", "--content", content, "--out", fromSources, "--no-cache"]);
  assert.equal(sources.code, 0, sources.stderr);
  // --jobs 2: parsing and each year's search bundle on two threads; the sources' build makes them on one.
  const built = await runCliProcess(["build", "--content", content, "--out", compiled, "--no-cache", "--jobs", "2"]);
  assert.equal(built.code, 0, built.stderr);
  assert.deepEqual(await fingerprint(compiled), await fingerprint(fromSources));

  const check = await runCliProcess(["check", "--out", compiled, "--no-cache", "--jobs", "2"]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /^Validated every file/m);
});
