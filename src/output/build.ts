/** A build: content loaded and checked, then only the pages that changed rendered and written into the output. */
import { randomBytes } from "node:crypto";
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { PUBLIC_DIR } from "../shared/project.ts";
import { ioError, UserError } from "../shared/errors.ts";
import { acquireLock } from "./lock.ts";
import { guardOutputFolder, isUnfinishedMarking, outputLockPath, readMarker, writeMarker, type OutputKind } from "./output-folder.ts";
import { killPoint } from "./kill-point.ts";
import { formatCount, silentProgress, type Progress } from "../shared/progress.ts";
import { diffManifests, isIncomplete, markIncomplete, MANIFEST_FILE, readLastManifest, writeManifest, type Manifest, type ManifestEntry } from "./manifest.ts";
import { removeEmptyFolders, scanOutput, statRecordPath, writeStatRecord } from "./output-files.ts";
import { loadArchive } from "../content/load.ts";
import { loadBodies } from "../content/parse-cache.ts";
import { defaultCacheDir } from "../shared/project.ts";
import { computeBuildKeys } from "../render/build-keys.ts";
import { planPages, splitRenderSet, wholeKey, type PagePlan, type RecordKeys } from "../render/render-plan.ts";
import { readDerivedMemo, writeDerivedMemo } from "./derived-memo.ts";
import { makeSearchBundles } from "./search.ts";
import { bundleJobs, planBundles } from "./search-plan.ts";
import { forgetBuildState, isUpToDate, type BuildResult, readBuildInputs, readLastBuild, recordBuildState } from "./build-state.ts";
import { patchBuild } from "./patch-build.ts";
import { makeImages } from "./images.ts";
import { citationInput } from "../archive/citation.ts";
import { prepareCitations } from "../render/citation-styles.ts";
import { logPages, movedArticles, readPageStore, writePageStore, type LoggedPages } from "./page-store.ts";
import { inPool } from "../shared/concurrency.ts";
import { listFiles } from "../shared/files.ts";
import { formatProblem, plural, sortProblems } from "../shared/problems.ts";
import type { Archive, RenderSet } from "../archive/types.ts";
import { sha256 } from "../shared/hash.ts";

/** What to build from and to. */
export interface BuildOptions {
  /** Folder holding `articles/` and optionally `site.json`. */
  contentDir: string;
  /** Output folder; written in place, only what changed (see `writeOutput`). */
  outDir: string;
  /** Include drafts and future-dated articles, marked. */
  includeDrafts: boolean;
  /** Overrides site.json's url and pathPrefix. */
  baseUrl?: string | undefined;
  /** Reuse parsed articles from earlier builds when the file is unchanged (default true). */
  cache?: boolean;
  /** Worker threads for parsing and for search indexing; by default as many as the work repays, up to the cores. */
  jobs?: number | undefined;
  /** Write the search index (default true); off for quick rebuilds and benchmarks. */
  search?: boolean;
  /** Where each phase reports its progress; silent by default. */
  progress?: Progress;
}

export type { BuildResult } from "./build-state.ts";

/** Most paginated pages one Eleventy run renders by default; see `build`. */
export const PAGES_PER_RUN = 5000;

/**
 * A full garbage collection, between two Eleventy runs: all of a run (its pages, their data, its
 * templates) is garbage then. V8 left to itself let the heap grow to four times what was live
 * (1.55 GB for 0.4 GB at 30,000 articles; the process peaked at 2.2–2.6 GiB): collecting here
 * keeps it near what is live (1.4 GiB; the time it costs was within the machine's swing, see
 * BENCHMARKS.md). The collector is exposed as `--expose-gc` would, from code
 * (https://nodejs.org/api/v8.html#v8setflagsfromstringflags).
 */
function collectGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}

/** PAGES_PER_RUN, or NEWS_ARCHIVE_PAGES_PER_RUN when set (less memory, a little more time per run). */
function pagesPerRun(env: NodeJS.ProcessEnv = process.env): number {
  const value = Number(env.NEWS_ARCHIVE_PAGES_PER_RUN);
  return Number.isInteger(value) && value > 0 ? value : PAGES_PER_RUN;
}

/** "Now" for the build: SOURCE_DATE_EPOCH (seconds) when set, so the same content gives the same site. */
export function buildTime(env: NodeJS.ProcessEnv = process.env): number {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === "") return Date.now();
  if (!/^\d{1,15}$/.test(epoch)) {
    throw new UserError({ message: `SOURCE_DATE_EPOCH=${JSON.stringify(epoch.slice(0, 40))} is not a whole number of seconds since 1970.`, hint: "Set it to e.g. $(git log -1 --format=%ct), or unset it." });
  }
  return Number(epoch) * 1000;
}

