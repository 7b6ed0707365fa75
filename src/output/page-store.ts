/**
 * The page store: what the article pages, feeds and search bundles of the last build of a content
 * folder into an output folder were made from, kept in the cache folder so that a build after an
 * edit that moves nothing (`patch-build.ts`) renders the edited articles' pages without loading
 * the archive.
 *
 * - `pages-<id>.log`: each article page's data (its `ArticlePage` without the body, as JSON, whose
 *   SHA-256 is the page's record key: render-plan.ts), appended once per record key, and written
 *   afresh when it is mostly stale.
 * - `pages-<id>.json`: the index. Where each article's page data is in the log, and its card (what
 *   other pages show of it); each feed and search bundle by its articles' files; and what the
 *   pages that are not paginated print of the whole archive. It names the build inputs and the
 *   manifest of the output it describes (`build-state.ts`): with any other, it is not used.
 *
 * Page data is checked against its record key when read; anything in doubt reads as no store.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { appendFile, open, readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { writeFileAtomically } from "../shared/atomic-write.ts";
import { sha256 } from "../shared/hash.ts";
import { writeInChunks } from "../shared/files.ts";
import { getCodeVersion, knownBody, rememberBody } from "../content/parse-cache.ts";
import { FEED_SIZE } from "../archive/feeds.ts";
import type { Archive, ArticlePage, Feed, SearchBundle } from "../archive/types.ts";
import { articleRecord, type RecordKeys } from "../render/render-plan.ts";
import { problem, type Problem } from "../shared/problems.ts";

/**
 * One article's entry: its file (as records name it), its page data's record key and place in the
 * log, its card's hash (`cardOf` in archive.ts), and its body's place in the parse cache's bodies
 * file, when it had one (checked when read).
 */
export interface StoredArticle {
  file: string;
  /** Its page's URL, site-relative: a later build names it when the article moves (`movedArticles`). */
  url: string;
  key: string;
  at: number;
  bytes: number;
  card: string;
  body: [at: number, bytes: number, sha256: string] | null;
}

/** The index; see the module comment. Feeds and bundles list their articles by index in `articles`. */
export interface PageStore {
  version: number;
  code: string;
  /** The build inputs' key and the SHA-256 of the output's manifest file, as the build state records them. */
  inputs: string;
  manifest: string;
  /** The log's file name, in the cache folder, and its size: a log of another size is not the one indexed. */
  log: string;
  size: number;
  /** The bodies file the articles' body places are in. */
  bodies: string | null;
  /** In the archive's order, newest first. */
  articles: StoredArticle[];
  feeds: (Omit<Feed, "items"> & { items: number[] })[];
  bundles: (Omit<SearchBundle, "items"> & { items: number[] })[];
  /** What the pages that are not paginated print of the archive (of its articles, the newest FEED_SIZE). */
  whole: Pick<Archive, "site" | "includeDrafts" | "articleCount" | "tags" | "authors" | "sources" | "years">;
}

const VERSION = 2;

function indexPath(cacheDir: string, contentDir: string, outDir: string): string {
  return path.join(cacheDir, `pages-${sha256([path.resolve(contentDir), "\0", path.resolve(outDir)]).slice(0, 16)}.json`);
}

/** The store of builds of `contentDir` into `outDir`, or null when there is none of this code. */
export async function readPageStore(cacheDir: string, contentDir: string, outDir: string): Promise<PageStore | null> {
  try {
    const store = JSON.parse(await readFile(indexPath(cacheDir, contentDir, outDir), "utf8")) as PageStore;
    return store.version === VERSION && store.code === (await getCodeVersion()) && typeof store.log === "string" && !store.log.includes("/") && typeof store.size === "number" ? store : null;
  } catch {
    return null;
  }
}

/** The newest articles, by index: what the pages that are not paginated list. */
export function recentArticles(store: PageStore): number[] {
  return store.articles.slice(0, FEED_SIZE).map((_, i) => i);
}

/**
 * Reads the page data of the articles at `indices` from the store's log, and makes their bodies
 * loadable (`loadBodies`) from where the store says they are; null when any is missing or does
 * not match its key.
 */
