/**
 * Incremental builds give exactly what a clean build gives: after any edits, after the output was
 * changed behind the build's back, and after a build was killed at any moment.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { appendFile, cp, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { writeCorpus } from "../../bench/corpus.ts";
import { FIXED_EPOCH, fingerprint, LAUNCHER, ROOT, runCli, TEST_CACHE_DIR, tempDir } from "../helpers/run.ts";
import { statRecordPath } from "../../src/output/output-files.ts";

const SAMPLE = path.join(ROOT, "tests/fixtures/sample");

async function copyOfSample(): Promise<string> {
  const content = await tempDir();
  await cp(SAMPLE, content, { recursive: true });
  return content;
}

// Files written within a clock tick of a build are looked at again by the next one ("racily
// clean", see src/shared/file-signature.ts): tests that count what a build reads wait a moment.
const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

async function build(content: string, out: string, ...flags: string[]): Promise<void> {
  const result = await runCli(["build", "--content", content, "--out", out, ...flags]);
  assert.equal(result.code, 0, result.stderr);
}

/** What a clean build of `content` gives: no cache, an empty folder. */
async function cleanBuild(content: string, ...flags: string[]): Promise<Record<string, string>> {
  const out = path.join(await tempDir(), "clean");
  await build(content, out, "--no-cache", ...flags);
  return fingerprint(out);
}

test("a build after --no-cache and a revert serves the reverted pages (the manifest's keys, not a side file)", async () => {
  const content = await copyOfSample();
  const out = path.join(await tempDir(), "site");
  const file = path.join(content, "articles/2013/syria-talks.md");
  const original = await readFile(file, "utf8");
  await build(content, out);
  await writeFile(file, `${original}\nEdited once.\n`);
  await build(content, out, "--no-cache");
  await writeFile(file, original);
  await build(content, out);
  assert.deepEqual(await fingerprint(out), await cleanBuild(content));
});

test("a page edited in place in the output, or an output replaced by a copy of an older build, is rendered again", async () => {
  const content = await copyOfSample();
  const out = path.join(await tempDir(), "site");
  await build(content, out);
  const page = path.join(out, "2013/05/02/syria-talks/index.html");
  const html = await readFile(page, "utf8");
  await writeFile(page, html.replace("Geneva", "Genève")); // another text, another size
  await build(content, out);
  const same = html.replace("Talks resumed", "Talks RESUMED"); // the same size
  await writeFile(page, same);
  await build(content, out);
  assert.equal(await readFile(page, "utf8"), html);

  // An older build copied over the output (file times kept, as cp -p and backups do).
  const older = path.join(await tempDir(), "older");
  await cp(out, older, { recursive: true, preserveTimestamps: true });
  await writeFile(path.join(content, "articles/2013/syria-talks.md"), `${await readFile(path.join(content, "articles/2013/syria-talks.md"), "utf8")}\nA later paragraph.\n`);
  await build(content, out);
  await rm(out, { recursive: true });
  await cp(older, out, { recursive: true, preserveTimestamps: true });
  await build(content, out);
  assert.deepEqual(await fingerprint(out), await cleanBuild(content));
});

test("a corrupt or truncated stat record in the cache costs reading, never a wrong page or a crash", async () => {
  const content = await copyOfSample();
  const out = path.join(await tempDir(), "site");
  await build(content, out);
  const record = statRecordPath(TEST_CACHE_DIR, out);
  const text = await readFile(record, "utf8");
  for (const broken of ["not json", text.slice(0, text.length / 2), JSON.stringify({ "index.html": ["1:2:3", "x"], "404.html": 7 })]) {
    await writeFile(path.join(out, "404.html"), "<p>not the page</p>\n");
    await writeFile(record, broken);
    await build(content, out);
    assert.deepEqual(await fingerprint(out), await cleanBuild(content), broken.slice(0, 40));
  }
});

/** Starts `news-archive build` as a process and kills it (SIGKILL) after `ms`; resolves to its exit code (137 when killed). */
function buildKilledAfter(ms: number, args: string[], env: NodeJS.ProcessEnv = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [LAUNCHER, "build", ...args], {
      cwd: ROOT,
      env: { ...process.env, SOURCE_DATE_EPOCH: FIXED_EPOCH, NEWS_ARCHIVE_CACHE_DIR: TEST_CACHE_DIR, ...env },
      stdio: "ignore",
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve(signal === "SIGKILL" ? 137 : (code ?? 1));
    });
  });
}