/**
 * Loads content; on content errors, returns them and leaves `outDir` exactly as it was. When
 * nothing the output is made from changed since the last build (`build-state.ts`), neither the
 * content nor the output is read: the last build's report is returned.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const progress = options.progress ?? silentProgress;
  // Refusals come first: before minutes of parsing, and before anything is written.
  const outDir = await guardOutputFolder({ folder: options.outDir, flag: "--out", kind: "build", contentDir: options.contentDir });
  const cacheDir = options.cache === false ? null : defaultCacheDir();
  const now = buildTime();
  const search = options.search === false ? "skip" : "write";
  const lock = await acquireLock(outputLockPath(outDir), "npm run build", `the output folder ${options.outDir}`);
  killPoint("build:locked");
  try {
    // The build's UTC date (`utcDate` in dates.ts, not loaded here) picks the home page's "On this
    // day": a build on a new day is never up to date or patched, and renders that page again.
    const inputs = cacheDir ? await readBuildInputs(options.contentDir, { includeDrafts: options.includeDrafts, baseUrl: options.baseUrl ?? null, search, today: new Date(now).toISOString().slice(0, 10) }) : null;
    const last = cacheDir && inputs ? await readLastBuild(cacheDir, options.contentDir, outDir, inputs, now) : null;
    if (cacheDir && last && (await isUpToDate(cacheDir, outDir, last))) {
      const { problems, articles, pages } = last.state;
      return { problems, written: { articles, pages, rendered: 0, changes: { added: [], changed: [], removed: [] }, search: null, upToDate: true, patched: false } };
    }
    const store = cacheDir ? await readPageStore(cacheDir, options.contentDir, outDir) : null;
    if (cacheDir && inputs && last) {
      const patched = await patchBuild({ contentDir: options.contentDir, outDir, cacheDir, inputs, now, search, progress }, last, store);
      if (patched) return patched;
    }
    const memo = cacheDir ? await readDerivedMemo(cacheDir, options.contentDir, options.includeDrafts) : null;
    const { archive, articles, derived, ...loaded } = await loadArchive({
      contentDir: options.contentDir,
      root: process.cwd(),
      now,
      includeDrafts: options.includeDrafts,
      baseUrl: options.baseUrl,
      cacheDir,
      progress,
      signatures: inputs?.content ? { files: inputs.content, observedAt: inputs.observedAt } : null,
      derived: memo,
      ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
    });
    if (!archive) return { problems: loaded.problems, written: null };
    const problems = store ? sortProblems([...loaded.problems, ...movedArticles(store, archive)]) : loaded.problems;
    await forgetBuildState(cacheDir ?? defaultCacheDir(), options.contentDir, outDir);
    const known = memo && memo.shape === derived?.shape ? memo.recordKeys : null;
    // The page store's log is written while the pages render (see page-store.ts).
    let logging: Promise<LoggedPages | null> = Promise.resolve(null);
    const planned = (plan: PagePlan): void => {
      if (cacheDir && inputs) logging = logPages(cacheDir, options.contentDir, outDir, archive, plan.recordKeys, plan.records, store);
    };
    const { recordKeys, ...written } = await writeOutput(archive, outDir, { kind: "build", cacheDir, search, progress, jobs: options.jobs, known, planned });
    if (cacheDir && derived) await writeDerivedMemo(cacheDir, options.contentDir, options.includeDrafts, { ...derived, recordKeys }, memo);
    if (cacheDir && inputs) {
      const manifest = await recordBuildState(cacheDir, options.contentDir, outDir, { inputs, articles, now, problems, published: written.articles, pages: written.pages });
      const { cardOf } = await import("../archive/archive.ts"); // loaded by now (see loadArchive)
      const cards = new Map(articles.map((article) => [article.file, cardOf(article)]));
      if (manifest) await writePageStore(cacheDir, options.contentDir, outDir, archive, await logging, { inputs: inputs.key, manifest, cards });
    }
    return { problems, written };
  } finally {
    await lock.release();
  }
}

/** Loads an archive for Eleventy's own watch builds; content errors become one thrown error listing them all. */
export async function loadArchiveOrThrow(options: { contentDir: string; includeDrafts: boolean }): Promise<Archive> {
  const { archive, problems } = await loadArchive({ ...options, root: process.cwd(), now: buildTime(), cacheDir: defaultCacheDir() });
  if (archive) {
    await loadBodies(archive.articles, process.cwd()); // Eleventy renders every page
    return archive;
  }
  const errors = problems.filter((p) => p.severity === "error").map(formatProblem);
  throw new Error(`Content problems:\n${errors.join("\n")}`);
}

