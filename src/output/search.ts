/**
 * The search index: Pagefind (https://pagefind.app) reads the built pages and writes its index
 * and UI to <site>/pagefind/. Only what article pages mark with data-pagefind-body (headline and
 * body) is indexed; tags, authors, sources and years are filters (see templates/article.njk).
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import * as pagefind from "pagefind";

/** Indexes the HTML pages in `siteDir`; returns how many pages the index holds (article pages). */
export async function writeSearchIndex(siteDir: string, language: string): Promise<number> {
  try {
    // One index in the site's language: Pagefind would otherwise split it by each page's lang,
    // and the search page, in the site's language, would not find articles in another.
    const { index, errors } = await pagefind.createIndex({ forceLanguage: language.split("-")[0]! });
    if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
    const added = await index.addDirectory({ path: siteDir });
    if (added.errors.length > 0) throw new Error(`Pagefind could not index ${siteDir}: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath: path.join(siteDir, "pagefind") });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join("; ")}`);
    // added.page_count counts every page read; the entry file counts the pages indexed.
    const entry = JSON.parse(await readFile(path.join(siteDir, "pagefind", "pagefind-entry.json"), "utf8")) as PagefindEntry;
    return Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0);
  } finally {
    await pagefind.close();
  }
}

// The part of pagefind/pagefind-entry.json read here.
interface PagefindEntry {
  languages: Record<string, { page_count: number }>;
}
