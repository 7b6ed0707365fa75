/**
 * A patch build: after edits that move nothing, only the edited articles' pages, the feeds that
 * hold them and their search bundles are made again, from the page store (`page-store.ts`),
 * without loading the archive. An edit moves nothing when the edited article keeps its card
 * (`cardOf` in archive.ts: its place in every list, and what lists print of it), and it parses
 * without a problem, as it did before. Then every other page is, byte for byte, what a full build
 * would make, and it stays as it is.
 *
 * Anything else (an article added, removed, retitled, re-dated or re-tagged; another input
 * changed; a store or output not as the last build left them) and the build runs in full.
 */
import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import type { Archive, ArticlePage, RenderSet } from "../archive/types.ts";
import type { ParsedArticle } from "../content/article.ts";
import { displayPath } from "../shared/files.ts";
import { sha256 } from "../shared/hash.ts";
import { inPool } from "../shared/concurrency.ts";
import { plural } from "../shared/problems.ts";
import type { Progress } from "../shared/progress.ts";
import { writeFileAtomically } from "../shared/atomic-write.ts";
import { forgetBuildState, recordPatchedState, manifestHash, type BuildInputs, type BuildResult, type LastBuild } from "./build-state.ts";
import { loadBodies } from "../content/parse-cache.ts";
import { killPoint } from "./kill-point.ts";
import { isIncomplete, markIncomplete, writeManifest, type ManifestEntry } from "./manifest.ts";
import { removeEmptyFolders, scanOutput, statRecordPath, writeStatRecord } from "./output-files.ts";
import { patchPageStore, readPages, recentArticles, type PageStore } from "./page-store.ts";
import { makeImages } from "./images.ts";
import { findImages } from "../content/images.ts";
import { makeSearchBundles } from "./search.ts";
import { bundleJobs, planBundles } from "./search-plan.ts";
import { computeBuildKeys } from "../render/build-keys.ts";
import { articleRecord, feedRecordKey, outputPathOf, pageKey, wholeKey } from "../render/render-plan.ts";
import { citationInput } from "../archive/citation.ts";
import { prepareCitations } from "../render/citation-styles.ts";

/** Most edited articles a patch build takes: with more, a full build costs about as much. */
const MOST_EDITED = 50;

/** What a patch build is given: the build's own settings. */
export interface PatchOptions {
  contentDir: string;
  outDir: string;
  cacheDir: string;
  inputs: BuildInputs;
  now: number;
  search: "write" | "skip";
  progress: Progress;
}

