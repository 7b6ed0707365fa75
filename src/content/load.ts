/** Reads a content folder into an archive: the one module that reads content from disk. */
import { availableParallelism } from "node:os";
import { statSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { ParseInput } from "./front-matter.ts";
import { mapInWorkers } from "../shared/workers.ts";
import { inPool } from "../shared/concurrency.ts";
import { displayPath } from "../shared/files.ts";
import { compareText, plural, problem, sortProblems, type Problem } from "../shared/problems.ts";
import { ioError, UserError } from "../shared/errors.ts";
import { walkFiles } from "./walk.ts";
import { formatCount, silentProgress, type Progress } from "../shared/progress.ts";
import { DEFAULT_SITE, parseSite, withBaseUrl, type Site } from "./site.ts";
import { asOf, type Article } from "./article.ts";
import type { Archive, Derived } from "../archive/types.ts";
import { sha256 } from "../shared/hash.ts";
import { recordable, signatureOf } from "../shared/file-signature.ts";
import { readCache, updateCache, type CacheEntry, type NewEntry } from "./parse-cache.ts";
import { findImages } from "./images.ts";
import { IMAGE_EXTENSIONS } from "./urls.ts";

/** Where to read from and how to build. */
export interface LoadOptions {
  /** Folder holding `articles/` and optionally `site.json`. */
  contentDir: string;
  /** Paths in messages are relative to this folder. */
  root: string;
  /** The build's "now", epoch milliseconds. */
  now: number;
  /** Include drafts and future articles (preview). */
  includeDrafts: boolean;
  /** Overrides site.json's url and pathPrefix, e.g. "https://example.org/archive/". */
  baseUrl?: string | undefined;
  /** Folder for the parse cache (unchanged files are not parsed again); null for none. */
  cacheDir?: string | null;
  /** Worker threads for parsing; 1 parses on the main thread. Default: one per 2,500 files, up to the cores. */
  jobs?: number;
  /** Where reading and parsing report their progress; silent by default. */
  progress?: Progress;
  /** The article files' stat signatures as `contentSignatures` took them at `observedAt`, so they are not walked and stat'ed again. */
  signatures?: { files: ReadonlyMap<string, string>; observedAt: number } | null;
  /** What an earlier build derived from the whole archive (see `buildArchive`), reused while the archive keeps its shape. */
  derived?: Derived | null;
}


// Files to parse per worker thread at least: a worker takes about 2 s to start (tsx, marked, zod,
// yaml), which pays off only from a few thousand articles (1,000 took 9 s with two workers, 6 s without).
const WORKER_THRESHOLD = 2500;

/** The archive, or null when any error was found; `problems` holds errors and notices, sorted. */
export interface LoadResult {
  archive: Archive | null;
  problems: Problem[];
  /** The records read, each once: what the archive was built from (drafts and scheduled ones too). */
  articles: Article[];
  /** What `buildArchive` derived, for the next build; null when it did not run. */
  derived: Derived | null;
}

/** Reads, parses, validates and arranges every article; gathers all problems instead of stopping at the first. */
export async function loadArchive(options: LoadOptions): Promise<LoadResult> {
  const { contentDir, root } = options;
  const progress = options.progress ?? silentProgress;
  const relative = (file: string): string => displayPath(file, root);
  const problems: Problem[] = [];

  if (!(await stat(contentDir).then((s) => s.isDirectory(), () => false))) {
    throw new UserError({ message: `The content folder ${displayPath(contentDir, root)} does not exist or is not a folder.`, hint: "Give the folder that holds articles/ (and site.json) with --content DIR; the default is content." });
  }
  const site = await loadSiteSettings(contentDir, root, options.baseUrl);
  if (Array.isArray(site)) problems.push(...site);

  const articlesDir = path.join(contentDir, "articles");
  const known = options.signatures?.files ?? null;
  // The signatures name the photos beside the articles too (a build's inputs); they are not content files.
  let names: string[] = known ? [...known.keys()].filter((name) => !PHOTO.test(name)).map((name) => path.join(contentDir, name)) : [];
  if (!known) {
    try {
      const walk = await walkFiles(articlesDir, WALK);
      names = walk.files;
      for (const skipped of walk.skipped) {
        // A folder reached twice is only noise; an article that cannot be read or leaves the content folder would go missing.
        problems.push(problem({ file: relative(skipped.path), line: 1, field: "file", rule: `content/${skipped.kind}`, message: `${skipped.reason}.`, severity: skipped.kind === "loop" ? "notice" : "error" }));
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw ioError(error, { action: "read the articles folder" });
      problems.push(problem({ file: relative(articlesDir), line: 1, field: "articles", rule: "content/missing", message: "folder not found; put articles in articles/YYYY/<slug>.md inside the content folder." }));
    }
  }

  // A file whose stat signature is the one the cache recorded is not read: its record is reused.
  const cache = options.cacheDir ? await readCache(options.cacheDir, contentDir) : null;
  const observedAt = options.signatures?.observedAt ?? Date.now(); // before any file is looked at: see recordable()
  const reading = progress.start("Reading content files", names.length);
  const inputs: ParseInput[] = [];
  const unchanged: CacheEntry[] = [];
  const signatures = new Map<string, string>();
  await inPool(names, async (file) => {
    if (!/\.md$/i.test(file)) {
      problems.push(problem({ file: relative(file), line: 1, field: "file", rule: "content/not-markdown", message: "is not read: articles are .md files. Rename it to .md, or import a text dump with npm run import.", severity: "notice" }));
      return;
    }
    const shown = relative(file);
    try {
      const signature = known?.get(path.relative(contentDir, file)) ?? signatureOf(statSync(file, { bigint: true })); // synchronous: see contentSignatures
      signatures.set(shown, signature);
      const cached = cache?.entries[shown];
      if (cached && cached.signature === signature) unchanged.push(cached);
      else inputs.push({ file: shown, bytes: await readFile(file), now: options.now });
      reading.update(inputs.length + unchanged.length);
    } catch (error) {
      throw ioError(error, { action: "read" });
    }
  });
  inputs.sort((a, b) => compareText(a.file, b.file));
  reading.end(`Read ${plural(inputs.length, "content file")}${unchanged.length === 0 ? "" : ` (${formatCount(unchanged.length)} unchanged since the last build, not read)`}`);

  const articles: Article[] = [];
  const toParse: ParseInput[] = [];
  const hashes = new Map<string, string>(unchanged.map((entry) => [entry.file, entry.hash]));
  const reuse = (entry: CacheEntry): void => void articles.push(asOf(entry.article, options.now));
  unchanged.forEach(reuse);
  for (const input of inputs) {
    const hash = sha256(input.bytes);
    hashes.set(input.file, hash);
    const cached = cache?.entries[input.file];
    if (cached?.hash === hash) reuse(cached);
    else toParse.push(input);
  }
  const parsing = progress.start("Parsing articles", toParse.length);
  // --jobs is obeyed as given; by default, one worker per WORKER_THRESHOLD files, up to the cores.
  const jobs = Math.max(1, Math.min(options.jobs ?? Math.min(availableParallelism(), Math.floor(toParse.length / WORKER_THRESHOLD)), toParse.length));
  const parsed = jobs > 1 ? await mapInWorkers<ParseInput, Article | Problem[]>("src/content/parse-worker.ts", toParse, jobs) : await parseHere(toParse);
  for (const result of parsed) {
    if (Array.isArray(result)) problems.push(...result);
    else articles.push(result);
  }
  if (options.cacheDir) {
    // The files read get new entries (new records, or new signatures of files touched but not
    // changed); files gone, or no longer valid articles, lose theirs.
    // A record reused from the cache comes without its body, which stays where the cache has it.
    const entryOf = (article: Article): NewEntry => ({ file: article.file, hash: hashes.get(article.file)!, signature: recordable(signatures.get(article.file)!, observedAt), article, body: article.html === undefined ? cache?.entries[article.file]?.body : undefined });
    const read = new Set(inputs.map((input) => input.file));
    const valid = new Set(articles.map((article) => article.file));
    const changed = articles.filter((article) => read.has(article.file)).map(entryOf);
    const gone = Object.keys(cache?.entries ?? {}).filter((file) => !valid.has(file));
    await updateCache(options.cacheDir, contentDir, cache, { changed, gone, all: () => articles.map(entryOf).sort((a, b) => compareText(a.file, b.file)) });
  }
  const fromCache = inputs.length + unchanged.length - toParse.length;
  parsing.end(`Parsed ${plural(toParse.length, "article")}${fromCache === 0 ? "" : ` (${formatCount(fromCache)} unchanged, from the cache)`}`);
  problems.push(...(await findImages(articles, { root: options.root, cacheDir: options.cacheDir ?? null })));

  if (Array.isArray(site) || problems.some((p) => p.severity === "error")) {
    return { archive: null, problems: sortProblems(problems), articles, derived: null };
  }
  // Loaded here, not at the top: a build that finds its output up to date never needs it (0.2 s).
  const { buildArchive } = await import("../archive/archive.ts");
  const built = buildArchive(articles, { site, includeDrafts: options.includeDrafts, now: options.now, reuse: options.derived ?? null });
  const all = sortProblems([...problems, ...built.problems]);
  return { archive: all.some((p) => p.severity === "error") ? null : built.archive, problems: all, articles, derived: built.derived };
}

// What the articles folder is walked for: articles, and text dumps (a notice says to import them).
const WALK = { match: (name: string) => /\.(md|markdown|mdown|txt)$/i.test(name) && !name.startsWith("."), confine: true };
// What a build is made from in that folder: those files, and the photos articles show (which
// live beside them), so a replaced photo is never "up to date" (and is never an article file to
// patch: see patch-build.ts).
const PHOTO = new RegExp(`\\.(${IMAGE_EXTENSIONS.join("|")})$`, "i");
const WALK_WITH_PHOTOS = { match: (name: string) => WALK.match(name) || (PHOTO.test(name) && !name.startsWith(".")), confine: true };

/**
 * Every file `loadArchive` would look at in the articles folder, and every photo there, by path
 * relative to `contentDir`, with its stat signature; null when the walk skipped something or
 * failed (a load reports why).
 * Synchronous stats: a pool of promises takes five times as long for 10,000 small files.
 */
export async function contentSignatures(contentDir: string): Promise<Map<string, string> | null> {
  const walk = await walkFiles(path.join(contentDir, "articles"), WALK_WITH_PHOTOS).catch(() => null);
  if (!walk || walk.skipped.length > 0) return null;
  const signatures = new Map<string, string>();
  try {
    for (const file of walk.files) signatures.set(path.relative(contentDir, file), signatureOf(statSync(file, { bigint: true })));
  } catch {
    return null; // gone since it was listed
  }
  return signatures;
}

// The parser (marked, sanitize-html, gray-matter, zod: 0.3 s to load) is loaded when there is something to parse.
async function parseHere(inputs: readonly ParseInput[]): Promise<(Article | Problem[])[]> {
  if (inputs.length === 0) return [];
  const { parseArticle } = await import("./front-matter.ts");
  return inputs.map(parseArticle);
}

/** Reads `site.json` from a content folder (defaults when there is none), with `baseUrl` applied. */
export async function loadSiteSettings(contentDir: string, root: string, baseUrl?: string): Promise<Site | Problem[]> {
  const file = path.join(contentDir, "site.json");
  let text: string | null = null; // no site.json: the defaults
  try {
    // Looked at before it is read: a named pipe called site.json would make the read wait forever.
    if (!(await stat(file)).isFile()) return [problem({ file: displayPath(file, root), line: 1, field: "site.json", rule: "site/not-a-file", message: "is not a regular file; make it a JSON file of settings." })];
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw ioError(error, { action: "read" });
  }
  const site = text === null ? DEFAULT_SITE : parseSite(displayPath(file, root), text);
  return Array.isArray(site) || baseUrl === undefined ? site : withBaseUrl(site, baseUrl);
}
