/**
 * What is really in an output folder: its files, and the SHA-256 of each whose bytes can be known.
 * When a build finishes it records each file's stat signature (`shared/file-signature.ts`) with
 * the hash of its bytes, in the cache folder; a file with the same signature now still has those
 * bytes and is not read. A file whose signature changed (edited in place, half-written by a
 * stopped build, or in a copied folder) is read and hashed again, so the record only saves
 * reading, and a stale or foreign one costs time, never a wrong page.
 */
import { lstatSync } from "node:fs";
import { lstat, mkdir, readdir, readFile, rmdir } from "node:fs/promises";
import path from "node:path";
import { inPool } from "../shared/concurrency.ts";
import { relativePath } from "../shared/files.ts";
import { sha256 } from "../shared/hash.ts";
import { RACY_MS, recordable, signatureOf } from "../shared/file-signature.ts";
import { writeFileAtomically } from "../shared/atomic-write.ts";
import { INCOMPLETE_FILE, MANIFEST_FILE, type Manifest } from "./manifest.ts";
import { OUTPUT_MARKER } from "./output-folder.ts";

/** The build's own bookkeeping files, which are not part of the site. */
const OWN_FILES = new Set([MANIFEST_FILE, INCOMPLETE_FILE, OUTPUT_MARKER]);

/** Where the stat record of the output folder `dir` is kept in the cache folder. */
export function statRecordPath(cacheDir: string, dir: string): string {
  return path.join(cacheDir, `output-${sha256(path.resolve(dir)).slice(0, 16)}.json`);
}

/** An output folder as found before a build. */
export interface OutputScan {
  /** Every entry that is not a folder (the site's files, and anything else found), but the bookkeeping files. */
  files: Set<string>;
  /** Path → SHA-256, for regular files whose bytes are known: recorded with the same signature, or read now. */
  hashes: Map<string, string>;
  /** Path → stat signature, for regular files as found. */
  signatures: Map<string, string>;
  /** When the signatures were taken (epoch ms), for the "racily clean" rule. */
  observedAt: number;
}

/**
 * Lists `dir` and learns the hashes of the files `manifest` lists with their size: those a build
 * may keep. Other files are not read (a build replaces or deletes them). `record` is the stat
 * record's path, or null to trust none. A folder whose last build finished (`complete`) holds
 * what its manifest lists, so only those files are looked at; any other is read in full, to find
 * what a stopped build left.
 */
export async function scanOutput(dir: string, manifest: Manifest | null, record: string | null, complete: boolean): Promise<OutputScan> {
  const scan: OutputScan = { files: new Set(), hashes: new Map(), signatures: new Map(), observedAt: Date.now() };
  for (const name of complete && manifest ? Object.keys(manifest.files) : await listEverything(dir)) {
    if (!OWN_FILES.has(name)) scan.files.add(name);
  }
  const recorded = record ? await readStatRecord(record) : new Map();
  await inPool([...scan.files], async (name) => {
    // Synchronous: a pool of promises takes five times as long for many small files.
    const stats = lstatSync(path.join(dir, name), { bigint: true, throwIfNoEntry: false }); // undefined: listed by the manifest, but gone
    if (!stats?.isFile()) return;
    const signature = signatureOf(stats);
    scan.signatures.set(name, signature);
    const known = recorded.get(name);
    if (known?.signature === signature) scan.hashes.set(name, known.sha256);
    else if (manifest?.files[name]?.size === Number(stats.size)) scan.hashes.set(name, sha256(await readFile(path.join(dir, name))));
  });
  return scan;
}

/**
 * Records, in `record`, the signature and hash of every file of `dir` in `files` (path → SHA-256).
 * Files in `scan.signatures` that the build did not write keep the signature they were scanned
 * with, judged at the scan's time; the others are stat'ed now. Files changed a moment before they
 * were looked at cannot be recorded yet ("racily clean"), so the record waits that moment out and
 * stats them again: a build's own files are known to the next build.
 */
