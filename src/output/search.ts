/**
 * The search index: Pagefind (https://pagefind.app) indexes the article pages of each bundle
 * (src/archive/search-bundles.ts), given their HTML through its Node API, and makes the bundle's
 * files in memory (a build writes only those that changed). Only what article pages mark with
 * data-pagefind-body (headline and body) is indexed; tags, authors, sources and years are filters
 * (see templates/article.njk).
 */
import * as pagefind from "pagefind";

/** A file of a bundle: its path inside the bundle's folder and its bytes. */
export interface IndexFile {
  path: string;
  content: Uint8Array;
}

/** An article page to index: its site-relative URL ("/2013/04/06/x/") and its HTML. */
export interface IndexPage {
  url: string;
  html: string;
}

/**
 * Makes one bundle per entry of `bundles` (each loads its pages when its turn comes, so memory
 * holds one bundle at a time); returns each bundle's files and how many pages it indexed.
 */
export async function makeSearchBundles(bundles: readonly (() => Promise<IndexPage[]>)[], language: string): Promise<{ files: IndexFile[]; pages: number }[]> {
  const made: { files: IndexFile[]; pages: number }[] = [];
  try {
    for (const pagesOf of bundles) {
      // One index in the site's language: Pagefind would otherwise split it by each page's lang,
      // and the search page, in the site's language, would not find articles in another.
      const { index, errors } = await pagefind.createIndex({ forceLanguage: language.split("-")[0]! });
      if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
      const added = await Promise.all((await pagesOf()).map((page) => index.addHTMLFile({ url: page.url, content: page.html })));
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
      made.push({ files, pages: Object.values(entry.languages).reduce((sum, language) => sum + language.page_count, 0) });
    }
    return made;
  } finally {
    await pagefind.close();
  }
}

// The part of pagefind-entry.json read here.
interface PagefindEntry {
  languages: Record<string, { page_count: number }>;
}
