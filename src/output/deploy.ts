/**
 * Deploys a built site into release folders and switches a `current` symlink to it atomically:
 *   DIR/releases/<manifest hash>    one complete site each: a symlink to its root folder in trees/
 *   DIR/trees/<hash>/               every folder of every release, once; see release-trees.ts
 *   DIR/current -> releases/<...>   what the web server serves (nginx: root DIR/current;)
 *   DIR/history                     one release name per line, in the order deployed
 *   DIR/.news-archive-output        the marker: this folder is the tool's to prune
 * A release is used (deployed onto, rolled back to) only when its manifest verifies, and the
 * history is written before anything is pruned, so no path leads to a half-deleted release.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, readlink, rename, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { checkSite, inOutput, type CheckReport } from "./check.ts";
import { currentHashes } from "./output-files.ts";
import { formatProblem } from "../shared/problems.ts";
import { ioError, UserError } from "../shared/errors.ts";
import { acquireLock } from "./lock.ts";
import { diffManifests, isIncomplete, MANIFEST_FILE, missingFiles, readManifest, servedAt, type Manifest, type ManifestDiff } from "./manifest.ts";
import { killPoint } from "./kill-point.ts";
import { guardOutputFolder, outputLockPath, readMarker, realPathOf, writeMarker } from "./output-folder.ts";
import { sha256 } from "../shared/hash.ts";
import { REDIRECT_MAP } from "../content/urls.ts";
import { defaultCacheDir } from "../shared/project.ts";
import { writeFileAtomically } from "../shared/atomic-write.ts";
import { foldersAbove, readFolderTrees, removeUnusedTrees, treeListText, writeTrees, type FileSource } from "./release-trees.ts";

/** Where from, where to, and how many old releases to keep. */
export interface DeployOptions {
  /** The built site, e.g. "_site". */
  from: string;
  /** The deploy folder holding releases/ and current. */
  to: string;
  /** Releases to keep, the live one included (at least 2, so there is one to roll back to). */
  keep: number;
  /** The site's address for the link check; the build's manifest gives it when left out. */
  baseUrl?: string | undefined;
}

/** What a deploy did. */
export interface DeployResult {
  release: string;
  /** Against the release that was live before. */
  changes: ManifestDiff;
  /** Files unchanged since the previous release, shared with it rather than copied. */
  linked: number;
  pruned: string[];
  /** The nginx redirect map's file in the release when it is new or changed (the server must reload it), else null. */
  redirectMap: string | null;
  /** The check the build passed: its pages and feeds, how many were validated (the others kept an earlier check's results), and whether the folder was as at its last check. */
  check: Omit<CheckReport, "problems">;
}

/** Checks the build, writes a new release (or reuses an identical one) and switches `current` to it. */
export async function deploy(options: DeployOptions): Promise<DeployResult> {
  const to = await openDeployFolder(options.to);
  return withDeployLock(to, async () => {
    const from = await realPathOf(options.from, "--from");
    if ((await readMarker(from)) !== "build") {
      throw new UserError({ message: `${options.from} is not a build's output folder.`, hint: "Deploy what npm run build wrote, e.g. --from _site (a preview folder holds drafts and is never deployed)." });
    }
    // The build's own lock: no build changes the folder while its files are checked and copied.
    const snapshot = await acquireLock(outputLockPath(from), "npm run deploy", `the build folder ${options.from}`);
    let release: Release;
    let check: DeployResult["check"];
    try {
      const { manifest, hashes } = await verifiedManifest(from, options.from);
      const report = await checkSite(from, servedAt(manifest, options.baseUrl), { cacheDir: defaultCacheDir(), files: Object.keys(manifest.files), hashes });
      check = { pages: report.pages, feeds: report.feeds, validated: report.validated, unchanged: report.unchanged };
      if (report.problems.length > 0) {
        const shown = report.problems.slice(0, 20).map((p) => formatProblem(inOutput(p, options.from)));
        throw new UserError({
          message: `The build in ${options.from} fails its checks, so it was not deployed:\n${shown.join("\n")}${report.problems.length > 20 ? `\n… and ${report.problems.length - 20} more` : ""}`,
          hint: "Fix them, build again, and see npm run check.",
        });
      }
      release = await writeRelease(from, to, manifest);
    } finally {
      await snapshot.release();
    }

    await switchCurrent(to, release.name);
    const history = [...(await readHistory(to)).filter((entry) => entry !== release.name), release.name];
    const kept = history.slice(-Math.max(2, options.keep));
    await writeHistory(to, kept); // before pruning: a pruned release is never in the history
    const pruned = await prune(to, new Set(kept));
    const changes = diffManifests(release.previous, release.manifest);
    const map = REDIRECT_MAP.slice(1);
    return { release: release.name, changes, linked: release.linked, pruned, redirectMap: [...changes.added, ...changes.changed].includes(map) ? map : null, check };
  });
}