test("a build with nothing changed reads and writes nothing; any change to what the site is made from builds again", async () => {
  const content = await copyOfSample();
  const out = path.join(await tempDir(), "site");
  const upToDate = /^Up to date: nothing it is built from changed since the last build/m;
  const rebuild = async (expectUpToDate: boolean, what: string, env: NodeJS.ProcessEnv = {}, ...flags: string[]) => {
    const result = await runCli(["build", "--content", content, "--out", out, ...flags], env);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(upToDate.test(result.stdout), expectUpToDate, `${what}: ${result.stdout}`);
    return result;
  };
  await settle();
  await build(content, out);
  const first = await fingerprint(out);
  const again = await rebuild(true, "nothing changed");
  // The same report as a build that looked: the notices, and the counts.
  assert.match(again.stdout, /^Built 6 articles into .* \(\d+ pages, \d+ unchanged\)/m);
  assert.match(again.stdout + again.stderr, /from-the-future\.md:1: date: "2099-01-01" is in the future; left out of this build until then/);
  assert.deepEqual(await fingerprint(out), first);

  const article = path.join(content, "articles/2013/syria-talks.md");
  await writeFile(article, `${await readFile(article, "utf8")}\nA later paragraph.\n`);
  await settle();
  await rebuild(false, "an edited article");
  await rebuild(true, "built after the edit");
  await writeFile(path.join(content, "articles/2013/notes.txt"), "a text dump\n");
  const added = await rebuild(false, "a new file in articles/");
  assert.match(added.stdout + added.stderr, /notes\.txt:1: file: is not read/);
  await writeFile(path.join(content, "site.json"), (await readFile(path.join(content, "site.json"), "utf8")).replace(/"title": "[^"]*"/, '"title": "Renamed Archive"'));
  await rebuild(false, "site.json edited");
  await rebuild(false, "another mode", {}, "--no-search");
  await rebuild(false, "back to the first mode");
  // The day a scheduled article comes out, it is built in.
  const published = await rebuild(false, "its date came", { SOURCE_DATE_EPOCH: String(Date.UTC(2099, 0, 2) / 1000) });
  assert.doesNotMatch(published.stdout + published.stderr, /from-the-future\.md/);
  await rebuild(false, "now before its date again");
  // A new day (UTC) can change the home page's "On this day", so it is not up to date; the same day later is.
  const day = (iso: string) => ({ SOURCE_DATE_EPOCH: String(Date.parse(iso) / 1000) });
  const anniversary = await rebuild(false, "the day a sample article was published, years later", day("2026-06-10T00:30:00Z"));
  assert.match(anniversary.stdout, /^Built 6 articles into .* \(\d+ pages, \d+ unchanged\)/m);
  assert.match(await readFile(path.join(out, "index.html"), "utf8"), /On this day, June 10<\/h2>\s*<ul>\s*<li><a class="on-this-day__year" href="\/2013\/06\/10\/" aria-label="June 10, 2013">2013<\/a> <a href="\/2013\/06\/10\/peregovory-v-zheneve\/">[^<]*<\/a><\/li><li>[^\n]*<a href="\/2013\/06\/10\/syria-ceasefire\/">Ceasefire Declared in Syria<\/a>/);
  await rebuild(true, "later that day", day("2026-06-10T23:30:00Z"));
  await rebuild(false, "back to the first day");
  assert.doesNotMatch(await readFile(path.join(out, "index.html"), "utf8"), /On this day/);
  // The output changed behind the build's back (same size), and a corrupt state: built again, repaired.
  const page = path.join(out, "2013/05/02/syria-talks/index.html");
  const html = await readFile(page, "utf8");
  await writeFile(page, html.replace("Geneva", "GENEVA"));
  await rebuild(false, "a page edited in the output");
  assert.equal(await readFile(page, "utf8"), html);
  for (const name of (await readdir(TEST_CACHE_DIR)).filter((file) => file.startsWith("state-"))) await writeFile(path.join(TEST_CACHE_DIR, name), "{ not json");
  await rebuild(false, "a corrupt state file");
  assert.deepEqual(await fingerprint(out), await cleanBuild(content));
});

test("the parse cache is a log: an edit appends a line, and a line cut short costs reading, never a wrong page", async () => {
  const { cachePath } = await import("../../src/content/parse-cache.ts");
  const content = await copyOfSample();
  const out = path.join(await tempDir(), "site");
  await settle(); // files copied within a clock tick of the build would be read (and logged) again
  await build(content, out);
  const log = cachePath(TEST_CACHE_DIR, content);
  const lines = async () => (await readFile(log, "utf8")).split("\n").filter(Boolean);
  const before = await lines();
  assert.equal(before.length, 1 + 8, "the version line and one line per article");

  // A new title moves the article in lists, so the build loads the archive (an edit that moves
  // nothing is patched from the page store, without the parse cache: see the next test).
  const talks = path.join(content, "articles/2013/syria-talks.md");
  await writeFile(talks, (await readFile(talks, "utf8")).replace("title: Syria Talks Resume", "title: Syria Talks Resume in Geneva"));
  await build(content, out);
  const after = await lines();
  assert.deepEqual(after.slice(0, before.length), before, "earlier lines are kept as they were");
  assert.equal(after.length, before.length + 1);
  assert.match(after.at(-1)!, /"file":"[^"]*syria-talks\.md"/);

  // A build stopped while appending leaves half a line; the next build reads on to it, reads the
  // files whose entries it lost, and writes the log afresh.
  await appendFile(log, '{"file":"tests/fixtures/sample/articles/2013/syria-ceasefire.md","hash":"0');
  const ceasefire = path.join(content, "articles/2013/syria-ceasefire.md");
  await writeFile(ceasefire, (await readFile(ceasefire, "utf8")).replace(/^title: (.*)$/m, "title: $1, Again"));
  await build(content, out);
  assert.equal((await lines()).length, 1 + 8, "written afresh");
  assert.deepEqual(await fingerprint(out), await cleanBuild(content));
});

test("bodies kept apart from the records: a damaged or missing bodies file costs parsing, never a wrong page", async () => {
  const content = await copyOfSample();
  const out = path.join(await tempDir(), "site");
  await settle();
  await build(content, out);
  const bodiesFiles = async () => (await readdir(TEST_CACHE_DIR)).filter((name) => name.endsWith(".bodies")).map((name) => path.join(TEST_CACHE_DIR, name));
  const edit = async (name: string, text: string) => writeFile(path.join(content, "articles", name), `${await readFile(path.join(content, "articles", name), "utf8")}\n${text}\n`);
  // Each round edits one article, so the feeds, which print the bodies of the others from the
  // cache, are rendered again.
  const rounds: [string, (file: string) => Promise<void>][] = [
    ["every byte changed", async (file) => writeFile(file, Buffer.from(await readFile(file)).map((byte) => (byte === 0x41 ? 0x42 : byte === 0x65 ? 0x66 : byte)))],
    ["cut short", async (file) => writeFile(file, (await readFile(file)).subarray(0, 100))],
    ["deleted", (file) => rm(file)],
  ];
  for (const [i, [damage, harm]] of rounds.entries()) {
    for (const file of await bodiesFiles()) await harm(file);
    await edit(i % 2 === 0 ? "2013/syria-talks.md" : "2014/syria-aid.md", `A later paragraph ${i}.`);
    await build(content, out);
    assert.deepEqual(await fingerprint(out), await cleanBuild(content), `bodies file ${damage}`);
  }
});

test("a build killed at any moment leaves a folder deploy refuses, and the next build repairs it exactly", async () => {
  const content = await tempDir();
  await writeCorpus(content, 200, 3);
  const out = path.join(await tempDir(), "site");
  await build(content, out);
  const articles = path.join(content, "articles");
  const files = (await readdir(articles, { recursive: true })).filter((name) => name.endsWith(".md")).sort();
  const seed = Date.now() % 10_000; // printed on failure, to replay the same moments
  const delays = [0, 1].map((i) => 1500 + ((seed * (i + 7)) % 2500));
  // At two kill points, then at pseudo-random moments.
  const rounds: [string, number | string][] = [
    ["killed while creating its staging folder", "build:staging"],
    ["killed while writing", "build:writing"],
    ["killed while patching", "patch:writing"],
    ...delays.map((ms): [string, number] => [`killed after ${ms} ms`, ms]),
  ];
  for (const [i, [round, when]] of rounds.entries()) {
    // Each round edits one article, renames another and deletes a third, then builds and kills;
    // the patching round only edits one (an edit that moves nothing is patched: patch-build.ts).
    const at = (n: number) => path.join(articles, files[(i * 3 + n) % files.length]!);
    await writeFile(at(0), `${await readFile(at(0), "utf8")}\nCorrection ${i}.\n`);
    if (when !== "patch:writing") {
      await rename(at(1), at(1).replace(/\.md$/, "-renamed.md"));
      await rm(at(2));
    }
    const exit = await (typeof when === "string"
      ? buildKilledAfter(60_000, ["--content", content, "--out", out], { NEWS_ARCHIVE_KILL_AT: when })
      : buildKilledAfter(when, ["--content", content, "--out", out]));
    if (existsSync(path.join(out, ".build-incomplete"))) {
      const deploy = await runCli(["deploy", "--from", out, "--to", path.join(await tempDir(), "deploy")]);
      assert.equal(deploy.code, 2, `${round} (seed ${seed}): deploy must refuse an unfinished build`);
      assert.match(deploy.stderr, /is not a finished build: a build into it was stopped before it finished\.\nRun npm run build again; it repairs the folder\.\n$/);
    } else {
      assert.notEqual(when, "build:writing", "the kill point is inside the writing step");
    }
    assert.ok(exit === 137 || (exit === 0 && typeof when === "number"), `${round} (seed ${seed}): exit ${exit}`);
    await build(content, out);
    assert.deepEqual(await fingerprint(out), await cleanBuild(content), `${round} (seed ${seed}): repaired to a clean build's bytes`);
    assert.deepEqual((await readdir(path.dirname(out))).filter((name) => name !== "site").sort(), [], `${round}: nothing left beside the output`);
  }
});

test("an edit that moves nothing is patched: its page, its feeds and its search bundle made again, a clean build's bytes", async () => {
  const content = await copyOfSample();
  const out = path.join(await tempDir(), "site");
  await settle();
  await build(content, out);
  const talks = path.join(content, "articles/2013/syria-talks.md");
  const original = await readFile(talks, "utf8");
  const patch = async (text: string, patched: boolean, why: string): Promise<void> => {
    await writeFile(talks, text);
    await settle();
    const result = await runCli(["build", "--content", content, "--out", out]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(/^Patched: /m.test(result.stdout), patched, `${why}: ${result.stdout}`);
    assert.deepEqual(await fingerprint(out), await cleanBuild(content), why);
  };
  // A later paragraph: the article's page, the feeds it is in, its year's search bundle.
  await patch(`${original}\nA later paragraph about Aleppo.\n`, true, "a later paragraph");
  const result = await runCli(["build", "--content", content, "--out", out]);
  assert.match(result.stdout, /Up to date/, "a patched build is recorded like any other");
  await patch(`${original}\nAnother later paragraph.\n`, true, "a second patch");
  // A new first paragraph is the summary lists print; a new title moves the article: built in full.
  await patch(original.replace("Talks resumed in Geneva.", "Talks resumed in Geneva after a pause."), false, "a new summary");
  await patch(original.replace("title: Syria Talks Resume", "title: Syria Talks Restart"), false, "a new title");
  await patch(original, false, "the title back");

  // A page store in doubt, or an output changed behind the build's back: built in full, right.
  const stores = (await readdir(TEST_CACHE_DIR)).filter((name) => name.startsWith("pages-") && name.endsWith(".log"));
  for (const name of stores) await writeFile(path.join(TEST_CACHE_DIR, name), "");
  await patch(`${original}\nA third later paragraph.\n`, false, "an emptied page log");
  const ceasefire = path.join(out, "2013/06/10/syria-ceasefire/index.html");
  await writeFile(ceasefire, (await readFile(ceasefire, "utf8")).replace("Ceasefire", "Cease-fire"));
  await patch(`${original}\nA fourth later paragraph.\n`, false, "a page changed in the output");
});

test("lists print no field of their articles but those their keys cover, and an article's card covers them all", async () => {
  const { loadArchive } = await import("../../src/content/load.ts");
  const { renderSite } = await import("../../src/render/run-eleventy.ts");
  const { LISTED, outputPathOf } = await import("../../src/render/render-plan.ts");
  const { cardOf } = await import("../../src/archive/archive.ts");
  const content = await copyOfSample();
  const loaded = await loadArchive({ contentDir: content, root: ROOT, now: Number(FIXED_EPOCH) * 1000, includeDrafts: true, cacheDir: null });
  const archive = loaded.archive!;
  archive.feeds = [{ ...archive.feeds[0]!, items: [] }]; // feed.json, rendered with the lists, prints every field
  const lists = { articles: [], homePages: archive.homePages, tagPages: archive.tagPages, authorPages: archive.authorPages, sourcePages: archive.sourcePages, periodPages: archive.periodPages, feeds: [], sitemaps: [], redirects: [], redirectMaps: [] };
  const paths = new Set(Object.values(lists).flat().map((list) => outputPathOf(list.url)));
  const out = path.join(await tempDir(), "lists");
  const render = async () => Object.fromEntries((await renderSite(archive, lists, out)).filter((page) => paths.has(page.path)).map((page) => [page.path, page.content]));
  const changed = (value: unknown): unknown =>
    typeof value === "string" ? `${value} (changed)` : typeof value === "number" ? value + 1 : typeof value === "boolean" ? !value : Array.isArray(value) ? [] : value === null ? "changed" : {};
  const before = await render();
  assert.ok(paths.size > 5 && Object.keys(before).length === paths.size);
  for (const page of archive.articles) {
    for (const field of Object.keys(page) as (keyof typeof page)[]) {
      if (!(LISTED as readonly string[]).includes(field)) Object.assign(page, { [field]: changed(page[field]) });
    }
  }
  assert.deepEqual(await render(), before, "a list printed a field its key does not cover: add it to LISTED (render-plan.ts) and to cardOf (archive.ts)");
  const article = loaded.articles[0]!;
  for (const field of LISTED) assert.notEqual(cardOf({ ...article, [field]: changed(article[field]) }), cardOf(article), `the card covers ${field}`);
});

// --- Any sequence of edits ------------------------------------------------------------------------

/** One edit an editor might make to the small archive: articles are named a0.md … a5.md. */
type Edit =
  | { kind: "add" | "edit" | "lede" | "delete" | "draft" | "retag" | "redate" | "rename"; n: number; word: string; day: number }
  | { kind: "site"; n: number; word: string; day: number };

const EDIT = fc.record({
  kind: fc.constantFrom("add", "edit", "lede", "delete", "draft", "retag", "redate", "rename", "site"),
  n: fc.integer({ min: 0, max: 5 }),
  word: fc.constantFrom("Syria", "Economy", "Elections", "Sport"),
  day: fc.integer({ min: 1, max: 28 }),
}) as fc.Arbitrary<Edit>;

function articleText(title: string, day: number, tags: string[], extra = ""): string {
  return `---\ntitle: ${title}\ndate: 2013-0${(day % 3) + 4}-${String(day).padStart(2, "0")}\nauthor: Jane Roe\ntags: [${tags.join(", ")}]\n${extra}---\n\nA paragraph about ${title}.\n`;
}

async function applyEdit(content: string, edit: Edit): Promise<void> {
  const articles = path.join(content, "articles");
  const names = (await readdir(articles)).filter((name) => name.endsWith(".md")).sort();
  const file = names.length > 0 ? path.join(articles, names[edit.n % names.length]!) : null;
  switch (edit.kind) {
    case "add":
      await writeFile(path.join(articles, `added-${edit.word.toLowerCase()}-${edit.day}.md`), articleText(`${edit.word} report ${edit.day}`, edit.day, [edit.word]));
      return;
    case "site": {
      const site = JSON.parse(await readFile(path.join(content, "site.json"), "utf8")) as Record<string, unknown>;
      await writeFile(path.join(content, "site.json"), JSON.stringify({ ...site, title: `${edit.word} Archive`, pageSize: (edit.day % 3) + 1 }));
      return;
    }
  }
  if (!file) return;
  const text = await readFile(file, "utf8");
  switch (edit.kind) {
    case "edit": return writeFile(file, `${text}\nMore about ${edit.word}.\n`); // the summary stays: patched
    case "lede": return writeFile(file, text.replace("\n\nA paragraph about", `\n\nNews of ${edit.word}.\n\nA paragraph about`)); // a new summary
    case "delete": return rm(file);
    case "draft": return writeFile(file, text.includes("draft: true") ? text.replace("draft: true\n", "") : text.replace(/^---\n/, "---\ndraft: true\n"));
    case "retag": return writeFile(file, text.replace(/^tags: .*$/m, `tags: [${edit.word}]`));
    case "redate": return writeFile(file, text.replace(/^date: .*$/m, `date: 2012-11-${String(edit.day).padStart(2, "0")}`));
    case "rename": return rename(file, file.replace(/\.md$/, `-${edit.day}.md`));
  }
}

test("after any sequence of edits, an incremental build is byte-identical to a clean build", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(EDIT, { minLength: 1, maxLength: 4 }), async (edits) => {
      const content = await tempDir();
      await mkdir(path.join(content, "articles"));
      await writeFile(path.join(content, "site.json"), JSON.stringify({ title: "Edits", language: "en", url: "https://edits.example", pageSize: 2 }));
      for (let i = 0; i < 6; i++) await writeFile(path.join(content, "articles", `a${i}.md`), articleText(`Story ${i}`, i * 4 + 1, [["Syria", "Economy", "Sport"][i % 3]!, "World"]));
      const out = path.join(await tempDir(), "site");
      await build(content, out, "--no-search", "--drafts");
      for (const edit of edits) {
        await applyEdit(content, edit);
        await build(content, out, "--no-search", "--drafts");
      }
      assert.deepEqual(await fingerprint(out), await cleanBuild(content, "--no-search", "--drafts"));
    }),
    { numRuns: 12, seed: Number(process.env.FC_SEED ?? Date.now() % 100_000), verbose: true },
  );
});

