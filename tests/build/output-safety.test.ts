import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cp, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { fingerprint, ROOT, runCli, runCliProcess, tempDir } from "../helpers/run.ts";

const SAMPLE = path.join(ROOT, "tests/fixtures/sample");

/** A copy of the sample content in a new folder. */
async function sampleCopy(): Promise<string> {
  const content = await tempDir();
  await cp(SAMPLE, content, { recursive: true });
  return content;
}

/** Asserts a refusal: exit 2, exactly the two lines given, and nothing printed on stdout. */
function assertRefused(result: { code: number; stdout: string; stderr: string }, message: string, hint: string): void {
  assert.equal(result.stderr, `${message}\n${hint}\n`);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, "");
}

const NEW_FOLDER = "Choose a new or empty folder, e.g. --out _site.";

test("build --out a folder of someone's files, a file, the home folder or / is refused and nothing is touched", async () => {
  const documents = await tempDir();
  await writeFile(path.join(documents, "letter.txt"), "Dear editor,\n");
  const config = path.join(documents, "settings.conf");
  await writeFile(config, "colour = blue\n");
  const home = await tempDir();
  await writeFile(path.join(home, ".profile"), "export EDITOR=vi\n");
  const before = [await fingerprint(documents), await fingerprint(home)];

  const [folder, file, homeDir, root] = await Promise.all([
    runCli(["build", "--content", SAMPLE, "--out", documents]),
    runCli(["build", "--content", SAMPLE, "--out", config]),
    runCli(["build", "--content", SAMPLE, "--out", home], { HOME: home }),
    runCli(["build", "--content", SAMPLE, "--out", "/"]),
  ]);
  assertRefused(
    folder,
    `Refusing --out ${documents}: it holds files that news-archive did not write (it has no .news-archive-output marker), and they would be deleted.`,
    "Choose a new or empty folder. If it is the output of an older news-archive, delete it yourself once.",
  );
  assertRefused(file, `Refusing --out ${config}: it is a file, not a folder; nothing was written.`, NEW_FOLDER);
  assertRefused(homeDir, `Refusing --out ${home}: it is your home folder.`, NEW_FOLDER);
  assertRefused(root, "Refusing --out /: it is the root of the file system.", NEW_FOLDER);
  assert.deepEqual([await fingerprint(documents), await fingerprint(home)], before);
});

test("build --out the project, its source, its git folder or the content, directly or through a symlink, is refused", async () => {
  const content = await sampleCopy();
  const links = await tempDir();
  await symlink(ROOT, path.join(links, "project"));
  await symlink(content, path.join(links, "content"));
  const articlesBefore = await fingerprint(path.join(content, "articles"));
  const srcBefore = await fingerprint(path.join(ROOT, "src"));

  const cases: [string, string][] = [
    ["src", `it is inside the project (src), where only top-level folders named _something (like _site and _preview) are output.`],
    [".git", `it is inside the project (.git), where only top-level folders named _something (like _site and _preview) are output.`],
    ["tests/fixtures", `it is inside the project (${path.join("tests", "fixtures")}), where only top-level folders named _something (like _site and _preview) are output.`],
    [path.join(links, "project"), "it is the project folder."],
    [path.join(links, "project", "src"), `it is inside the project (src), where only top-level folders named _something (like _site and _preview) are output.`],
    [path.join(links, "content"), "it is the content folder."],
    [path.join(content, "articles"), `it is inside the content folder ${content}.`],
    [path.join(links, "content", "articles", "2013"), `it is inside the content folder ${content}.`],
    [path.dirname(content), `it holds the content folder ${content}.`],
  ];
  const results = await Promise.all(cases.map(([out]) => runCli(["build", "--content", content, "--out", out])));
  results.forEach((result, i) => assertRefused(result, `Refusing --out ${cases[i]![0]}: ${cases[i]![1]}`, NEW_FOLDER));
  assert.deepEqual(await fingerprint(path.join(content, "articles")), articlesBefore);
  assert.deepEqual(await fingerprint(path.join(ROOT, "src")), srcBefore);
});