/** Switches `current` to the release deployed before the live one that still verifies; the history is kept, so it can be repeated. */
export async function rollback(toFolder: string): Promise<string> {
  const to = await openDeployFolder(toFolder, { existing: true });
  return withDeployLock(to, async () => {
    const history = await readHistory(to);
    const live = await liveRelease(to);
    const at = live === null ? -1 : history.lastIndexOf(live);
    for (let i = at - 1; i >= 0; i--) {
      if (await isCompleteRelease(to, history[i]!)) {
        await switchCurrent(to, history[i]!);
        return history[i]!;
      }
    }
    throw new UserError({
      message: `There is no earlier complete release in ${toFolder} to roll back to.`,
      hint: "See the releases with --list; move to any of them with --release ID.",
    });
  });
}

/** Switches `current` to the release `name` (forward or back) once its manifest verifies. */
export async function switchToRelease(toFolder: string, name: string): Promise<string> {
  const to = await openDeployFolder(toFolder, { existing: true });
  return withDeployLock(to, async () => {
    const history = await readHistory(to);
    if (!/^[0-9a-f]{16}$/.test(name) || !(await isCompleteRelease(to, name))) {
      throw new UserError({
        message: `${toFolder} has no complete release ${JSON.stringify(name)}.`,
        hint: history.length > 0 ? `Its releases, oldest first: ${history.join(", ")}.` : "It has no releases yet; deploy first.",
      });
    }
    await switchCurrent(to, name);
    return name;
  });
}

/** The releases in the order deployed, each with whether it is live and complete. */
export async function listReleases(toFolder: string): Promise<{ name: string; live: boolean; complete: boolean }[]> {
  const to = await openDeployFolder(toFolder, { existing: true });
  const live = await liveRelease(to);
  const history = await readHistory(to);
  return Promise.all(history.map(async (name) => ({ name, live: name === live, complete: await isCompleteRelease(to, name) })));
}

/** The release `current` points at, or null before the first deploy. */
export async function liveRelease(to: string): Promise<string | null> {
  try {
    return path.basename(await readlink(path.join(to, "current")));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "EINVAL") throw new UserError({ message: `${path.join(to, "current")} is a real folder, not a symlink.`, hint: "Move it away before the first deploy." });
    throw ioError(error, { action: "read" });
  }
}

// The deploy folder, refused unless the tool may write in it (see output-folder.ts); created and
// marked on the first deploy. Rollback and --release need an existing one.
async function openDeployFolder(folder: string, options: { existing?: boolean } = {}): Promise<string> {
  const to = await guardOutputFolder({ folder, flag: "--to", kind: "deploy" });
  if (options.existing && (await readMarker(to)) !== "deploy") {
    throw new UserError({ message: `${folder} is not a deploy folder (nothing was deployed there).`, hint: "Give the folder you deployed to with --to DIR." });
  }
  try {
    await mkdir(path.join(to, "releases"), { recursive: true });
    await writeMarker(to, "deploy");
  } catch (error) {
    throw ioError(error, { action: "write to the deploy folder", path: folder, hint: "Check that the deploy folder is writable, or choose another with --to DIR." });
  }
  return to;
}