/** How `writeOutput` writes. */
export interface WriteOptions {
  /** Whose folder it is: a build's, or the preview's. */
  kind: OutputKind;
  /** Where the stat record of the output is kept; null to trust nothing on disk and write every file. */
  cacheDir: string | null;
  /** Make the search index and write what changed in it; leave it out; or keep the one there (the preview, after its first build). */
  search: "write" | "skip" | "keep";
  progress: Progress;
  /** Worker threads for search indexing; by default one per 1,000 pages to index, up to the cores. */
  jobs?: number | undefined;
  /** Article pages' record keys from an earlier build of an archive of the same shape (`planPages`). */
  known?: RecordKeys | null;
  /** Called with the plan once the pages are planned, before they render; its `records` are dropped after the call. */
  planned?: (plan: PagePlan) => void;
}

/**
 * Writes an archive into `outDir` in place, touching only what changed; the caller holds the folder.
 *
 * 1. The output is scanned: its files, and the hashes of those its manifest lists (`scanOutput`).
 *    A page is reused when the manifest gives it the same key as now and its file still has the
 *    manifest's hash; every other page is rendered.
 * 2. Pages are rendered in runs; those whose bytes differ from what is on disk are written to a
 *    staging folder beside the output. A rendering error stops here, with the output untouched.
 * 3. The output is marked incomplete (deploy and check refuse it), staged files are moved in,
 *    files the build no longer has are deleted, the search index is made and its changed files
 *    written; then the manifest and the stat record, and the mark is removed. A build stopped in
 *    this step leaves the mark, and the next build repairs the folder by the same scan.
 */
