/**
 * The manifest of a built site: every file with its SHA-256 and size, kept in the output as
 * `.manifest.json`. Two builds of the same content have the same manifest; a deploy uses it to
 * see what changed and to prove a folder is a complete build.
 */
import { createHash } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { listFiles } from "./files.ts";

/** The manifest's own file name inside the output. */
export const MANIFEST_FILE = ".manifest.json";

/** Path (relative, "/"-separated) → content hash and size. */
export interface Manifest {
  files: Record<string, { sha256: string; size: number }>;
}

/** What changed between two manifests, as path lists. */
export interface ManifestDiff {
  added: string[];
  changed: string[];
  removed: string[];
}

/** SHA-256 of bytes, hex. */
export function sha256(bytes: string | Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Writes the manifest of `dir`. `known` gives hashes already known for some paths (pages whose
 * bytes are in memory, or reused unchanged); every other file is read and hashed.
 */
export async function writeManifest(dir: string, known: ReadonlyMap<string, { sha256: string; size: number }>): Promise<Manifest> {
  const names = (await listFiles(dir)).filter((name) => name !== MANIFEST_FILE);
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
  const manifest: Manifest = { files };
  await writeFile(path.join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

/** The manifest of a built folder, or null when it has none (or an unreadable one). */
export async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), "utf8")) as Manifest;
    return typeof manifest.files === "object" && manifest.files !== null ? manifest : null;
  } catch {
    return null;
  }
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
