/**
 * The manifest of a built site: every file with its SHA-256 and size, and for each page the key
 * of what it was rendered from, kept in the output as `.manifest.json`. Two builds of the same
 * content have the same manifest. A build reuses a page only when its key is the same and the file
 * on disk still has the manifest's hash; a deploy uses it to see what changed and to prove a
 * folder is a complete build. While a build writes into a folder, `.build-incomplete` says so.
 */
import { statSync } from "node:fs";
import { access, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { UserError } from "../shared/errors.ts";
import { writeFileAtomically } from "../shared/atomic-write.ts";
import { splitBaseUrl } from "../content/site.ts";

/** The manifest's own file name inside the output. */
export const MANIFEST_FILE = ".manifest.json";

/** Present while a build writes into the folder, and after a build was stopped before it finished. */
export const INCOMPLETE_FILE = ".build-incomplete";

/** Where the built site is served from, so `check` and `deploy` need not be told again. */
export interface ManifestSite {
  /** Origin, "https://archive.example.org". */
  url: string;
  /** "/" or "/archive/". */
  pathPrefix: string;
}

/** One file of a build: its content hash and size, and for a page the key it was rendered from. */
export interface ManifestEntry {
  sha256: string;
  size: number;
  /** The page's key (see `render/render-plan.ts`); absent for pages rendered every build and other files. */
  key?: string;
}

/** The site it was built for, and path (relative, "/"-separated) → its entry. */
export interface Manifest {
  site: ManifestSite;
  files: Record<string, ManifestEntry>;
}

/** What changed between two manifests, as path lists. */
export interface ManifestDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

/** Writes `dir`'s manifest whole (a temporary file renamed into place), files in path order. */
export async function writeManifest(dir: string, files: ReadonlyMap<string, ManifestEntry>, site: ManifestSite): Promise<Manifest> {
  const sorted = [...files.keys()].sort();
  const manifest: Manifest = { site: { url: site.url, pathPrefix: site.pathPrefix }, files: Object.fromEntries(sorted.map((name) => [name, files.get(name)!])) };
  await writeFileAtomically(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

/** The manifest of a finished build, or null when the folder has none (or an unreadable one) or its build did not finish. */
export async function readManifest(dir: string): Promise<Manifest | null> {
  return (await isIncomplete(dir)) ? null : readLastManifest(dir);
}

/** The manifest the folder holds, even when a build into it was stopped since: what a build repairs from. */
export async function readLastManifest(dir: string): Promise<Manifest | null> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), "utf8")) as Partial<Manifest>;
    const { site, files } = manifest;
    const valid = typeof files === "object" && files !== null && typeof site?.url === "string" && typeof site.pathPrefix === "string";
    return valid ? (manifest as Manifest) : null;
  } catch {
    return null;
  }
}

/** True when a build is writing into `dir`, or was stopped while it did. */
export function isIncomplete(dir: string): Promise<boolean> {
  return access(path.join(dir, INCOMPLETE_FILE)).then(() => true, () => false);
}

/** Marks `dir` as being written (`incomplete` true) or finished. */
export async function markIncomplete(dir: string, incomplete: boolean): Promise<void> {
  if (incomplete) await writeFile(path.join(dir, INCOMPLETE_FILE), "A build is writing this folder, or was stopped while it did; the next build repairs it.\n");
  else await rm(path.join(dir, INCOMPLETE_FILE), { force: true });
}

/**
 * The address a built folder is served from, for checking it: its manifest's, or `baseUrl`'s when
 * given. A folder without a manifest is refused: it is not a build (or not a finished one).
 */
export async function readBuiltSite(dir: string, baseUrl?: string): Promise<{ siteUrl: string; pathPrefix: string }> {
  if (await isIncomplete(dir)) {
    throw new UserError({ message: `${dir} is not a finished build: a build into it was stopped before it finished.`, hint: "Run npm run build again; it repairs the folder." });
  }
  const manifest = await readManifest(dir);
  if (!manifest) {
    throw new UserError({ message: `${dir} is not a built site: it has no ${MANIFEST_FILE} (or a broken one).`, hint: "Run npm run build first, or give the build's folder with --out DIR." });
  }
  return servedAt(manifest, baseUrl);
}

/** The address a build with `manifest` is served from: the manifest's, or `baseUrl`'s when given. */
export function servedAt(manifest: Manifest, baseUrl?: string): { siteUrl: string; pathPrefix: string } {
  const site = baseUrl === undefined ? manifest.site : splitBaseUrl(baseUrl);
  return { siteUrl: site.url, pathPrefix: site.pathPrefix };
}

/** Paths added, changed and removed from `before` to `after`. */
export function diffManifests(before: Manifest | null, after: Manifest): ManifestDiff {
  const old = before?.files ?? {};
  const diff: ManifestDiff = { added: [], changed: [], removed: [] };
  for (const [name, entry] of Object.entries(after.files)) {
    if (!(name in old)) diff.added.push(name);
    else if (old[name]!.sha256 !== entry.sha256) diff.changed.push(name);
  }
  for (const name of Object.keys(old)) if (!(name in after.files)) diff.removed.push(name);
  return diff;
}

/** Files of `manifest` missing from `dir` or of another size: empty for a complete build. */
export async function missingFiles(dir: string, manifest: Manifest): Promise<string[]> {
  // Synchronous stats: a promise per file takes several times as long for many small files.
  const sizeOf = (name: string): number => {
    try {
      return statSync(path.join(dir, name)).size;
    } catch {
      return -1; // gone, or a part of its path is not a folder
    }
  };
  return Object.entries(manifest.files).filter(([name, entry]) => sizeOf(name) !== entry.size).map(([name]) => name);
}
