/**
 * The search index: Pagefind (https://pagefind.app) reads the built pages and makes its index
 * and UI, the files of <site>/pagefind/, in memory (a build writes only those that changed).
 * Only what article pages mark with data-pagefind-body (headline and body) is indexed; tags,
 * authors, sources and years are filters (see templates/article.njk).
 */
import * as pagefind from "pagefind";

/** A file of the index: its path inside the site ("pagefind/…") and its bytes. */
export interface IndexFile {
  path: string;
  content: Uint8Array;
}

/** Indexes the HTML pages in `siteDir`; returns the index's files and how many pages it holds (article pages). */
export async function makeSearchIndex(siteDir: string, language: string): Promise<{ files: IndexFile[]; pages: number }> {
  try {
    // One index in the site's language: Pagefind would otherwise split it by each page's lang,
    // and the search page, in the site's language, would not find articles in another.
    const { index, errors } = await pagefind.createIndex({ forceLanguage: language.split("-")[0]! });
    if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
    const added = await index.addDirectory({ path: siteDir });
    if (added.errors.length > 0) throw new Error(`Pagefind could not index ${siteDir}: ${added.errors.join("; ")}`);
    const made = await index.getFiles();
    if (made.errors.length > 0) throw new Error(`Pagefind could not make its index: ${made.errors.join("; ")}`);
    const files = made.files.map((file) => ({ path: `pagefind/${file.path.replaceAll("\\", "/")}`, content: file.content }));
    // added.page_count counts every page read; the entry file counts the pages indexed.
    const entryFile = files.find((file) => file.path === "pagefind/pagefind-entry.json");
    if (!entryFile) throw new Error("Pagefind made no pagefind-entry.json");
    const entry = JSON.parse(new TextDecoder().decode(entryFile.content)) as PagefindEntry;
    return { files, pages: Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0) };
  } finally {
    await pagefind.close();
  }
}

// The part of pagefind/pagefind-entry.json read here.
interface PagefindEntry {
  languages: Record<string, { page_count: number }>;
}