test("a build replaces only its own output: a new folder, an empty one, or one it marked", async () => {
  const parent = await tempDir();
  const out = path.join(parent, "site");
  assert.equal((await runCli(["build", "--content", SAMPLE, "--out", out])).code, 0);
  assert.equal(await readFile(path.join(out, ".news-archive-output"), "utf8"), "build\n");
  assert.equal((await runCli(["build", "--content", SAMPLE, "--out", out])).code, 0, "its own output is rebuilt");

  // A preview folder (drafts) and a deploy folder are not a build's to replace.
  const preview = await tempDir();
  await writeFile(path.join(preview, ".news-archive-output"), "preview\n");
  await writeFile(path.join(preview, "index.html"), "draft\n");
  assertRefused(await runCli(["build", "--content", SAMPLE, "--out", preview]), `Refusing --out ${preview}: it was made by the preview (npm start), not by this command.`, NEW_FOLDER);
  assert.equal(await readFile(path.join(preview, "index.html"), "utf8"), "draft\n");
});

test("npm start --out a folder of articles is refused before anything is deleted", async () => {
  const content = await sampleCopy();
  const before = await fingerprint(content);
  const result = await runCli(["serve", "--content", content, "--out", content, "--port", "18191"]);
  assertRefused(result, `Refusing --out ${content}: it is the content folder.`, "Choose a new or empty folder, e.g. --out _preview.");
  const other = await tempDir();
  await writeFile(path.join(other, "notes.md"), "mine\n");
  assertRefused(
    await runCli(["serve", "--content", content, "--out", other, "--port", "18191"]),
    `Refusing --out ${other}: it holds files that news-archive did not write (it has no .news-archive-output marker), and they would be deleted.`,
    "Choose a new or empty folder. If it is the output of an older news-archive, delete it yourself once.",
  );
  assert.deepEqual(await fingerprint(content), before);
  assert.equal(await readFile(path.join(other, "notes.md"), "utf8"), "mine\n");
});

test("symlink loops are read once, a FIFO is reported instead of read, and articles outside the content folder are refused", async () => {
  const content = await sampleCopy();
  const articles = path.join(content, "articles");
  await symlink(".", path.join(articles, "loop"));
  await symlink("..", path.join(articles, "2013", "up"));
  await symlink("self.md", path.join(articles, "2013", "self.md"));
  execFileSync("mkfifo", [path.join(articles, "2013", "pipe.md")]);
  const outside = await tempDir();
  await writeFile(path.join(outside, "secret.md"), "---\ntitle: Secret\ndate: 2013-01-01\nsource: Nobody\n---\nNot for publication.\n");
  await symlink(path.join(outside, "secret.md"), path.join(articles, "2013", "secret.md"));
  const out = await tempDir();

  const result = await runCli(["build", "--content", content, "--out", out]);
  assert.equal(result.code, 1);
  const lines = result.stderr.trim().split("\n");
  assert.deepEqual(lines.filter((line) => /loop|pipe|secret|self|up:/.test(line)), [
    `${articles}/2013/pipe.md:1: file: is not a regular file (a named pipe); skipped.`,
    `${articles}/2013/secret.md:1: file: is a symlink to ${outside}/secret.md, outside ${articles}; copy it in instead.`,
    `${articles}/2013/self.md:1: file: is a symlink loop; skipped.`,
    `${articles}/2013/up:1: file: is a symlink to a folder already read (${articles}); skipped.`,
    `${articles}/loop:1: file: is a symlink to a folder already read (${articles}); skipped.`,
  ]);
  assert.equal(lines.at(-1), "3 problems in 3 files. Nothing was built.", "each article read once: no duplicate URLs");
  assert.deepEqual(await fingerprint(out), {}, "nothing was built");
});