export async function writeOutput(archive: Archive, outDir: string, options: WriteOptions): Promise<NonNullable<BuildResult["written"]> & Pick<PagePlan, "recordKeys">> {
  const { progress } = options;
  // What stopped builds (and older versions, which swapped whole folders) left beside the output.
  await inPool(await leftovers(outDir), (folder) => rm(folder, { recursive: true, force: true }));
  const previous = await readLastManifest(outDir);
  // The search index is made from the records (src/archive/search-document.ts), in Pagefind's own
  // process, while the output is scanned and the pages render here; its files are written after
  // the pages. A bundle is kept when the manifest gives its files this build's key, and the scan
  // finds them as the manifest says; one that is not found so is made after the others.
  const bundles = options.search === "write" ? await planBundles(archive, previous) : [];
  const changedBundles = bundles.filter((bundle) => !bundle.reuse);
  const indexStarted = performance.now();
  let indexing = options.search === "write" ? makeSearchBundles(bundleJobs(changedBundles, archive.site.language), options.jobs) : null;
  indexing?.catch(() => {}); // awaited once the pages are written, unless rendering fails first
  // Without the cache (--no-cache) nothing on disk is trusted: every file is rendered and written.
  const record = options.cacheDir ? statRecordPath(options.cacheDir, outDir) : null;
  const scan = await scanOutput(outDir, record ? previous : null, record, !(await isIncomplete(outDir)));
  const damaged = bundles.filter((bundle) => bundle.reuse?.some(([name, entry]) => scan.hashes.get(name) !== entry.sha256));
  if (indexing && damaged.length > 0) {
    for (const bundle of damaged) bundle.reuse = null;
    changedBundles.push(...damaged);
    indexing = indexing.then(async (made) => [...made, ...(await makeSearchBundles(bundleJobs(damaged, archive.site.language), options.jobs))]); // one Pagefind service at a time
    indexing.catch(() => {});
  }
  const kept = new Map<string, string>();
  for (const [name, entry] of Object.entries(previous?.files ?? {})) {
    if (entry.key && scan.hashes.get(name) === entry.sha256) kept.set(name, entry.key);
  }
  // Photos are made (or found made) first: an article page prints their <picture> elements, and so is keyed by them.
  const images = await makeImages(archive, process.cwd(), options.cacheDir);
  const buildKeys = await computeBuildKeys(archive);
  const plan = planPages(archive, buildKeys.kinds, kept, options.known ?? null);
  options.planned?.(plan);
  // Eleventy holds every page it renders in memory until its run ends, so the pages are rendered
  // in runs of at most pagesPerRun(): memory stays flat however big the archive. The article
  // pages print their citations, read as an earlier build formatted them or formatted now (on
  // every core when there are many): runs with article pages go last, and each one's citations
  // are made while the runs before it render.
  const parts = splitRenderSet(plan.render, pagesPerRun()).sort((a, b) => Number(a.articles.length > 0) - Number(b.articles.length > 0));
  let citing = Promise.resolve();
  const cited = new Map<RenderSet, Promise<void>>();
  for (const part of parts.filter((run) => run.articles.length > 0)) {
    const inputs = part.articles.map((page) => citationInput(page, archive.site));
    cited.set(part, (citing = citing.then(() => prepareCitations(inputs, options.cacheDir, options.jobs))));
  }
  citing.catch(() => {}); // awaited before the runs that need it, and before the output changes
  plan.records.clear(); // handed over (40 MB at 10,000 articles): not kept while the pages render
  // The pages that are not paginated (indexes, the 404 and search pages) sum up the whole archive:
  // their key is every other page's. When it and they are as before, Eleventy is not even started.
  const whole = wholeKey(buildKeys.all, Object.entries(plan.keys));
  const unpaginated = Object.entries(previous?.files ?? {}).filter(([, entry]) => entry.key === whole).map(([name]) => name);
  const renderNothing = Object.values(plan.render).every((pages) => pages.length === 0) && unpaginated.length > 0 && unpaginated.every((name) => kept.has(name));
  const reused = renderNothing ? [...plan.reuse, ...unpaginated] : plan.reuse;

  // The new build's files, and which of them must be written.
  const files = new Map<string, ManifestEntry>(reused.map((name) => [name, previous!.files[name]!]));
  const toWrite = new Set<string>();
  const add = async (name: string, bytes: Uint8Array, write: (name: string, bytes: Uint8Array) => Promise<void>, key?: string): Promise<void> => {
    const hash = sha256(bytes);
    files.set(name, key ? { sha256: hash, size: bytes.length, key } : { sha256: hash, size: bytes.length });
    if (scan.hashes.get(name) === hash || toWrite.has(name)) return; // the same bytes are there already
    toWrite.add(name);
    await write(name, bytes);
  };

  const staging = `${outDir}.building-${randomBytes(4).toString("hex")}`;
  let rendered = 0;
  let search: { pages: number; ms: number } | null = null;
  try {
    await mkdir(staging, { recursive: true }).catch((error: unknown) => {
      throw ioError(error, { action: "create", hint: "Check that you may write to the output folder's parent." });
    });
    killPoint("build:staging");
    await writeMarker(staging, "build");
    const stage = (name: string, bytes: Uint8Array) => writeInto(staging, name, bytes);
    const rendering = progress.start("Rendering pages", Object.keys(plan.keys).length - plan.reuse.length);
    if (!renderNothing) {
      const { renderSite } = await import("../render/run-eleventy.ts");
      for (const [i, part] of parts.entries()) {
        await cited.get(part);
        const pages = await renderSite(archive, part, outDir);
        await inPool(pages, async (page) => {
          if (!files.has(page.path)) rendered += 1;
          await add(page.path, Buffer.from(page.content), stage, plan.keys[page.path] ?? whole);
        });
        rendering.update(rendered);
        if (i < parts.length - 1) collectGarbage();
      }
    }
    await citing;
    await inPool(await listFiles(PUBLIC_DIR), async (name) => add(name, await readFile(path.join(PUBLIC_DIR, name)), stage));
    // A photo's files are named by its bytes: one the output has as the manifest says is kept unread.
    await inPool([...images.files], async ([name, source]) => {
      const entry = previous?.files[name];
      if (entry && scan.hashes.get(name) === entry.sha256) files.set(name, entry);
      else await add(name, await readFile(source), stage);
    });
    rendering.end(`Rendered ${plural(rendered, "page")}${reused.length === 0 ? "" : ` (${formatCount(reused.length)} unchanged, reused)`}`);

    // From here on the output changes: marked incomplete until the manifest says what it holds.
    const writing = progress.start("Writing pages", toWrite.size);
    if (!previous && scan.files.size === 0) {
      // Nothing there yet (a first build; listed in full, as there is no manifest): the staging
      // folder becomes the output in one rename.
      await markIncomplete(staging, true);
      await rm(outDir, { recursive: true, force: true }); // at most our marker and bookkeeping: it has no files
      await rename(staging, outDir);
      await writeMarker(outDir, options.kind);
    } else {
      await mkdir(outDir, { recursive: true });
      await writeMarker(outDir, options.kind);
      await markIncomplete(outDir, true);
      await moveInto(staging, outDir, [...toWrite]);
    }
    killPoint("build:writing");
    writing.end(`Wrote ${plural(toWrite.size, "changed file")}`);
    const isIndex = (name: string): boolean => name.startsWith("pagefind/");
    if (options.search === "keep") {
      for (const name of [...scan.files].filter(isIndex)) {
        const entry = previous?.files[name];
        if (entry && scan.hashes.get(name) === entry.sha256) files.set(name, entry);
      }
    }
    const removed = [...scan.files].filter((name) => !files.has(name) && !isIndex(name));
    await inPool(removed, (name) => rm(path.join(outDir, name), { force: true }));
    if (indexing) {
      const waiting = progress.start("Indexing for search");
      for (const bundle of bundles) for (const [name, entry] of bundle.reuse ?? []) files.set(name, entry);
      const made = await indexing;
      for (const [i, bundle] of made.entries()) {
        const { dir, key } = changedBundles[i]!;
        await inPool(bundle.files, (file) => add(`${dir}${file.path}`, file.content, (name, bytes) => writeInto(outDir, name, bytes), key));
      }
      search = { pages: made.reduce((sum, bundle) => sum + bundle.pages, 0), ms: performance.now() - indexStarted };
      waiting.end(`Indexed ${plural(search.pages, "page")} for search (${changedBundles.length} of ${plural(bundles.length, "bundle")}; the others unchanged)`);
    }
    const staleIndex = options.search === "keep" ? [] : [...scan.files].filter((name) => !files.has(name) && isIndex(name));
    await inPool(staleIndex, (name) => rm(path.join(outDir, name), { force: true }));
    await removeEmptyFolders(outDir, [...removed, ...staleIndex]);

    const manifesting = progress.start("Writing the manifest");
    const manifest = await writeManifest(outDir, files, { url: archive.site.url, pathPrefix: archive.site.pathPrefix });
    if (record) await writeStatRecord(record, outDir, new Map([...files].map(([name, entry]) => [name, entry.sha256])), scan, toWrite);
    await markIncomplete(outDir, false);
    manifesting.end(`Wrote the manifest of ${plural(files.size, "file")}`);
    return { articles: archive.articles.length, pages: rendered + reused.length, rendered, changes: diffManifests(previous, manifest), search, upToDate: false, patched: false, recordKeys: plan.recordKeys };
  } finally {
    await rm(staging, { recursive: true, force: true });
    await images.done();
  }
}