/** Patches the output when the edits since the last build move nothing (see the module comment); null when a full build is needed. Nothing is written then. */
export async function patchBuild(options: PatchOptions, last: LastBuild, store: PageStore | null): Promise<BuildResult | null> {
  const { contentDir, outDir, cacheDir, progress } = options;
  if (last.changed.length === 0 || last.changed.length > MOST_EDITED || (await isIncomplete(outDir))) return null;
  if (!last.changed.every((name) => name.endsWith(".md"))) return null; // a photo, or a text dump: the full build sees to it
  if (!store || store.inputs !== last.state.key || store.manifest !== last.state.manifest) return null;
  const shown = last.changed.map((name) => displayPath(path.join(contentDir, name)));
  if (last.state.problems.some((problem) => shown.includes(problem.file))) return null;

  // Each edited article must parse, as before without a problem, into a record of the same card.
  const checking = progress.start("Reading edited articles", last.changed.length);
  const { parseArticle } = await import("../content/front-matter.ts");
  const { cardOf, patchPage } = await import("../archive/archive.ts");
  const indexOf = new Map(store.articles.map((entry, i) => [entry.file, i]));
  const records = new Map<number, ParsedArticle>(); // by index in the store
  for (const [i, name] of last.changed.entries()) {
    const bytes = await readFile(path.join(contentDir, name)).catch(() => null);
    const parsed = bytes && parseArticle({ file: shown[i]!, bytes, now: options.now });
    const at = parsed && !Array.isArray(parsed) ? indexOf.get(parsed.file) : undefined;
    if (at === undefined || store.articles[at]!.card !== cardOf(parsed as ParsedArticle)) return null;
    records.set(at, parsed as ParsedArticle);
  }
  // Their photos must be there (content/images.ts finds them), as the full build would find them.
  const edited = [...records];
  const found = edited.map(([, article]) => article);
  if ((await findImages(found, { root: process.cwd(), cacheDir })).length > 0) return null;
  for (const [j, [i]] of edited.entries()) records.set(i, found[j] as ParsedArticle);

  const { manifest } = last;
  const listed = Object.entries(manifest.files); // once: 25,000 entries with the search index
  // The pages to render, and what the pages that are not paginated print, from the store.
  const holds = (list: { items: number[] }): boolean => list.items.some((i) => records.has(i));
  const feeds = store.feeds.filter(holds);
  const bundles = options.search === "write" ? store.bundles.filter(holds) : [];
  const siteFeed = store.feeds.slice(0, 1);
  const recent = recentArticles(store);
  const pages = readPages(cacheDir, store, [...records.keys(), ...recent, ...[...siteFeed, ...feeds, ...bundles].flatMap((list) => list.items)]);
  if (!pages) return null;
  for (const [i, article] of records) patchPage(pages.get(i)!, article);
  // Their photos' pictures; each photo made already, and its files in the output under the same
  // names (a new photo's files are written by the full build).
  const photos = await makeImages({ site: store.whole.site, articles: [...records.keys()].map((i) => pages.get(i)!) }, process.cwd(), cacheDir);
  await photos.done();
  if ([...photos.files.keys()].some((name) => !Object.hasOwn(last.manifest.files, name))) return null;
  checking.end(`Read ${plural(records.size, "edited article")}`);
  const resolve = <List extends { items: number[] }>(list: List): Omit<List, "items"> & { items: ArticlePage[] } => ({ ...list, items: list.items.map((i) => pages.get(i)!) });
  const archive: Archive = {
    ...store.whole,
    articles: recent.map((i) => pages.get(i)!),
    feeds: siteFeed.map(resolve),
    searchBundles: store.bundles.map((bundle) => (bundles.includes(bundle) ? resolve(bundle) : { ...bundle, items: [] })),
    homePages: [],
    tagPages: [],
    authorPages: [],
    sourcePages: [],
    periodPages: [],
    sitemaps: [],
    redirects: [], // aliases and titles are part of an article's place: a patch build keeps them
    redirectMaps: [],
  };

  const indexStarted = performance.now();
  const plans = (await planBundles({ site: archive.site, searchBundles: archive.searchBundles.filter((bundle) => bundle.items.length > 0) }, manifest)).filter((plan) => !plan.reuse);
  const indexing = makeSearchBundles(bundleJobs(plans, archive.site.language));
  indexing.catch(() => {}); // awaited once the pages are rendered, unless rendering fails first
  const giveUp = async (): Promise<null> => {
    await indexing.catch(() => {}); // one Pagefind service at a time: the full build starts its own
    return null;
  };

  // The output must be as the last build left it; a full build repairs anything else.
  const record = statRecordPath(cacheDir, outDir);
  const scan = await scanOutput(outDir, manifest, record, true);
  if (listed.some(([name, entry]) => scan.hashes.get(name) !== entry.sha256)) return giveUp();

  const rendering = progress.start("Rendering pages");
  const render: RenderSet = { articles: [...records.keys()].map((i) => pages.get(i)!), homePages: [], tagPages: [], authorPages: [], sourcePages: [], periodPages: [], feeds: feeds.map(resolve), sitemaps: [], redirects: [], redirectMaps: [] };
  await loadBodies([...render.articles, ...render.feeds.flatMap((feed) => feed.items), ...archive.feeds.flatMap((feed) => feed.items)], process.cwd());
  await prepareCitations(render.articles.map((page) => citationInput(page, archive.site)), cacheDir);
  const { renderSite } = await import("../render/run-eleventy.ts");
  const rendered = await renderSite(archive, render, outDir);
  rendering.end(`Rendered ${plural(rendered.length, "page")} (the other ${plural(listed.length - rendered.length, "file")} unchanged)`);

  // The new files: each rendered page with its key; a search bundle made again has its files
  // under its key, and loses files it no longer has. Only files with new bytes are written.
  const files = new Map<string, ManifestEntry>(listed);
  const writes = new Map<string, Uint8Array>();
  const change = (name: string, bytes: Uint8Array, key: string): void => {
    const hash = sha256(bytes);
    if (files.get(name)?.sha256 !== hash) writes.set(name, bytes);
    files.set(name, { sha256: hash, size: bytes.length, key });
  };
  // The keys a full build would give: new ones for the edited articles' pages and the feeds that
  // hold them, and so for the pages that are not paginated (`wholeKey`); every other page keeps its own.
  const recordKeys = new Map([...pages].map(([i, page]) => [page, records.has(i) ? articleRecord(page).key : store.articles[i]!.key]));
  const keys = await patchedKeys(archive, render, rendered.map((page) => page.path), files, recordKeys);
  if (!keys || rendered.some((page) => !keys.has(page.path))) return giveUp(); // a page the last build did not have, or keys it did not give
  for (const page of rendered) change(page.path, Buffer.from(page.content), keys.get(page.path)!);
  const waiting = options.search === "write" ? progress.start("Indexing for search") : null;
  const made = await indexing;
  const removed: string[] = [];
  for (const [i, bundle] of made.entries()) {
    const { dir, key } = plans[i]!;
    const fresh = new Set(bundle.files.map((file) => `${dir}${file.path}`));
    for (const file of bundle.files) change(`${dir}${file.path}`, file.content, key);
    for (const name of files.keys()) {
      if (name.startsWith(dir) && !fresh.has(name)) removed.push(name);
    }
  }
  for (const name of removed) files.delete(name);
  const indexed = made.reduce((sum, bundle) => sum + bundle.pages, 0);
  waiting?.end(plans.length === 0 ? "Search index unchanged" : `Indexed ${plural(indexed, "page")} for search (${plans.length} of ${plural(store.bundles.length, "bundle")}; the others unchanged)`);

  // Written as a full build writes: the folder marked incomplete until its manifest says what it holds.
  const writing = progress.start("Writing pages", writes.size);
  await forgetBuildState(cacheDir, contentDir, outDir);
  await markIncomplete(outDir, true);
  killPoint("patch:writing");
  await inPool([...writes], async ([name, bytes]) => {
    await mkdir(path.dirname(path.join(outDir, name)), { recursive: true });
    await writeFileAtomically(path.join(outDir, name), bytes);
  });
  await inPool(removed, (name) => rm(path.join(outDir, name), { force: true }));
  await removeEmptyFolders(outDir, removed);
  await writeManifest(outDir, files, manifest.site);
  await writeStatRecord(record, outDir, new Map([...files].map(([name, entry]) => [name, entry.sha256])), scan, new Set(writes.keys()));
  await markIncomplete(outDir, false);
  writing.end(`Wrote ${plural(writes.size, "changed file")}`);
  const hash = await manifestHash(outDir);
  if (hash) {
    await recordPatchedState(cacheDir, contentDir, outDir, last.state, options.inputs, hash);
    await patchPageStore(cacheDir, contentDir, outDir, store, new Map([...records.keys()].map((i) => [i, pages.get(i)!])), hash);
  }
  return {
    problems: last.state.problems,
    written: {
      articles: last.state.articles,
      pages: last.state.pages,
      rendered: rendered.length,
      changes: {
        added: [...writes.keys()].filter((name) => !Object.hasOwn(manifest.files, name)).sort(),
        changed: [...writes.keys()].filter((name) => Object.hasOwn(manifest.files, name)).sort(),
        removed: removed.sort(),
      },
      search: plans.length === 0 ? null : { pages: indexed, ms: performance.now() - indexStarted },
      upToDate: false,
      patched: true,
    },
  };
}

