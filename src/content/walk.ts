/**
 * Lists the regular files under a folder, following symlinks the way an editor expects, but never
 * in circles: each real folder is read once, so a symlink loop ends the walk of that branch, and
 * FIFOs, sockets and devices are reported instead of read (reading a FIFO waits forever).
 */
import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { contains } from "../shared/files.ts";

/** Something under the folder that was not listed, and why. */
export interface SkippedEntry {
  /** The path as reached from the walk's root (joined to it). */
  path: string;
  /** "loop": a folder already read; "outside": leaves the root; "special": not a file or folder; "broken": a symlink to nothing, or a loop of symlinks. */
  kind: "loop" | "outside" | "special" | "broken";
  /** A sentence fragment for messages: "is a symlink to a folder already read (content/articles)". */
  reason: string;
}

/** How to walk. */
export interface WalkOptions {
  /** Files to list, by name; folders are always entered. Skipped non-folders are reported only when they match. */
  match: (name: string) => boolean;
  /** Report (and do not list) files and folders whose real path leaves the root. */
  confine: boolean;
}

/** The files found (paths joined to `root`, sorted) and what was skipped. */
export interface WalkResult {
  files: string[];
  skipped: SkippedEntry[];
}

/** Walks `root` breadth-first. Throws (ENOENT, ENOTDIR, EACCES) only for the root itself. */
export async function walkFiles(root: string, options: WalkOptions): Promise<WalkResult> {
  const rootReal = await realpath(root);
  const seen = new Map<string, string>([[rootReal, root]]); // real folder → the path it was first reached by
  const files: string[] = [];
  const skipped: SkippedEntry[] = [];
  const queue: { dir: string; real: string }[] = [{ dir: root, real: rootReal }];
  const enter = (dir: string, real: string): void => {
    const first = seen.get(real);
    if (first !== undefined) {
      skipped.push({ path: dir, kind: "loop", reason: `is a symlink to a folder already read (${first}); skipped` });
      return;
    }
    seen.set(real, dir);
    queue.push({ dir, real });
  };

  for (let next = queue.shift(); next; next = queue.shift()) {
    const entries = await readdir(next.dir, { withFileTypes: true }).catch((error: unknown) => {
      if (next!.dir === root) throw error;
      skipped.push({ path: next!.dir, kind: "special", reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}); skipped` });
      return [];
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const file = path.join(next.dir, entry.name);
      if (entry.isDirectory()) {
        enter(file, path.join(next.real, entry.name));
      } else if (entry.isFile()) {
        if (options.match(entry.name)) files.push(file);
      } else if (entry.isSymbolicLink()) {
        const target = await stat(file).catch((error: NodeJS.ErrnoException) => error);
        if (target instanceof Error) {
          if (!options.match(entry.name) && target.code !== "ELOOP") continue;
          const reason = target.code === "ELOOP" ? "is a symlink loop; skipped" : "is a symlink to nothing; skipped";
          skipped.push({ path: file, kind: "broken", reason });
          continue;
        }
        if (!target.isDirectory() && !options.match(entry.name)) continue;
        const real = await realpath(file);
        if (options.confine && !contains(rootReal, real)) {
          skipped.push({ path: file, kind: "outside", reason: `is a symlink to ${real}, outside ${root}; copy it in instead` });
        } else if (target.isDirectory()) {
          enter(file, real);
        } else if (target.isFile()) {
          files.push(file);
        } else {
          skipped.push({ path: file, kind: "special", reason: "is a symlink to something that is not a regular file; skipped" });
        }
      } else if (options.match(entry.name)) {
        skipped.push({ path: file, kind: "special", reason: `is not a regular file (${describeSpecial(entry)}); skipped` });
      }
    }
  }
  files.sort();
  return { files, skipped };
}

function describeSpecial(entry: { isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): string {
  if (entry.isFIFO()) return "a named pipe";
  if (entry.isSocket()) return "a socket";
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return "a device";
  return "not a file";
}
