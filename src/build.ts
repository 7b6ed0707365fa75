/** One programmatic Eleventy build into a fresh folder, swapped in only when it succeeded. */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Eleventy from "@11ty/eleventy";
import { newsArchive } from "./eleventy/plugin.ts";
import { loadArchive } from "./load.ts";
import { formatProblem, type ContentProblem } from "./problems.ts";
import type { Archive } from "./archive.ts";

/** The project folder: templates, public files and the Eleventy config file live here. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** What to build from and to. */
export interface BuildOptions {
  /** Folder holding `articles/` and optionally `site.json`. */
  contentDir: string;
  /** Output folder; replaced as a whole when the build succeeds. */
  outDir: string;
  /** Include drafts and future-dated articles, marked. */
  includeDrafts: boolean;
  /** Overrides site.json's url and pathPrefix. */
  baseUrl?: string | undefined;
}

/** What a build did: the problems it found and, when it wrote a site, what it wrote. */
export interface BuildResult {
  /** Errors and notices, sorted by file and line. */
  problems: ContentProblem[];
  /** Null when content errors stopped the build (nothing was written). */
  written: { articles: number; files: number } | null;
}

/** "Now" for the build: SOURCE_DATE_EPOCH (seconds) when set, so the same content gives the same site. */
export function buildTime(env: NodeJS.ProcessEnv = process.env): number {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === "") return Date.now();
  if (!/^\d+$/.test(epoch)) throw new Error(`SOURCE_DATE_EPOCH=${JSON.stringify(epoch)} is not a whole number of seconds since 1970.`);
  return Number(epoch) * 1000;
}

/** Loads content; on content errors, returns them and leaves `outDir` exactly as it was. */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const { archive, problems } = await loadArchive({
    contentDir: options.contentDir,
    root: process.cwd(),
    now: buildTime(),
    includeDrafts: options.includeDrafts,
    baseUrl: options.baseUrl,
  });
  if (!archive) return { problems, written: null };

  const outDir = path.resolve(options.outDir);
  guardOutput(outDir, path.resolve(options.contentDir));
  const staging = `${outDir}.building-${randomBytes(4).toString("hex")}`;
  try {
    await mkdir(staging, { recursive: true });
    await runEleventy(archive, staging);
    await swapInto(staging, outDir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return { problems, written: { articles: archive.articles.length, files: await countFiles(outDir) } };
}

/** Loads an archive for Eleventy's own watch builds; content errors become one thrown error listing them all. */
export async function loadArchiveOrThrow(options: { contentDir: string; includeDrafts: boolean }): Promise<Archive> {
  const { archive, problems } = await loadArchive({ ...options, root: process.cwd(), now: buildTime() });
  if (archive) return archive;
  const errors = problems.filter((p) => p.severity === "error").map(formatProblem);
  throw new Error(`Content problems:\n${errors.join("\n")}`);
}

/** Eleventy constructor options shared by builds and the preview server. */
export function eleventyOptions(pathPrefix: string, plugin: Parameters<typeof newsArchive>[1], extra: object = {}) {
  return {
    configPath: path.join(PROJECT_ROOT, ".eleventy.ts"),
    quietMode: true,
    pathPrefix,
    // Runs before .eleventy.ts: this plugin registration, with these options, is the one that counts.
    config: (eleventyConfig: { addPlugin(plugin: unknown, options: unknown): void }) => {
      eleventyConfig.addPlugin(newsArchive, plugin);
    },
    ...extra,
  };
}

async function runEleventy(archive: Archive, outDir: string): Promise<void> {
  const templates = path.relative(process.cwd(), path.join(PROJECT_ROOT, "templates")) || ".";
  const eleventy = new Eleventy(
    templates,
    outDir,
    eleventyOptions(archive.site.pathPrefix, { archive, publicDir: path.join(PROJECT_ROOT, "public"), watch: [] }),
  );
  await eleventy.write();
}

// Two renames: the old output is moved aside, the new one moved in, the old one deleted.
// A reader of outDir sees the old site or the new one, each complete; never a mix.
async function swapInto(staging: string, outDir: string): Promise<void> {
  const old = `${outDir}.old-${randomBytes(4).toString("hex")}`;
  let hadOld = true;
  try {
    await rename(outDir, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    hadOld = false;
  }
  await rename(staging, outDir);
  if (hadOld) await rm(old, { recursive: true, force: true });
}

// The output folder is deleted and replaced; refuse folders that hold the project or its content.
function guardOutput(outDir: string, contentDir: string): void {
  for (const precious of [PROJECT_ROOT, contentDir, path.join(PROJECT_ROOT, "templates"), path.join(PROJECT_ROOT, "public"), process.cwd()]) {
    const inside = path.relative(outDir, precious);
    if (inside === "" || !inside.startsWith("..")) {
      throw new Error(`Refusing to build into ${outDir}: it holds ${precious}, which the build would delete. Choose another --out folder.`);
    }
  }
}

async function countFiles(dir: string): Promise<number> {
  let count = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    count += entry.isDirectory() ? await countFiles(path.join(dir, entry.name)) : 1;
  }
  return count;
}