/**
 * The preview's quick path: renders the pages in `render` (and those that are not paginated) and
 * writes the ones whose bytes changed, without planning the whole archive. Returns how many files
 * it wrote.
 */
export async function writePages(archive: Archive, outDir: string, render: RenderSet): Promise<number> {
  const { renderSite } = await import("../render/run-eleventy.ts");
  const pages = await renderSite(archive, render, outDir);
  return writeChangedFiles(outDir, pages.map((page) => ({ path: page.path, bytes: Buffer.from(page.content) })));
}

/** The preview's quick path for files of public/ (a stylesheet, a script): copied, or deleted when gone. */
export async function copyPublicFiles(outDir: string, names: readonly string[]): Promise<number> {
  const files = await Promise.all(names.map(async (name) => ({ path: name, bytes: await readFile(path.join(PUBLIC_DIR, name)).catch(() => null) })));
  return writeChangedFiles(outDir, files);
}

/**
 * The preview's search, after a quick path or a build that kept the index: indexes again the
 * bundles whose articles' documents changed, as a build would, and writes what changed in them
 * (through `exclusive`, which runs it when no other write is under way). Returns how many pages it indexed.
 */
export async function refreshSearchIndex(archive: Archive, outDir: string, exclusive = <T>(write: () => Promise<T>): Promise<T> => write()): Promise<number> {
  const manifest = await readPreviewManifest(outDir);
  if (!manifest) throw new Error(`${outDir} has no manifest; write it whole first`);
  const changed = (await planBundles(archive, manifest)).filter((bundle) => !bundle.reuse);
  const made = await makeSearchBundles(bundleJobs(changed, archive.site.language));
  const files = changed.flatMap(({ dir, key }, i) => {
    const fresh = made[i]!.files.map((file) => ({ path: `${dir}${file.path}`, bytes: file.content, key }));
    const names = new Set(fresh.map((file) => file.path));
    const stale = Object.keys(manifest.files).filter((name) => name.startsWith(dir) && !names.has(name));
    return [...fresh, ...stale.map((name) => ({ path: name, bytes: null }))];
  });
  // Bundles of years that no longer have articles.
  const dirs = archive.searchBundles.map((bundle) => bundle.url.slice(1));
  const gone = Object.keys(manifest.files).filter((name) => name.startsWith("pagefind/") && !dirs.some((dir) => name.startsWith(dir)));
  await exclusive(() => writeChangedFiles(outDir, [...files, ...gone.map((name) => ({ path: name, bytes: null }))]));
  return made.reduce((sum, bundle) => sum + bundle.pages, 0);
}

