/**
 * Releases as trees of shared folders, so that a deploy writes what changed, not the whole site.
 *
 * Each folder of a release is stored once, by a hash of what it holds, in DIR/trees/<hash>/: its
 * files (hard links, or copies checked against the manifest) and, for each subfolder, a symlink to
 * that subfolder's tree ("2013 -> ../<hash>"). A tree is written under a temporary name and
 * renamed when whole, and never changed after. A release is a symlink to its root tree,
 * DIR/releases/<name> -> ../trees/<hash>, beside the list of its folders and their trees,
 * DIR/releases/<name>.trees. One edited article makes (and hashes) new trees only for the folders
 * on the paths of its changed files (a few dozen), not for the site's 14,000 folders: the others
 * are the live release's, by its list. Web servers follow the symlinks (nginx does unless
 * `disable_symlinks` is set).
 */
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { sha256 } from "../shared/hash.ts";
import { UserError } from "../shared/errors.ts";
import { MANIFEST_FILE, type Manifest } from "./manifest.ts";

/** One folder of a release: its files (name, SHA-256) and subfolders (name, path). */
interface Folder {
  path: string;
  files: [name: string, hash: string][];
  folders: [name: string, path: string][];
  /** Set once its subfolders' hashes are known. */
  hash?: string;
}

/** Where a file's bytes come from when a new tree needs it: the build's copy, and a file with the same bytes to hard-link instead, if any. */
export interface FileSource {
  copy: string;
  link: string | null;
}

/** The trees of a release: its root's hash, and every folder's tree hash by its path ("" for the root). */
export interface ReleaseTrees {
  root: string;
  folders: Map<string, string>;
}

/** The release live before, whose folders with no changed file need not be hashed again: its manifest and its folders' tree hashes. */
export interface LiveTrees {
  manifest: Manifest;
  folders: ReadonlyMap<string, string>;
}

/**
 * Writes the trees of a release of `manifest` (kept at its root, as in a build) into `treesDir`,
 * those not already there; `sourceOf` says where a file of a new tree comes from. The folders in
 * `rewrite` (paths, "" for the root) are written again from the build even when their tree is
 * there: a tree found damaged is repaired for every release that shares it. Returns the trees.
 */
export function writeTrees(treesDir: string, manifest: Manifest, sourceOf: (file: string) => FileSource, rewrite: ReadonlySet<string> = new Set(), live: LiveTrees | null = null): ReleaseTrees {
  const manifestText = `${JSON.stringify(manifest, null, 1)}\n`;
  // With the live release's trees, only the folders on the paths of changed, added and removed
  // files (and those to rewrite) are listed and hashed: every other folder is the live one's.
  const dirty = live ? changedFolders(manifest, live.manifest, rewrite) : null;
  const folders = new Map<string, Folder>();
  const folderAt = (dir: string): Folder => {
    let folder = folders.get(dir);
    if (!folder) {
      folder = { path: dir, files: [], folders: [] };
      folders.set(dir, folder);
      if (dir !== "") folderAt(parentOf(dir)).folders.push([path.posix.basename(dir), dir]);
    }
    return folder;
  };
  folderAt("");
  for (const [file, entry] of Object.entries(manifest.files)) {
    const dir = parentOf(file);
    if (!dirty || dirty.has(dir)) folderAt(dir).files.push([path.posix.basename(file), entry.sha256]);
  }
  folderAt("").files.push([MANIFEST_FILE, sha256(manifestText)]);
  const kept = new Map<string, string>(); // the live release's folders this one has as they were
  if (dirty && live) {
    const seen = new Set<string>();
    for (const file of Object.keys(manifest.files)) {
      for (let dir = parentOf(file); dir !== "" && !seen.has(dir); dir = parentOf(dir)) {
        seen.add(dir);
        if (dirty.has(dir)) continue;
        const hash = live.folders.get(dir);
        if (hash === undefined) return writeTrees(treesDir, manifest, sourceOf, rewrite); // a list that lacks it: every folder hashed
        kept.set(dir, hash);
        if (dirty.has(parentOf(dir))) folderAt(parentOf(dir)).folders.push([path.posix.basename(dir), dir]);
      }
    }
  }
  const hashOf = (dir: string): string => folders.get(dir)?.hash ?? kept.get(dir)!;

  // Deepest first, so a folder's hash can name its subfolders' hashes.
  const ordered = [...folders.values()].sort((a, b) => depth(b.path) - depth(a.path));
  for (const folder of ordered) {
    folder.files.sort(([a], [b]) => (a < b ? -1 : 1));
    folder.folders.sort(([a], [b]) => (a < b ? -1 : 1));
    const lines = [...folder.files.map(([name, hash]) => `f ${name} ${hash}`), ...folder.folders.map(([name, dir]) => `d ${name} ${hashOf(dir)}`)];
    folder.hash = sha256(lines.join("\n")).slice(0, 32);
  }

  mkdirSync(treesDir, { recursive: true });
  const existing = new Set(dirty ? ordered.map((folder) => folder.hash!).filter((hash) => existsSync(path.join(treesDir, hash))) : readdirSync(treesDir));
  for (const folder of ordered) {
    const hash = folder.hash!;
    const again = rewrite.has(folder.path);
    if (existing.has(hash) && !again) continue;
    const incoming = path.join(treesDir, `.incoming-${hash}-${randomBytes(4).toString("hex")}`);
    mkdirSync(incoming);
    try {
      for (const [name, fileHash] of folder.files) {
        const destination = path.join(incoming, name);
        if (folder.path === "" && name === MANIFEST_FILE) {
          writeFileSync(destination, manifestText);
          continue;
        }
        const file = folder.path === "" ? name : `${folder.path}/${name}`;
        const source = sourceOf(file);
        if (source.link !== null && !again && linked(source.link, destination)) {
          // shared with the release it was linked from
        } else {
          copyFileSync(source.copy, destination);
          if (sha256(readFileSync(destination)) !== fileHash) {
            throw new UserError({ message: `${file} in the build changed while it was deployed; nothing was switched.`, hint: "Build again, then deploy." });
          }
        }
      }
      for (const [name, dir] of folder.folders) symlinkSync(`../${hashOf(dir)}`, path.join(incoming, name));
      if (existing.has(hash)) {
        const damaged = path.join(treesDir, `.pruning-${hash}-${randomBytes(4).toString("hex")}`);
        renameSync(path.join(treesDir, hash), damaged);
        rmSync(damaged, { recursive: true, force: true });
      }
      renameSync(incoming, path.join(treesDir, hash)); // the tree appears whole, or not at all
      existing.add(hash);
    } finally {
      rmSync(incoming, { recursive: true, force: true });
    }
  }
  return { root: folders.get("")!.hash!, folders: new Map([...kept, ...ordered.map((folder): [string, string] => [folder.path, folder.hash!])]) };
}

