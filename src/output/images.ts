/**
 * Photos (lead and in bodies) made into responsive images with @11ty/eleventy-img: each in AVIF,
 * WebP and JPEG at IMAGE_WIDTHS, named by a hash of the photo's bytes and of these settings, in
 * the cache folder's images/ with a note of what was made (`<name>.json`, written last), so a
 * photo is processed once, whichever build or preview needs it. The output gets them under img/;
 * each article page gets its <picture> (width and height set) and its largest JPEG.
 * (eleventy-img's own disk cache is not relied on: in one process, such as the preview, it
 * remembers that a file did not exist and makes it again.)
 */
import { access, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sha256 } from "../shared/hash.ts";
import { EXIT, UserError } from "../shared/errors.ts";
import { formatProblem, problem, summarizeErrors } from "../shared/problems.ts";
import { writeFileAtomically } from "../shared/atomic-write.ts";
import { inPool } from "../shared/concurrency.ts";
import { escapeAttribute } from "entities";
import type { Archive, ArticlePage } from "../archive/types.ts";
import type { Photo } from "../content/article.ts";

/**
 * The widths made of each photo, in pixels. A narrower photo is made at those below its width, and
 * at its own width when that is more than 1.25 times the last (eleventy-img's rule): 1,200 pixels
 * gives 480 and 960; 1,300 gives 480, 960 and 1,300.
 */
export const IMAGE_WIDTHS = [480, 960, 1600];
const FORMATS = ["avif", "webp", "jpeg"];
// sharp's AVIF encoder at its default effort (4) took 1.98 s for the three widths of a 1,600-pixel
// photo; at 2, 0.31 s, with files no larger (one photo of the bench corpus, twice each, nothing else
// running: BENCHMARKS.md; JPEG 0.05 s, WebP 0.28 s).
const AVIF = { effort: 2 };
/** How wide the lead photo is shown (public/css/site.css: the article's measure), for the browser's pick. */
const SIZES = "(min-width: 48rem) 44rem, 100vw";
// Part of every file name: new settings make new files, never reuse old ones.
const SETTINGS = JSON.stringify({ widths: IMAGE_WIDTHS, formats: FORMATS, avif: AVIF, version: 1 });

/** The made images: output name ("img/…") → the file in the cache (or scratch) folder; call `done` once they are copied. */
export interface MadeImages {
  files: Map<string, string>;
  done: () => Promise<void>;
}

/**
 * Makes the images of every photo found (content/images.ts) on the article pages of `archive`,
 * and sets each one's `picture` and `largest`. A photo already made (its files and their description,
 * `<name>.json`, in the folder) is not opened again; one the processor cannot read is a content
 * problem (exit 1, nothing written).
 */
export async function makeImages(archive: Pick<Archive, "site" | "articles">, root: string, cacheDir: string | null): Promise<MadeImages> {
  const files = new Map<string, string>();
  const pages = archive.articles.filter((page) => page.image?.found || page.bodyImages.some((photo) => photo.found));
  if (pages.length === 0) return { files, done: async () => {} };
  const scratch = cacheDir ? null : await mkdtemp(path.join(tmpdir(), "news-archive-images-"));
  const outputDir = scratch ?? path.join(cacheDir!, "images");
  let processor: typeof import("@11ty/eleventy-img").default | undefined; // loaded (with sharp) only for a photo not made yet
  const make = async (page: ArticlePage, photo: Photo, field: string, lead: boolean): Promise<void> => {
    const name = sha256([photo.found!.sha256, SETTINGS], "hex").slice(0, 20);
    const described = path.join(outputDir, `${name}.json`);
    let variants = await readFile(described, "utf8").then((text) => JSON.parse(text) as Variant[], () => null);
    if (!variants || !(await Promise.all(variants.map((variant) => access(path.join(outputDir, variant.filename)).then(() => true, () => false)))).every(Boolean)) {
      processor ??= (await import("@11ty/eleventy-img")).default;
      try {
        const metadata = await processor(path.resolve(root, photo.file), {
          widths: IMAGE_WIDTHS,
          formats: FORMATS,
          outputDir,
          urlPath: "/img/",
          filenameFormat: (_id: string, _src: string, width: number, format: string) => `${name}-${width}.${format}`,
          sharpAvifOptions: AVIF,
        });
        variants = FORMATS.flatMap((format) => (metadata[format] ?? []).map(({ format: kind, width, height, filename }) => ({ format: kind, width, height, filename })));
      } catch (error) {
        const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
        const found = problem({ file: page.file, line: photo.line, field, rule: "image/unreadable", message: `${photo.file} could not be read as a photo (${reason}); save it again as JPEG, PNG or WebP.` });
        throw new UserError({ message: formatProblem(found), hint: summarizeErrors([found]), exitCode: EXIT.problems });
      }
      await writeFileAtomically(described, JSON.stringify(variants));
    }
    for (const variant of variants) files.set(`img/${variant.filename}`, path.join(outputDir, variant.filename));
    photo.picture = picture(variants, photo.alt, archive.site.pathPrefix, lead);
    const largest = variants.filter((variant) => variant.format === "jpeg").at(-1)!;
    photo.largest = { url: `/img/${largest.filename}`, width: largest.width, height: largest.height };
  };
  // Two at a time: sharp's encoders leave a core idle for part of each photo.
  const photos = pages.flatMap((page) => [
    ...(page.image?.found ? [{ page, photo: page.image as Photo, field: "image.src", lead: true }] : []),
    ...page.bodyImages.filter((photo) => photo.found).map((photo) => ({ page, photo, field: "body", lead: false })),
  ]);
  await inPool(photos, ({ page, photo, field, lead }) => make(page, photo, field, lead), 2);
  return { files, done: async () => (scratch ? rm(scratch, { recursive: true, force: true }) : undefined) };
}

/** One made file of a photo. */
interface Variant {
  format: string;
  width: number;
  height: number;
  filename: string;
}

// The <picture> eleventy-img's generateHTML gives: a <source> per modern format, the JPEG as the
// <img> with the widest one's size (so the browser reserves its space), every value escaped. The
// lead photo is fetched first; a photo in the body only when the reader nears it.
function picture(variants: readonly Variant[], alt: string, prefix: string, lead: boolean): string {
  const srcset = (format: string) => variants.filter((variant) => variant.format === format).map((variant) => `${prefix}img/${variant.filename} ${variant.width}w`).join(", ");
  const jpeg = variants.filter((variant) => variant.format === "jpeg");
  const sources = FORMATS.filter((format) => format !== "jpeg").map((format) => `<source type="image/${format}" srcset="${srcset(format)}" sizes="${SIZES}">`);
  const widest = jpeg.at(-1)!;
  return `<picture>${sources.join("")}<img src="${prefix}img/${jpeg[0]!.filename}" alt="${escapeAttribute(alt)}" ${lead ? 'loading="eager" decoding="async" fetchpriority="high"' : 'loading="lazy" decoding="async"'} width="${widest.width}" height="${widest.height}" srcset="${srcset("jpeg")}" sizes="${SIZES}"></picture>`;
}
