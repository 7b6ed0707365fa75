/** Paths inside output folders, always "/"-separated so manifests and messages read the same everywhere. */
import { readdirSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import path from "node:path";

/** `to` relative to `from`, with "/" separators: "2013/04/06/x/index.html". */
export function relativePath(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join("/");
}

/** A path for messages: relative to `from` (the working folder) when inside it, else absolute. */
export function displayPath(file: string, from: string = process.cwd()): string {
  const relative = relativePath(from, path.resolve(file));
  return relative === "" ? "." : relative.startsWith("../") || relative === ".." || path.isAbsolute(relative) ? path.resolve(file) : relative;
}

/**
 * Every file under `dir` (not folders), as sorted "/"-separated paths relative to it. Synchronous:
 * for a built archive (14,000 pages in as many folders) the promise-based recursive readdir took
 * 1.4 s, this 0.4 s.
 */
export async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const walk = (folder: string, prefix: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(folder, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile()) files.push(`${prefix}${entry.name}`);
    }
  };
  walk(dir, "");
  return files.sort();
}

/** True when `inner` is `outer` or inside it (both real, absolute paths). */
export function contains(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === "" || (!relative.startsWith(`..${path.sep}`) && relative !== ".." && !path.isAbsolute(relative));
}

/**
 * Writes `parts` through `handle` in writes of about `chunk` bytes, in order. Joining all of them
 * for one write held everything twice more (the page records of 100,000 articles are 420 MB, and
 * their bodies 330 MB).
 */
export async function writeInChunks(handle: FileHandle, parts: Iterable<string | Uint8Array>, chunk = 8 << 20): Promise<void> {
  let pending: Buffer[] = [];
  let size = 0;
  for (const part of parts) {
    const bytes = typeof part === "string" ? Buffer.from(part) : part;
    pending.push(bytes as Buffer);
    size += bytes.length;
    if (size >= chunk) {
      await handle.write(Buffer.concat(pending));
      pending = [];
      size = 0;
    }
  }
  if (size > 0) await handle.write(Buffer.concat(pending));
}
