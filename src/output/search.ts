/**
 * The search index: Pagefind (https://pagefind.app) indexes the articles of each bundle
 * (src/archive/search-bundles.ts), given as documents made from their records
 * (src/archive/search-document.ts) through its Node API, and makes the bundle's files in memory
 * (a build writes only those that changed).
 */
import { availableParallelism } from "node:os";
import * as pagefind from "pagefind";
import { startWorker } from "../shared/workers.ts";

/** A file of a bundle: its path inside the bundle's folder and its bytes. */
export interface IndexFile {
  path: string;
  content: Uint8Array;
}

/** A bundle to make: its articles' documents, each with the site-relative URL of its page ("/2013/04/06/x/"), in order; and the site's language. */
export interface BundleInput {
  documents: { url: string; html: string }[];
  language: string;
}

/** A bundle made: its files, and how many pages it indexed. */
export interface BundleOutput {
  files: IndexFile[];
  pages: number;
}

// Documents to index per worker thread at least: a thread and its Pagefind process take about 0.5 s
// to start, which a few hundred documents do not repay.
const PAGES_PER_THREAD = 1000;

/** A bundle to make: how many documents it has, and its input, made when its turn comes. */
export interface BundleJob {
  size: number;
  input: () => Promise<BundleInput>;
}

/**
 * Makes one bundle per job, results in order. Bundles are independent, so they are made on several
 * worker threads at once (`jobs`, else one per PAGES_PER_THREAD documents up to the cores), each
 * with its own Pagefind process. A bundle's input is made when a thread is free for it, and a
 * thread makes one bundle at a time, so memory holds a bundle per thread, however big the archive.
 */
export async function makeSearchBundles(bundles: readonly BundleJob[], jobs?: number): Promise<BundleOutput[]> {
  // `jobs` is obeyed as given; by default, a thread per PAGES_PER_THREAD documents, up to the cores.
  const pages = bundles.reduce((sum, bundle) => sum + bundle.size, 0);
  const threads = Math.min(jobs ?? Math.min(availableParallelism(), Math.floor(pages / PAGES_PER_THREAD)), bundles.length);
  const made: BundleOutput[] = [];
  let next = 0;
  const lane = async (index: (input: BundleInput) => Promise<BundleOutput>): Promise<void> => {
    for (let i = next++; i < bundles.length; i = next++) made[i] = await index(await bundles[i]!.input());
  };
  if (threads <= 1) {
    try {
      await lane(indexBundle);
    } finally {
      await closeIndexer();
    }
    return made;
  }
  await Promise.all(
    Array.from({ length: threads }, async () => {
      const worker = startWorker<BundleInput, BundleOutput>("src/output/search-worker.ts");
      try {
        await lane((input) => worker.call(input));
      } finally {
        await worker.close();
      }
    }),
  );
  return made;
}

/** Makes one bundle with this thread's Pagefind process (started when first needed). */
export async function indexBundle({ documents, language }: BundleInput): Promise<BundleOutput> {
  // One index in the site's language: Pagefind would otherwise split it by each page's lang,
  // and the search page, in the site's language, would not find articles in another.
  const { index, errors } = await pagefind.createIndex({ forceLanguage: language.split("-")[0]! });
  if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
  // Sent in order: the index's bytes depend on the order documents are added in.
  const added = await Promise.all(documents.map(({ url, html }) => index.addHTMLFile({ url, content: html })));
  const failed = added.flatMap((result) => result.errors);
  if (failed.length > 0) throw new Error(`Pagefind could not index a page: ${failed.join("; ")}`);
  const result = await index.getFiles();
  if (result.errors.length > 0) throw new Error(`Pagefind could not make its index: ${result.errors.join("; ")}`);
  await index.deleteIndex(); // its memory in Pagefind's process, before the next bundle
  const files = result.files.map((file) => ({ path: file.path.replaceAll("\\", "/"), content: file.content }));
  // The entry file counts the pages indexed (those with data-pagefind-body).
  const entryFile = files.find((file) => file.path === "pagefind-entry.json");
  if (!entryFile) throw new Error("Pagefind made no pagefind-entry.json");
  const entry = JSON.parse(new TextDecoder().decode(entryFile.content)) as PagefindEntry;
  return { files, pages: Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0) };
}

/** Ends this thread's Pagefind process, if it started one. */
export async function closeIndexer(): Promise<void> {
  await pagefind.close();
}

// The part of pagefind-entry.json read here.
interface PagefindEntry {
  languages: Record<string, { page_count: number }>;
}
