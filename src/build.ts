/** One programmatic Eleventy build into a fresh folder, swapped in only when it succeeded. */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { PROJECT_ROOT, PUBLIC_DIR, writeSite } from "./eleventy/run.ts";
import { loadArchive } from "./load.ts";
import { formatProblem, type ContentProblem } from "./problems.ts";
import type { Archive } from "./archive.ts";

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

/** A build the user asked for that cannot be done as asked (wrong folder, bad setting): a message, not a bug. */
export class BuildRefused extends Error {}

/** "Now" for the build: SOURCE_DATE_EPOCH (seconds) when set, so the same content gives the same site. */
export function buildTime(env: NodeJS.ProcessEnv = process.env): number {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === "") return Date.now();
  if (!/^\d+$/.test(epoch)) throw new BuildRefused(`SOURCE_DATE_EPOCH=${JSON.stringify(epoch)} is not a whole number of seconds since 1970.`);
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
    await writeSite(archive, staging);
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
  for (const precious of [PROJECT_ROOT, contentDir, path.join(PROJECT_ROOT, "templates"), PUBLIC_DIR, process.cwd()]) {
    const inside = path.relative(outDir, precious);
    if (inside === "" || !inside.startsWith("..")) {
      throw new BuildRefused(`Refusing to build into ${outDir}: it holds ${precious}, which the build would delete. Choose another --out folder.`);
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