test("import skips a symlink loop and a FIFO in a folder, and refuses a missing input or an --into that is a file", async () => {
  const dumps = await tempDir();
  await cp(path.join(ROOT, "../shared/seeds/000_23da6c00baa58b1d.txt"), path.join(dumps, "seed.txt"));
  await symlink(".", path.join(dumps, "again"));
  execFileSync("mkfifo", [path.join(dumps, "pipe.txt")]);
  const into = path.join(await tempDir(), "articles");
  const result = await runCli(["import", dumps, "--into", into]);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(result.stdout.trim().split("\n"), [
    `skipped: ${dumps}/again: is a symlink to a folder already read (${dumps}); skipped`,
    `skipped: ${dumps}/pipe.txt: is not a regular file (a named pipe); skipped`,
    `imported: ${dumps}/seed.txt → ${into}/2013/putin-urges-peace-talks-to-end-syria-massacre.md`,
    "1 file imported, 2 skipped, 0 failed.",
  ]);

  const missing = path.join(dumps, "missing.txt");
  assertRefused(await runCli(["import", missing, "--into", into]), `${missing} does not exist; nothing was imported.`, "Give text files, or folders of .txt files, to import.");
  const file = path.join(into, "2013/putin-urges-peace-talks-to-end-syria-massacre.md");
  const text = await readFile(file, "utf8");
  assertRefused(await runCli(["import", dumps, "--into", file]), `--into ${file} is a file, not a folder; nothing was imported.`, "Give the articles folder, e.g. --into content/articles.");
  assert.equal(await readFile(file, "utf8"), text);
});

test("a killed build leaves its lock; the next build takes it over, and a live build's lock is refused", async () => {
  const out = path.join(await tempDir(), "site");
  const killed = await runCliProcess(["build", "--content", SAMPLE, "--out", out], { NEWS_ARCHIVE_KILL_AT: "build:locked" });
  assert.equal(killed.code, 137, "killed with SIGKILL");
  assert.ok(existsSync(`${out}.lock`), "the lock is left behind");
  assert.equal((await runCli(["build", "--content", SAMPLE, "--out", out])).code, 0);
  assert.ok(!existsSync(`${out}.lock`));

  // A lock held by a live process (this test's): the build waits for nobody and refuses.
  await writeFile(`${out}.lock`, JSON.stringify({ pid: process.pid, host: (await import("node:os")).hostname(), command: "npm run build", since: "2026-11-28T06:00:00.000Z" }));
  const before = await fingerprint(out);
  const refused = await runCli(["build", "--content", SAMPLE, "--out", out]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, new RegExp(`^The output folder ${out} is in use: npm run build \\(pid ${process.pid}\\) has held ${out}\\.lock since 2026-11-28T06:00:00\\.000Z\\.\\nWait for it to finish, then run this again\\.\\n$`));
  assert.deepEqual(await fingerprint(out), before);

  // A file of someone else's where the lock goes is never taken over or deleted.
  await writeFile(`${out}.lock`, "my notes\n");
  const foreign = await runCli(["build", "--content", SAMPLE, "--out", out]);
  assert.equal(foreign.code, 2);
  assert.equal(foreign.stderr, `${out}.lock is in the way of the output folder ${out}'s lock, and news-archive did not write it.\nMove or rename that file, then run this again.\n`);
  assert.equal(await readFile(`${out}.lock`, "utf8"), "my notes\n");
});

test("a build removes what stopped builds left beside the output, and never folders it did not create", async () => {
  const parent = await tempDir();
  const out = path.join(parent, "site");
  const lookalike = path.join(parent, "site.old-photos");
  await mkdir(lookalike);
  await writeFile(path.join(lookalike, "beach.jpg"), "jpeg");
  const stopped = path.join(parent, "site.building-0badf00d");
  await mkdir(stopped);
  await writeFile(path.join(stopped, ".news-archive-output"), "build\n");
  await writeFile(path.join(stopped, "index.html"), "half a page");
  // Stopped while creating its staging folder: empty, or with only the marker's temporary file.
  await mkdir(path.join(parent, "site.building-00000001"));
  await mkdir(path.join(parent, "site.building-00000002"));
  await writeFile(path.join(parent, "site.building-00000002", ".news-archive-output.123-abcd.tmp"), "bu");
  const unmarked = path.join(parent, "site.building-notes");
  await mkdir(unmarked);
  await writeFile(path.join(unmarked, "todo.txt"), "mine");
  assert.equal((await runCli(["build", "--content", SAMPLE, "--out", out])).code, 0);
  assert.deepEqual((await readdir(parent)).sort(), ["site", "site.building-notes", "site.old-photos"]);
  assert.equal(await readFile(path.join(unmarked, "todo.txt"), "utf8"), "mine");
  assert.equal(await readFile(path.join(lookalike, "beach.jpg"), "utf8"), "jpeg");
});