export async function writeStatRecord(record: string, dir: string, files: ReadonlyMap<string, string>, scan: OutputScan, written: ReadonlySet<string>): Promise<void> {
  const entries: Record<string, [string, string]> = {};
  const recent: string[] = [];
  const statNow = async (name: string): Promise<void> => {
    const signature = recordable(signatureOf(await lstat(path.join(dir, name), { bigint: true })));
    if (signature) entries[name] = [signature, files.get(name)!];
    else recent.push(name);
  };
  await inPool([...files.keys()], async (name) => {
    const scanned = written.has(name) ? undefined : scan.signatures.get(name);
    if (scanned === undefined) return statNow(name);
    const signature = recordable(scanned, scan.observedAt);
    if (signature) entries[name] = [signature, files.get(name)!];
    else recent.push(name);
  });
  if (recent.length > 0) {
    // Once the moment has passed, a file whose bytes are still the expected ones is recorded with
    // the signature it has now; its bytes are read again, as a change within that moment would
    // not have shown in its signature. Anything else is left out, and read next time.
    await new Promise((resolve) => setTimeout(resolve, RACY_MS));
    await inPool(recent, async (name) => {
      const file = path.join(dir, name);
      const signature = recordable(signatureOf(await lstat(file, { bigint: true })));
      if (signature && sha256(await readFile(file)) === files.get(name)) entries[name] = [signature, files.get(name)!];
    });
  }
  await mkdir(path.dirname(record), { recursive: true });
  await writeFileAtomically(record, JSON.stringify(entries));
}

/**
 * True when every file `manifest` lists is in `dir` with the stat signature and hash the stat
 * record in `cacheDir` gives it, and its hash is the manifest's: the folder is as its last build
 * left it. Synchronous stats, as in `contentSignatures`.
 */
export async function outputUnchanged(cacheDir: string, dir: string, manifest: Manifest): Promise<boolean> {
  const recorded = await readStatRecord(statRecordPath(cacheDir, dir));
  try {
    return Object.entries(manifest.files).every(([name, entry]) => {
      const known = recorded.get(name);
      return known !== undefined && known.sha256 === entry.sha256 && known.signature === signatureOf(lstatSync(path.join(dir, name), { bigint: true }));
    });
  } catch {
    return false; // a file is gone
  }
}

// Every entry of `dir` but folders, "/"-separated and relative; none when it does not exist.
async function listEverything(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => relativePath(dir, path.join(entry.parentPath ?? entry.path, entry.name)));
}

/** Removes the folders that held `removed` files and are now empty, up to (not including) `dir`. */
export async function removeEmptyFolders(dir: string, removed: Iterable<string>): Promise<void> {
  const folders = new Set<string>();
  for (const name of removed) for (let folder = path.dirname(name); folder !== "."; folder = path.dirname(folder)) folders.add(folder);
  // Deepest first, so a parent is tried after its children.
  for (const folder of [...folders].sort((a, b) => b.split("/").length - a.split("/").length)) {
    await rmdir(path.join(dir, folder)).catch(() => {}); // not empty, or gone: kept as it is
  }
}

/**
 * The SHA-256 of each of `names` in `dir`: from the stat record in `cacheDir` when the file's
 * signature is the recorded one (its bytes were not read), else read and hashed now. Names that
 * are not regular files are left out.
 */
export async function currentHashes(cacheDir: string | null, dir: string, names: readonly string[]): Promise<Map<string, string>> {
  const recorded = cacheDir ? await readStatRecord(statRecordPath(cacheDir, dir)) : new Map<string, { signature: string; sha256: string }>();
  const hashes = new Map<string, string>();
  await inPool(names, async (name) => {
    const stats = lstatSync(path.join(dir, name), { bigint: true, throwIfNoEntry: false });
    if (!stats?.isFile()) return;
    const known = recorded.get(name);
    hashes.set(name, known?.signature === signatureOf(stats) ? known.sha256 : sha256(await readFile(path.join(dir, name))));
  });
  return hashes;
}

async function readStatRecord(file: string): Promise<Map<string, { signature: string; sha256: string }>> {
  try {
    const record = JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
    const entries = new Map<string, { signature: string; sha256: string }>();
    for (const [name, value] of Object.entries(record)) {
      if (Array.isArray(value) && typeof value[0] === "string" && typeof value[1] === "string") entries.set(name, { signature: value[0], sha256: value[1] });
    }
    return entries;
  } catch {
    return new Map(); // none yet, or unreadable: every file is hashed
  }
}