export function readPages(cacheDir: string, store: PageStore, indices: Iterable<number>): Map<number, ArticlePage> | null {
  const pages = new Map<number, ArticlePage>();
  let fd: number | undefined;
  try {
    fd = openSync(path.join(cacheDir, store.log), "r");
    if (fstatSync(fd).size !== store.size) return null;
    for (const i of indices) {
      if (pages.has(i)) continue;
      const entry = store.articles[i];
      if (!entry) return null;
      const bytes = Buffer.alloc(entry.bytes);
      if (readSync(fd, bytes, 0, entry.bytes, entry.at) !== entry.bytes || sha256(bytes, "base64url") !== entry.key) return null;
      const page = JSON.parse(bytes.toString("utf8")) as ArticlePage;
      if (page.file !== entry.file) return null;
      if (entry.body && store.bodies) rememberBody(page.sourceHash, { file: store.bodies, at: entry.body[0], bytes: entry.body[1], sha256: entry.body[2] });
      pages.set(i, page);
    }
    return pages;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The page data a build put in the log: see `logPages`. */
export interface LoggedPages {
  log: string;
  size: number;
  /** By file: the record key, and the place in the log. */
  entries: Map<string, Pick<StoredArticle, "key" | "at" | "bytes">>;
}

/**
 * Appends to the store's log the page data of `archive`'s articles that it lacks (all of it, to a
 * new log, when the old one is gone or mostly stale), as soon as the build has planned its pages:
 * the write (40 MB for a cold build of 10,000 articles) goes on while they render. `recordKeys`
 * is each page's record key, and `records` the JSON of those the plan serialised; the others are
 * serialised here (the same JSON: `articleRecord`). Null when the log cannot be written.
 */
export async function logPages(cacheDir: string, contentDir: string, outDir: string, archive: Archive, recordKeys: RecordKeys, records: ReadonlyMap<string, string>, previous: PageStore | null): Promise<LoggedPages | null> {
  const serialised = archive.articles.map((page) => records.get(page.file)); // taken now: the caller may let `records` go
  try {
    const entries: LoggedPages["entries"] = new Map();
    let log = previous?.log ?? null;
    let size = log ? await stat(path.join(cacheDir, log)).then((s) => s.size, () => null) : null;
    if (log && size !== null && size === previous!.size) {
      for (const { file, key, at, bytes } of previous!.articles) if (key === recordKeys[file]?.[1]) entries.set(file, { key, at, bytes });
    }
    const loggedBytes = [...entries.values()].reduce((sum, entry) => sum + entry.bytes, 0);
    if (!log || size === null || size !== previous!.size || size > 4 * loggedBytes + (8 << 20)) {
      // A new log: the old one is gone, or mostly stale.
      log = `${path.basename(indexPath(cacheDir, contentDir, outDir), ".json")}-${randomBytes(6).toString("hex")}.log`;
      size = 0;
      entries.clear();
    }
    // A log entry that does not match its key is never used (`readPages`).
    const appended: string[] = [];
    for (const [i, page] of archive.articles.entries()) {
      if (entries.has(page.file)) continue;
      const json = serialised[i] ?? articleRecord(page).json;
      const bytes = Buffer.byteLength(json);
      appended.push(json);
      entries.set(page.file, { key: recordKeys[page.file]![1], at: size, bytes });
      size += bytes;
    }
    if (appended.length > 0) {
      const handle = await open(path.join(cacheDir, log), "a");
      try {
        await writeInChunks(handle, appended);
      } finally {
        await handle.close();
      }
    }
    return { log, size, entries };
  } catch {
    return null;
  }
}

/**
 * Writes the store's index for a finished build of `archive` (its page data logged by `logPages`)
 * into `outDir`, whose manifest has the SHA-256 `manifest`, made from `inputs` (the build state's
 * key); `cards` by file. A store that cannot be written is removed: it only costs the next build time.
 */
export async function writePageStore(cacheDir: string, contentDir: string, outDir: string, archive: Archive, logged: LoggedPages | null, build: { inputs: string; manifest: string; cards: ReadonlyMap<string, string> }): Promise<void> {
  const index = indexPath(cacheDir, contentDir, outDir);
  try {
    if (!logged) throw new Error("no log");
    const bodies = archive.articles.map((page) => knownBody(page.sourceHash)).find((place) => place !== undefined)?.file ?? null;
    const articles = archive.articles.map((page): StoredArticle => {
      const place = knownBody(page.sourceHash);
      return { file: page.file, url: page.url, ...logged.entries.get(page.file)!, card: build.cards.get(page.file)!, body: place && place.file === bodies ? [place.at, place.bytes, place.sha256] : null };
    });
    const indexOf = new Map(archive.articles.map((page, i) => [page, i]));
    const indices = (pages: readonly ArticlePage[]): number[] => pages.map((page) => indexOf.get(page)!);
    const store: PageStore = {
      version: VERSION,
      code: await getCodeVersion(),
      inputs: build.inputs,
      manifest: build.manifest,
      log: logged.log,
      size: logged.size,
      bodies,
      articles,
      feeds: archive.feeds.map(({ items, ...feed }) => ({ ...feed, items: indices(items) })),
      bundles: archive.searchBundles.map(({ items, ...bundle }) => ({ ...bundle, items: indices(items) })),
      whole: {
        site: archive.site,
        includeDrafts: archive.includeDrafts,
        articleCount: archive.articleCount,
        tags: archive.tags,
        authors: archive.authors,
        sources: archive.sources,
        years: archive.years,
      },
    };
    await writeFileAtomically(index, JSON.stringify(store));
    // Logs of earlier stores of these folders. A build still reading one has it open, which keeps it readable.
    const stem = `${path.basename(index, ".json")}-`;
    for (const name of await readdir(cacheDir)) {
      if (name.startsWith(stem) && name.endsWith(".log") && name !== logged.log) await rm(path.join(cacheDir, name), { force: true });
    }
  } catch {
    await rm(index, { force: true });
  }
}

/** Keeps a patched build's pages (`pages`: index in the store → its new page data) and its manifest's hash. */
export async function patchPageStore(cacheDir: string, contentDir: string, outDir: string, store: PageStore, pages: ReadonlyMap<number, ArticlePage>, manifest: string): Promise<void> {
  const index = indexPath(cacheDir, contentDir, outDir);
  try {
    let at = (await stat(path.join(cacheDir, store.log))).size;
    if (at !== store.size) throw new Error("another log"); // not the one indexed: forgotten below
    const articles = [...store.articles];
    const buffers = [...pages].map(([i, page]) => {
      const bytes = Buffer.from(articleRecord(page).json);
      articles[i] = { ...articles[i]!, key: sha256(bytes, "base64url"), at, bytes: bytes.length, body: null };
      at += bytes.length;
      return bytes;
    });
    await appendFile(path.join(cacheDir, store.log), Buffer.concat(buffers));
    await writeFileAtomically(index, JSON.stringify({ ...store, manifest, size: at, articles }));
  } catch {
    await rm(index, { force: true });
  }
}

/**
 * Notices for the articles of `archive` whose URL is not the one the stored build published them
 * at, when nothing serves that URL now (no alias, no other page): links to it would break.
 */
export function movedArticles(store: PageStore, archive: Pick<Archive, "articles" | "redirects">): Problem[] {
  const now = new Map(archive.articles.map((page) => [page.file, page]));
  const served = new Set([...archive.articles.map((page) => page.url), ...archive.redirects.map((redirect) => redirect.url)]);
  return store.articles.flatMap((before) => {
    const page = now.get(before.file);
    if (!page || page.url === before.url || served.has(before.url)) return [];
    const field = before.url.split("/").at(-2) === page.slug ? "date" : "slug";
    return [problem({
      file: page.file,
      line: 1,
      field,
      rule: "aliases/moved",
      message: `the article moved from ${before.url} to ${page.url}, so links to the old URL break; add aliases: [${before.url}] to keep it working.`,
      severity: "notice",
    })];
  });
}
