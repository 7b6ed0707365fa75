/** One programmatic Eleventy build into a fresh folder, swapped in only when it succeeded. */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { link, mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { writeSite } from "../render/run-eleventy.ts";
import { TEMPLATES_DIR } from "../shared/project.ts";
import { ioError, UserError } from "../shared/errors.ts";
import { acquireLock } from "./lock.ts";
import { guardOutputFolder, outputLockPath, readMarker, writeMarker } from "./output-folder.ts";
import { killPoint } from "./kill-point.ts";
import { formatCount, silentProgress, type Progress } from "../shared/progress.ts";
import { diffManifests, readManifest, writeManifest, type Manifest, type ManifestDiff } from "./manifest.ts";
import { defaultCacheDir, getCodeVersion, loadArchive } from "../content/load.ts";
import { planPages, splitRenderSet } from "../render/render-plan.ts";
import { writeSearchIndex } from "./search.ts";
import { inPool } from "../shared/concurrency.ts";
import { formatProblem, plural, type Problem } from "../shared/problems.ts";
import type { Archive } from "../archive/types.ts";
import { sha256 } from "../shared/hash.ts";
import { writeFileAtomically } from "../shared/atomic-write.ts";

/** What to build from and to. */
export interface BuildOptions {
  /** Folder holding `articles/` and optionally `site.json`. */
  contentDir: string;
  /** Output folder; replaced as a whole when the build succeeds. */
  outDir: string;
  /** Include drafts and future-dated articles, marked. */
  includeDrafts: boolean;
  /** Overrides site.json's url and pathPrefix. */
  baseUrl?: string | undefined;
  /** Reuse parsed articles from earlier builds when the file is unchanged (default true). */
  cache?: boolean;
  /** Worker threads for parsing; defaults to the number of cores. */
  jobs?: number | undefined;
  /** Write the search index (default true); off for quick rebuilds and benchmarks. */
  search?: boolean;
  /** Where each phase reports its progress; silent by default. */
  progress?: Progress;
}

/** What a build did: the problems it found and, when it wrote a site, what it wrote. */
export interface BuildResult {
  /** Errors and notices, sorted by file and line. */
  problems: Problem[];
  /** Null when content errors stopped the build (nothing was written). */
  written: {
    articles: number;
    pages: number;
    rendered: number;
    changes: ManifestDiff;
    /** Pages in the search index and the time it took; null when the index was skipped. */
    search: { pages: number; ms: number } | null;
  } | null;
}

/** Most paginated pages one Eleventy run renders by default; see `build`. */
export const PAGES_PER_RUN = 5000;

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

/** Loads content; on content errors, returns them and leaves `outDir` exactly as it was. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const progress = options.progress ?? silentProgress;
  // Refusals come first: before minutes of parsing, and before anything is written.
  const outDir = await guardOutputFolder({ folder: options.outDir, flag: "--out", kind: "build", contentDir: options.contentDir });
  const cacheDir = options.cache === false ? null : defaultCacheDir();
  const { archive, problems } = await loadArchive({
    contentDir: options.contentDir,
    root: process.cwd(),
    now: buildTime(),
    includeDrafts: options.includeDrafts,
    baseUrl: options.baseUrl,
    cacheDir,
    progress,
    ...(options.jobs === undefined ? {} : { jobs: options.jobs }),
  });
  if (!archive) return { problems, written: null };

  const lock = await acquireLock(outputLockPath(outDir), "npm run build", `the output folder ${options.outDir}`);
  killPoint("build:locked");
  try {
    return { problems, written: await writeBuild(archive, outDir, cacheDir, options.search !== false, progress) };
  } finally {
    await lock.release();
  }
}

/** Loads an archive for Eleventy's own watch builds; content errors become one thrown error listing them all. */
export async function loadArchiveOrThrow(options: { contentDir: string; includeDrafts: boolean }): Promise<Archive> {
  const { archive, problems } = await loadArchive({ ...options, root: process.cwd(), now: buildTime(), cacheDir: defaultCacheDir() });
  if (archive) return archive;
  const errors = problems.filter((p) => p.severity === "error").map(formatProblem);
  throw new Error(`Content problems:\n${errors.join("\n")}`);
}

// Renders into a fresh marked folder beside the output and swaps it in; the caller holds the lock.
async function writeBuild(archive: Archive, outDir: string, cacheDir: string | null, withSearch: boolean, progress: Progress): Promise<NonNullable<BuildResult["written"]>> {
  const staging = `${outDir}.building-${randomBytes(4).toString("hex")}`;
  const buildKey = await computeBuildKey(archive);
  let plan = planPages(archive, buildKey, cacheDir ? await readPageKeys(cacheDir, outDir) : new Map());
  const previous = await readManifest(outDir);
  let rendered = 0;
  let manifest: Manifest;
  let search: { pages: number; ms: number } | null = null;
  try {
    await mkdir(staging, { recursive: true }).catch((error: unknown) => {
      throw ioError(error, { action: "create", hint: "Check that you may write to the output folder's parent." });
    });
    await writeMarker(staging, "build");
    if (!(await linkPages(outDir, staging, plan.reuse))) {
      // A page we meant to reuse is gone from the old output: render everything instead.
      await rm(staging, { recursive: true, force: true });
      await mkdir(staging, { recursive: true });
      await writeMarker(staging, "build");
      plan = planPages(archive, buildKey, new Map());
    }
    // Hashes known without reading: reused pages (the same bytes as before), and rendered pages
    // while they are in memory.
    const known = new Map(plan.reuse.flatMap((page) => (previous?.files[page] ? [[page, previous.files[page]] as const] : [])));
    // Eleventy holds every page it renders in memory until its run ends, so the pages are
    // rendered in runs of at most pagesPerRun(): memory stays flat however big the archive.
    const rendering = progress.start("Rendering pages", Object.keys(plan.keys).length - plan.reuse.length);
    for (const part of splitRenderSet(plan.render, pagesPerRun())) {
      for (const page of await writeSite(archive, part, staging)) {
        const bytes = Buffer.from(page.content);
        if (!known.has(page.path)) rendered += 1;
        known.set(page.path, { sha256: sha256(bytes), size: bytes.length });
      }
      rendering.update(rendered);
    }
    rendering.end(`Rendered ${plural(rendered, "page")}${plan.reuse.length === 0 ? "" : ` (${formatCount(plan.reuse.length)} unchanged, reused)`}`);
    if (withSearch) {
      const indexing = progress.start("Indexing for search");
      const started = performance.now();
      search = { pages: await writeSearchIndex(staging, archive.site.language), ms: performance.now() - started };
      indexing.end(`Indexed ${plural(search.pages, "page")} for search`);
    }
    const writing = progress.start("Writing the manifest");
    manifest = await writeManifest(staging, known, { url: archive.site.url, pathPrefix: archive.site.pathPrefix });
    await swapInto(staging, outDir);
    writing.end(`Wrote the manifest of ${plural(Object.keys(manifest.files).length, "file")}`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  if (cacheDir) await writePageKeys(cacheDir, outDir, plan.keys);
  const changes = diffManifests(previous, manifest);
  return { articles: archive.articles.length, pages: rendered + plan.reuse.length, rendered, changes, search };
}

// Two renames: the old output is moved aside, the new one moved in, the old one deleted. The
// folder never holds a mix of old and new files (for an instant it is absent; a live server should
// serve a deploy's `current` symlink, which switches in one rename).
async function swapInto(staging: string, outDir: string): Promise<void> {
  const old = `${outDir}.old-${randomBytes(4).toString("hex")}`;
  try {
    await rename(outDir, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw ioError(error, { action: "move aside the previous output" });
  }
  await rename(staging, outDir);
  removeInBackground(await leftovers(outDir)); // this build's old output and any an interrupted build left
}

// Deleting 10,000 old pages takes seconds on some disks, and nothing waits for it: a detached
// process removes the old output (and any left behind by an interrupted build) after we exit.
function removeInBackground(folders: string[]): void {
  if (folders.length === 0) return;
  const script = "for (const f of process.argv.slice(1)) require('node:fs').rmSync(f, { recursive: true, force: true });";
  spawn(process.execPath, ["-e", script, ...folders], { detached: true, stdio: "ignore" }).unref();
}

// Old outputs and unfinished builds of this output folder: siblings named after it that carry a
// build marker. Only called under the output's lock, so no other build is using them.
async function leftovers(outDir: string): Promise<string[]> {
  const parent = path.dirname(outDir);
  const prefixes = [`${path.basename(outDir)}.old-`, `${path.basename(outDir)}.building-`];
  const names = (await readdir(parent)).filter((name) => prefixes.some((prefix) => name.startsWith(prefix)));
  const folders = names.map((name) => path.join(parent, name));
  const marked = await Promise.all(folders.map(async (folder) => (await readMarker(folder)) === "build"));
  return folders.filter((_, i) => marked[i]);
}

// --- Reusing unchanged pages ---------------------------------------------------------------------

/** Everything besides a page's own record that shapes it: code and dependencies, templates, site, mode. */
async function computeBuildKey(archive: Archive): Promise<string> {
  const parts: (string | Uint8Array)[] = [await getCodeVersion()];
  for (const name of (await readdir(TEMPLATES_DIR, { recursive: true })).sort()) {
    parts.push(name, await readFile(path.join(TEMPLATES_DIR, name)).catch(() => "")); // folders read as ""
  }
  parts.push(JSON.stringify({ site: archive.site, includeDrafts: archive.includeDrafts }));
  return sha256(parts);
}

function pageKeysPath(cacheDir: string, outDir: string): string {
  return path.join(cacheDir, `pages-${sha256(outDir).slice(0, 16)}.json`);
}

async function readPageKeys(cacheDir: string, outDir: string): Promise<Map<string, string>> {
  try {
    return new Map(Object.entries(JSON.parse(await readFile(pageKeysPath(cacheDir, outDir), "utf8")) as Record<string, string>));
  } catch {
    return new Map();
  }
}

async function writePageKeys(cacheDir: string, outDir: string, keys: Record<string, string>): Promise<void> {
  try {
    await mkdir(cacheDir, { recursive: true });
    await writeFileAtomically(pageKeysPath(cacheDir, outDir), JSON.stringify(keys));
  } catch {
    // Without keys the next build renders every page; nothing is lost.
  }
}

/**
 * Hard-links each reused page from the old output into the staging folder: no copy, and the old
 * output is never written to (Eleventy writes only pages that are not linked). False when a page
 * to reuse is missing from the old output.
 */
async function linkPages(from: string, to: string, pages: readonly string[]): Promise<boolean> {
  const folders = [...new Set(pages.map((page) => path.dirname(page)))].filter((dir) => dir !== ".");
  await inPool(folders, (dir) => mkdir(path.join(to, dir), { recursive: true }));
  try {
    await inPool(pages, (page) => link(path.join(from, page), path.join(to, page)));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}
