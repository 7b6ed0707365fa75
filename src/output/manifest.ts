/**
 * The manifest of a built site: every file with its SHA-256 and size, kept in the output as
 * `.manifest.json`. Two builds of the same content have the same manifest; a deploy uses it to
 * see what changed and to prove a folder is a complete build.
 */
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { listFiles } from "../shared/files.ts";
import { OUTPUT_MARKER } from "./output-folder.ts";
import { UserError } from "../shared/errors.ts";
import { splitBaseUrl } from "../content/site.ts";
import { sha256 } from "../shared/hash.ts";

/** The manifest's own file name inside the output. */
export const MANIFEST_FILE = ".manifest.json";

/** Where the built site is served from, so `check` and `deploy` need not be told again. */
export interface ManifestSite {
  /** Origin, "https://archive.example.org". */
  url: string;
  /** "/" or "/archive/". */
  pathPrefix: string;
}

/** The site it was built for, and path (relative, "/"-separated) → content hash and size. */
export interface Manifest {
  site: ManifestSite;
  files: Record<string, { sha256: string; size: number }>;
}

/** What changed between two manifests, as path lists. */
export interface ManifestDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

/**
 * Writes the manifest of `dir`. `known` gives hashes already known for some paths (pages whose
 * bytes are in memory, or reused unchanged); every other file is read and hashed.
 */
export async function writeManifest(dir: string, known: ReadonlyMap<string, { sha256: string; size: number }>, site: ManifestSite): Promise<Manifest> {
  const names = (await listFiles(dir)).filter((name) => name !== MANIFEST_FILE && name !== OUTPUT_MARKER);
  const files: Manifest["files"] = {};
  for (const name of names) {
    const entry = known.get(name);
    if (entry) {
      files[name] = entry;
    } else {
      const bytes = await readFile(path.join(dir, name));
      files[name] = { sha256: sha256(bytes), size: bytes.length };
    }
  }
  const manifest: Manifest = { site: { url: site.url, pathPrefix: site.pathPrefix }, files };
  await writeFile(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

/** The manifest of a built folder, or null when it has none (or an unreadable one). */
export async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), "utf8")) as Partial<Manifest>;
    const { site, files } = manifest;
    const valid = typeof files === "object" && files !== null && typeof site?.url === "string" && typeof site.pathPrefix === "string";
    return valid ? (manifest as Manifest) : null;
  } catch {
    return null;
  }
}

/**
 * The address a built folder is served from, for checking it: its manifest's, or `baseUrl`'s when
 * given. A folder without a manifest is refused: it is not a build (or not a finished one).
 */
export async function readBuiltSite(dir: string, baseUrl?: string): Promise<{ siteUrl: string; pathPrefix: string }> {
  const manifest = await readManifest(dir);
  if (!manifest) {
    throw new UserError({ message: `${dir} is not a built site: it has no ${MANIFEST_FILE} (or a broken one).`, hint: "Run npm run build first, or give the build's folder with --out DIR." });
  }
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
  const missing: string[] = [];
  for (const [name, entry] of Object.entries(manifest.files)) {
    const size = await stat(path.join(dir, name)).then((s) => s.size, () => -1);
    if (size !== entry.size) missing.push(name);
  }
  return missing;
}