test("the preview's quick path (an edited article put into the archive in memory) writes a clean build's pages", async () => {
  const { loadArchive } = await import("../../src/content/load.ts");
  const { writeOutput, writePages } = await import("../../src/output/build.ts");
  const { replaceArticle } = await import("../../src/archive/archive.ts");
  const { parseArticle } = await import("../../src/content/front-matter.ts");
  const { silentProgress } = await import("../../src/shared/progress.ts");
  const { displayPath } = await import("../../src/shared/files.ts");
  const content = await copyOfSample();
  const now = Number(FIXED_EPOCH) * 1000;
  const loaded = await loadArchive({ contentDir: content, root: ROOT, now, includeDrafts: true, cacheDir: null });
  const archive = loaded.archive!;
  const out = path.join(await tempDir(), "preview");
  await writeOutput(archive, out, { kind: "preview", cacheDir: null, search: "skip", progress: silentProgress });

  const file = path.join(content, "articles/2013/syria-talks.md");
  const shown = displayPath(file); // as the loader names it
  const record = (text: string) => parseArticle({ file: shown, bytes: Buffer.from(text), now });
  const before = loaded.articles.find((article) => article.file === shown)!;
  const original = await readFile(file, "utf8");
  // A new first paragraph (so a new summary in every list and feed) and a longer body.
  const edited = original.replace("Talks resumed in Geneva.", "Talks resumed in Geneva after a week's pause.\n\nA second paragraph.");
  await writeFile(file, edited);
  const after = record(edited);
  assert.ok(!Array.isArray(after));
  const shows = replaceArticle(archive, before, after);
  assert.ok(shows, "a body edit keeps the article's place");
  assert.deepEqual(shows.articles.map((page) => page.url), ["/2013/05/02/syria-talks/"]);
  await writePages(archive, out, shows);
  const pages = async (dir: string) => Object.fromEntries(Object.entries(await fingerprint(dir)).filter(([name]) => !name.startsWith(".")));
  const clean = path.join(await tempDir(), "clean");
  await build(content, clean, "--no-cache", "--no-search", "--drafts");
  assert.deepEqual(await pages(out), await pages(clean));

  // A new title or tag moves the article in lists and links: the quick path declines.
  for (const moved of [edited.replace("title: Syria Talks Resume", "title: Syria Talks Restart"), edited.replace("tags: [Syria, Diplomacy]", "tags: [Syria]")]) {
    const next = record(moved);
    assert.ok(!Array.isArray(next));
    assert.equal(replaceArticle(archive, after, next), null);
  }
});
