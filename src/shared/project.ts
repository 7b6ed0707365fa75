/** Where the project's own folders are: templates, public files and the Eleventy config file live here. */
import path from "node:path";
import { fileURLToPath } from "node:url";

// Set by src/launch.mjs when it compiles the commands into one bundle (esbuild's `define`); undefined when run from source by tsx.
declare const NEWS_ARCHIVE_BUNDLED_FROM: string | undefined;

/** True when this code runs from the bundle src/launch.mjs compiled, not from the .ts sources. */
export const BUNDLED = typeof NEWS_ARCHIVE_BUNDLED_FROM === "string";

/** The project folder (the one holding package.json). */
export const PROJECT_ROOT = BUNDLED ? NEWS_ARCHIVE_BUNDLED_FROM! : path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Templates and their includes. */
export const TEMPLATES_DIR = path.join(PROJECT_ROOT, "templates");

/** Static files copied as they are to the output root. */
export const PUBLIC_DIR = path.join(PROJECT_ROOT, "public");

/** The cache folder: NEWS_ARCHIVE_CACHE_DIR, else node_modules/.cache/news-archive as other tools keep theirs. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.NEWS_ARCHIVE_CACHE_DIR || path.join(PROJECT_ROOT, "node_modules/.cache/news-archive");
}