// The folders whose listing may differ from the live release's: those above a file added, changed
// or removed, those to rewrite, and the root (it holds the manifest).
function changedFolders(manifest: Manifest, live: Manifest, rewrite: ReadonlySet<string>): Set<string> {
  const dirty = new Set<string>(["", ...rewrite]);
  const mark = (file: string): void => {
    for (const dir of foldersAbove(file)) dirty.add(dir);
  };
  for (const [file, entry] of Object.entries(manifest.files)) if (live.files[file]?.sha256 !== entry.sha256) mark(file);
  for (const file of Object.keys(live.files)) if (!Object.hasOwn(manifest.files, file)) mark(file);
  return dirty;
}

/**
 * A release's tree list: one line a folder, its tree hash and its path ("" for the root), by path,
 * ending with a newline (a cut list is refused). A path that a line cannot hold (a tab or a
 * newline in it) leaves the paths out: the hashes alone still say which trees the release uses.
 */
export function treeListText(trees: ReleaseTrees): string {
  const entries = [...trees.folders].sort(([a], [b]) => (a < b ? -1 : 1));
  const plain = entries.some(([dir]) => /[\t\n]/.test(dir));
  return entries.map(([dir, hash]) => (plain ? `${hash}\n` : `${hash}\t${dir}\n`)).join("");
}

// A release's tree list as lines of [hash, path or null], or null when it is missing or unreadable.
async function readTreeLines(releasesDir: string, name: string): Promise<[string, string | null][] | null> {
  try {
    const lines = (await readFile(path.join(releasesDir, `${name}.trees`), "utf8")).split("\n");
    if (lines.at(-1) !== "") return null;
    const parsed = lines.slice(0, -1).map((line) => /^([0-9a-f]{32})(?:\t([^\t]*))?$/.exec(line));
    return parsed.every((match) => match !== null) ? parsed.map((match) => [match![1]!, match![2] ?? null]) : null;
  } catch {
    return null;
  }
}

/** The folders of release `name` with their tree hashes, from its list; null when the list lacks them. */
export async function readFolderTrees(releasesDir: string, name: string): Promise<Map<string, string> | null> {
  const lines = await readTreeLines(releasesDir, name);
  if (!lines || lines.some(([, dir]) => dir === null)) return null;
  return new Map(lines.map(([hash, dir]) => [dir!, hash]));
}

// The trees a release uses, from its list; null when the list is missing or unreadable.
async function readTreeList(releasesDir: string, name: string): Promise<Set<string> | null> {
  const lines = await readTreeLines(releasesDir, name);
  return lines && new Set(lines.map(([hash]) => hash));
}

/**
 * Deletes the trees no release in `releasesDir` uses. Each is renamed out of the tree names first,
 * so one cut short while being deleted is never used. When a release's list cannot be read, nothing
 * is deleted: a tree kept too long costs space, one deleted too soon would break a release. (A
 * release written by an older version is a whole folder, and uses no tree.)
 */
export async function removeUnusedTrees(treesDir: string, releasesDir: string): Promise<number> {
  if (!existsSync(treesDir)) return 0;
  const used = new Set<string>();
  for (const release of readdirSync(releasesDir, { withFileTypes: true })) {
    if (release.name.startsWith(".") || release.name.endsWith(".trees") || release.isDirectory()) continue;
    const list = await readTreeList(releasesDir, release.name);
    if (!list) return 0;
    for (const hash of list) used.add(hash);
  }
  let removed = 0;
  for (const name of readdirSync(treesDir)) {
    if (name.startsWith(".") || used.has(name)) continue;
    const doomed = path.join(treesDir, `.pruning-${name}`);
    await rename(path.join(treesDir, name), doomed);
    await rm(doomed, { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

// Hard-links `from` at `to`; false when `from` is gone (the caller copies the build's file instead).
function linked(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/** The folders above `file`, nearest first: "2013/x", "2013" and "" (the root) for "2013/x/index.html". */
export function foldersAbove(file: string): string[] {
  const folders: string[] = [];
  for (let dir = parentOf(file); ; dir = parentOf(dir)) {
    folders.push(dir);
    if (dir === "") return folders;
  }
}

function parentOf(file: string): string {
  const slash = file.lastIndexOf("/");
  return slash === -1 ? "" : file.slice(0, slash);
}

function depth(dir: string): number {
  return dir === "" ? 0 : dir.split("/").length;
}