// Writes files whose bytes differ from the manifest's (null: delete the file) and updates the
// manifest. It trusts the folder to hold what its manifest says (the preview's own folder); the
// entries it rewrites keep only the key given with them, so the next full write renders those pages again.
async function writeChangedFiles(outDir: string, files: readonly { path: string; bytes: Uint8Array | null; key?: string }[]): Promise<number> {
  const manifest = await readPreviewManifest(outDir);
  if (!manifest) throw new Error(`${outDir} has no manifest; write it whole first`);
  lastWritten = null; // changed below: read again unless written whole
  await markIncomplete(outDir, true);
  let count = 0;
  for (const file of files) {
    if (file.bytes === null) {
      await rm(path.join(outDir, file.path), { force: true });
      delete manifest.files[file.path];
      continue;
    }
    const hash = sha256(file.bytes);
    const entry = file.key ? { sha256: hash, size: file.bytes.length, key: file.key } : { sha256: hash, size: file.bytes.length };
    if (manifest.files[file.path]?.sha256 === hash) {
      manifest.files[file.path] = entry;
      continue;
    }
    await writeInto(outDir, file.path, file.bytes);
    manifest.files[file.path] = entry;
    count += 1;
  }
  const written = await writeManifest(outDir, new Map(Object.entries(manifest.files)), manifest.site);
  lastWritten = { outDir, stamp: await manifestStamp(outDir), manifest: written };
  await markIncomplete(outDir, false);
  return count;
}

// The manifest the preview's quick paths last wrote (55 MB at 100,000 articles: reading it took
// half a second a save), with the stamp of its file then. Each write replaces the file, so any
// other write of it (a build's, the preview's full path) gives it another stamp.
let lastWritten: { outDir: string; stamp: string; manifest: Manifest } | null = null;

async function readPreviewManifest(outDir: string): Promise<Manifest | null> {
  if (lastWritten?.outDir === outDir && lastWritten.stamp === (await manifestStamp(outDir))) return lastWritten.manifest;
  return readLastManifest(outDir);
}

async function manifestStamp(outDir: string): Promise<string> {
  const stat = await lstat(path.join(outDir, MANIFEST_FILE), { bigint: true }).catch(() => null);
  return stat ? `${stat.ino}:${stat.size}:${stat.mtimeNs}` : "";
}

async function writeInto(dir: string, name: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
  await writeFile(path.join(dir, name), bytes);
}

// Moves staged files into the output, each in one rename: a reader sees the old file or the new one.
async function moveInto(staging: string, outDir: string, names: string[]): Promise<void> {
  const folders = [...new Set(names.map((name) => path.dirname(name)))].filter((dir) => dir !== ".");
  await inPool(folders, (dir) => mkdir(path.join(outDir, dir), { recursive: true }));
  await inPool(names, (name) => rename(path.join(staging, name), path.join(outDir, name)));
}

// Old outputs and unfinished builds of this output folder: siblings named after it that carry a
// build marker, or staging folders a build was stopped while creating (empty but for its marker
// being written). Only called under the output's lock, so no other build is using them.
async function leftovers(outDir: string): Promise<string[]> {
  const parent = path.dirname(outDir);
  const base = path.basename(outDir);
  const names = (await readdir(parent).catch(() => [])).filter((name) => name.startsWith(`${base}.old-`) || name.startsWith(`${base}.building-`));
  const ours = await Promise.all(
    names.map(async (name) => {
      const folder = path.join(parent, name);
      return (await readMarker(folder)) === "build" || (name.startsWith(`${base}.building-`) && (await isUnfinishedMarking(folder)));
    }),
  );
  return names.filter((_, i) => ours[i]).map((name) => path.join(parent, name));
}
