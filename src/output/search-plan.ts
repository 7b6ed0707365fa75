/**
 * Which bundles of the search index a build makes again: a bundle is kept while its key (the code,
 * the language, and each article's URL and search document) is the one its files have in the
 * manifest. The documents are made from the records (src/archive/search-document.ts).
 */
import type { Archive, ArticlePage } from "../archive/types.ts";
import { searchDocument } from "../archive/search-document.ts";
import { bodyOf } from "../content/article.ts";
import { getCodeVersion, loadBodies } from "../content/parse-cache.ts";
import { sha256 } from "../shared/hash.ts";
import type { Manifest, ManifestEntry } from "./manifest.ts";
import type { BundleJob } from "./search.ts";

/** A bundle of the search index as this build plans it; see `planBundles`. */
export interface BundlePlan {
  /** Its folder in the output: "pagefind/2013/". */
  dir: string;
  /** Its articles, newest first. */
  items: ArticlePage[];
  /** Code (Pagefind's version with it), language, and each article's URL and document. */
  key: string;
  /** The previous build's files of the bundle, when they can be kept as they are; else null. */
  reuse: [string, ManifestEntry][] | null;
}

// A bundle may be kept when every file the previous manifest lists in its folder has this build's
// key for it (the caller checks that they are on disk with the manifest's hashes).
export async function planBundles(archive: Pick<Archive, "site" | "searchBundles">, previous: Manifest | null): Promise<BundlePlan[]> {
  const code = await getCodeVersion();
  const byDir = new Map<string, [string, ManifestEntry][]>(); // "pagefind/2013/" → its files
  for (const [name, entry] of Object.entries(previous?.files ?? {})) {
    const dir = /^pagefind\/[^/]+\//.exec(name)?.[0];
    if (!dir) continue;
    const files = byDir.get(dir);
    if (files) files.push([name, entry]);
    else byDir.set(dir, [[name, entry]]);
  }
  return archive.searchBundles.map((bundle) => {
    const dir = bundle.url.slice(1);
    // A body is made from its file's bytes by this code: keyed by the file's hash, it need not be read.
    const key = sha256([code, archive.site.language, dir, ...bundle.items.flatMap((item) => [item.url, searchDocument(item, item.sourceHash)])], "base64url");
    const kept = byDir.get(dir) ?? [];
    return { dir, items: bundle.items, key, reuse: kept.length > 0 && kept.every(([, entry]) => entry.key === key) ? kept : null };
  });
}

// What Pagefind is given for `bundles`: each article's document with its body, made when the bundle's turn comes.
export function bundleJobs(bundles: readonly BundlePlan[], language: string): BundleJob[] {
  return bundles.map(({ items }) => ({
    size: items.length,
    input: async () => {
      await loadBodies(items, process.cwd());
      return { language, documents: items.map((item) => ({ url: item.url, html: searchDocument(item, bodyOf(item)) })) };
    },
  }));
}