/**
 * The manifest keys of the pages a patch build renders (`rendered`, paths): each edited article's
 * page and each feed in `render` (from `recordKeys`, every article's record key in them), and the
 * pages that are not paginated. Null when the manifest does not give those last pages the one
 * key a full build gives them all.
 */
async function patchedKeys(archive: Archive, render: RenderSet, rendered: readonly string[], files: ReadonlyMap<string, ManifestEntry>, recordKeys: ReadonlyMap<ArticlePage, string>): Promise<Map<string, string> | null> {
  const { all, kinds } = await computeBuildKeys(archive);
  const keys = new Map<string, string>();
  for (const page of render.articles) keys.set(outputPathOf(page.url), pageKey(kinds.articles, recordKeys.get(page)!));
  for (const feed of render.feeds) keys.set(outputPathOf(feed.url), pageKey(kinds.feeds, feedRecordKey(feed, feed.items.map((item) => recordKeys.get(item)!))));
  const unpaginated = rendered.filter((name) => !keys.has(name));
  const before = new Set(unpaginated.map((name) => files.get(name)?.key));
  if (before.size !== 1 || before.has(undefined)) return null;
  // Every paginated page's key: the manifest's (those of the search index and the pages that are not paginated aside), with the new ones.
  const paginated: [string, string][] = [];
  for (const [name, entry] of files) {
    if (entry.key !== undefined && !before.has(entry.key) && !name.startsWith("pagefind/")) paginated.push([name, keys.get(name) ?? entry.key]);
  }
  const whole = wholeKey(all, paginated);
  for (const name of unpaginated) keys.set(name, whole);
  return keys;
}
