/**
 * Photos on disk: each photo an article shows (its lead `image`, and those in its body) is found
 * and identified by its SHA-256, or reported at the line that names it. An index in the cache
 * folder (`images.json`) keeps each file's hash by its stat signature, so an unchanged photo is
 * not read again. The content stage's edge, beside load.ts: the processing itself is the
 * build's (src/output/images.ts).
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomically } from "../shared/atomic-write.ts";
import { sha256 } from "../shared/hash.ts";
import { recordable, signatureOf } from "../shared/file-signature.ts";
import { inPool } from "../shared/concurrency.ts";
import { problem, show, type Problem } from "../shared/problems.ts";
import type { Article, Photo } from "./article.ts";

type Index = Record<string, { signature: string; sha256: string }>;

/**
 * Finds every photo of `articles` (its lead photo and those its body shows; paths relative to
 * `root`), replacing each article that has one with a copy whose photos say what each file is
 * (`found`). Returns the problems: photos that are not there, or not regular files.
 */
export async function findImages(articles: Article[], options: { root: string; cacheDir: string | null }): Promise<Problem[]> {
  const withImages = articles.map((article, i) => [article, i] as const).filter(([article]) => article.image !== null || article.bodyImages.length > 0);
  if (withImages.length === 0) return [];
  const indexFile = options.cacheDir ? path.join(options.cacheDir, "images.json") : null;
  const index: Index = indexFile ? ((await readFile(indexFile, "utf8").then(JSON.parse, () => ({}))) as Index) : {};
  const next: Index = {};
  const problems: Problem[] = [];
  const observedAt = Date.now();
  // The photo's file identified, or null (and a problem) when it is not there.
  const find = async <T extends Photo>(article: Article, photo: T, field: string): Promise<T | null> => {
    const file = path.resolve(options.root, photo.file);
    const stats = await stat(file, { bigint: true }).catch(() => null);
    if (!stats?.isFile()) {
      problems.push(problem({ file: article.file, line: photo.line, field, rule: "image/missing", message: `${show(photo.src)} is not found beside the article (${photo.file}); put the photo there, or correct its name.` }));
      return null;
    }
    const signature = signatureOf(stats);
    const known = index[file];
    const hash = known && known.signature === signature ? known.sha256 : sha256(await readFile(file));
    const kept = recordable(signature, observedAt);
    if (kept) next[file] = { signature: kept, sha256: hash };
    return { ...photo, found: { sha256: hash } };
  };
  await inPool(withImages, async ([article, i]) => {
    const image = article.image && (await find(article, article.image, "image.src"));
    const bodyImages = await Promise.all(article.bodyImages.map((photo) => find(article, photo, "body")));
    articles[i] = Object.assign({}, article, { image: image ?? article.image, bodyImages: bodyImages.map((photo, j) => photo ?? article.bodyImages[j]!) });
  });
  if (indexFile && JSON.stringify(next) !== JSON.stringify(index)) await writeFileAtomically(indexFile, JSON.stringify(next)).catch(() => {}); // only costs reading next time
  return problems;
}