// One deploy, rollback or switch at a time per folder; a lock left by a killed one is taken over.
async function withDeployLock<T>(to: string, work: () => Promise<T>): Promise<T> {
  const lock = await acquireLock(path.join(to, ".deploy.lock"), "npm run deploy", `the deploy folder ${to}`);
  killPoint("deploy:locked");
  try {
    await removeUnfinished(to);
    return await work();
  } finally {
    await lock.release();
  }
}

// The build's manifest, once every file it lists is there with its hash: a complete build. The
// hashes come from the build's stat record for files it left as they were (one stat each; see
// output-files.ts), and serve the check too.
async function verifiedManifest(from: string, shown: string): Promise<{ manifest: Manifest; hashes: Map<string, string> }> {
  if (await isIncomplete(from)) throw new UserError({ message: `${shown} is not a finished build: a build into it was stopped before it finished.`, hint: "Run npm run build again; it repairs the folder." });
  const manifest = await readManifest(from);
  if (!manifest) throw new UserError({ message: `${shown} is not a complete build (it has no ${MANIFEST_FILE}).`, hint: "Run npm run build first." });
  const hashes = await currentHashes(defaultCacheDir(), from, Object.keys(manifest.files));
  const differ = Object.entries(manifest.files).filter(([name, entry]) => hashes.get(name) !== entry.sha256).map(([name]) => name);
  if (differ.length > 0) {
    throw new UserError({ message: `${shown} is incomplete: ${differ.length === 1 ? "1 file differs" : `${differ.length} files differ`} from its manifest, e.g. ${differ[0]}.`, hint: "Build again." });
  }
  return { manifest, hashes };
}

/** A release written (or found already there), with the manifest of the one live before it, if any. */
interface Release {
  name: string;
  manifest: Manifest;
  previous: Manifest | null;
  /** Files unchanged since the live release (shared through its folders, or hard-linked from it). */
  linked: number;
}

// Writes releases/<name> from the build (or finds it already there), as trees of folders shared
// between releases (release-trees.ts): only the folders holding a changed file are written. In
// them, files unchanged since the live release are hard-linked from it; the others are copied and
// their hashes checked against the manifest, so the release is exactly the build the check passed.
async function writeRelease(from: string, to: string, manifest: Manifest): Promise<Release> {
  const releases = path.join(to, "releases");
  const name = sha256(JSON.stringify(manifest)).slice(0, 16);
  // The live release's files are linked without checking them first: one that is gone is copied
  // from the build instead, and the new release is checked whole before it is used.
  const live = await liveRelease(to);
  const liveManifest = live ? await readManifest(path.join(releases, live)) : null;
  const linked = Object.entries(manifest.files).filter(([file, entry]) => liveManifest?.files[file]?.sha256 === entry.sha256).length;
  if (await completeRelease(to, name)) return { name, manifest, previous: liveManifest, linked };
  await rm(path.join(releases, name), { recursive: true, force: true }); // an incomplete one of the same name
  const incoming = path.join(releases, `.incoming-${randomBytes(4).toString("hex")}`);
  const sourceOf = (file: string): FileSource => ({
    copy: path.join(from, file),
    link: live && liveManifest?.files[file]?.sha256 === manifest.files[file]!.sha256 ? path.join(releases, live, file) : null,
  });
  // The live release's folders with their trees, when its list names them and its root is the tree the release is.
  const liveFolders = live && liveManifest ? await readFolderTrees(releases, live) : null;
  const liveRoot = live ? await readlink(path.join(releases, live)).then((target) => path.basename(target), () => null) : null;
  const liveTrees = liveFolders && liveManifest && liveFolders.get("") === liveRoot ? { manifest: liveManifest, folders: liveFolders } : null;
  const attempt = async (rewrite: ReadonlySet<string>): Promise<string[]> => {
    try {
      const trees = writeTrees(path.join(to, "trees"), manifest, sourceOf, rewrite, liveTrees);
      await writeFile(path.join(releases, `${name}.trees`), treeListText(trees));
      await symlink(path.join("..", "trees", trees.root), incoming);
      await rename(incoming, path.join(releases, name)); // the release appears, or not at all
    } catch (error) {
      throw ioError(error, { action: "write the release", hint: "Check the deploy folder's free space and permissions." });
    } finally {
      await rm(incoming, { force: true });
    }
    return missingFiles(path.join(releases, name), manifest);
  };
  let missing = await attempt(new Set());
  // A tree shared with earlier releases may have been damaged since (a file or a subfolder's link
  // deleted by hand): the folders on the paths of the files the release lacks are written again
  // from the build, once, which repairs them for every release that shares them.
  if (missing.length > 0) missing = await attempt(new Set(missing.flatMap(foldersAbove)));
  if (missing.length === 0) return { name, manifest, previous: liveManifest, linked };
  throw new UserError({ message: `The release ${name} written in ${to} lacks ${missing[0]}${missing.length > 1 ? ` and ${missing.length - 1} more files` : ""}; nothing was switched.`, hint: "Check the deploy folder's disk, then deploy again." });
}

// A release is complete when its manifest is there and every file it lists has its size.
async function isCompleteRelease(to: string, name: string): Promise<boolean> {
  return (await completeRelease(to, name)) !== null;
}

// The manifest of release `name` when the release is complete; else null.
async function completeRelease(to: string, name: string): Promise<Manifest | null> {
  const dir = path.join(to, "releases", name);
  const manifest = await readManifest(dir);
  return manifest !== null && (await missingFiles(dir, manifest)).length === 0 ? manifest : null;
}

// A new symlink renamed over the old one: rename(2) is atomic, so a request sees one release or the other.
async function switchCurrent(to: string, release: string): Promise<void> {
  await liveRelease(to); // refuses a real folder in the way
  const temporary = path.join(to, `.current-${randomBytes(4).toString("hex")}`);
  await symlink(path.join("releases", release), temporary);
  await rename(temporary, path.join(to, "current"));
}

// Removes every release folder not kept (the live one always is). Each is first renamed out of
// the release names, so one killed halfway through deleting is never mistaken for a release.
async function prune(to: string, kept: ReadonlySet<string>): Promise<string[]> {
  const live = await liveRelease(to);
  const releases = path.join(to, "releases");
  const dropped = (await readdir(releases)).filter((name) => !name.startsWith(".") && !name.endsWith(".trees") && !kept.has(name) && name !== live).sort();
  for (const release of dropped) {
    const doomed = path.join(releases, `.pruning-${release}`);
    await rename(path.join(releases, release), doomed);
    killPoint("deploy:prune");
    await rm(doomed, { recursive: true, force: true });
    await rm(path.join(releases, `${release}.trees`), { force: true });
  }
  await removeUnusedTrees(path.join(to, "trees"), releases);
  return dropped;
}

// What a killed deploy left: half-written and half-pruned folders and trees, the tree list of a pruned release, a stray symlink or history file.
async function removeUnfinished(to: string): Promise<void> {
  const releases = path.join(to, "releases");
  for (const dir of [releases, path.join(to, "trees")]) {
    const names = await readdir(dir).catch((): string[] => []);
    for (const name of names) {
      const orphanList = name.endsWith(".trees") && !names.includes(name.slice(0, -".trees".length));
      if (name.startsWith(".incoming-") || name.startsWith(".pruning-") || orphanList) await rm(path.join(dir, name), { recursive: true, force: true });
    }
  }
  for (const name of await readdir(to)) {
    if (name.startsWith(".current-") || (name.startsWith("history.") && name.endsWith(".tmp"))) await rm(path.join(to, name), { force: true });
  }
}

async function readHistory(to: string): Promise<string[]> {
  const text = await readFile(path.join(to, "history"), "utf8").catch(() => "");
  return text.split("\n").filter(Boolean);
}

async function writeHistory(to: string, history: string[]): Promise<void> {
  await writeFileAtomically(path.join(to, "history"), history.map((entry) => `${entry}\n`).join(""));
}
