/**
 * Deploys a built site into release folders and switches a `current` symlink to it atomically:
 *   DIR/releases/<manifest hash>/   one complete site each; unchanged files hard-linked between them
 *   DIR/current -> releases/<...>   what the web server serves (nginx: root DIR/current;)
 *   DIR/history                     one release name per line, oldest first; the last is live
 */
import { randomBytes } from "node:crypto";
import { copyFile, link, mkdir, open, readdir, readFile, readlink, rename, rm, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { checkSite, formatSiteProblem } from "./check.ts";
import { diffManifests, MANIFEST_FILE, missingFiles, readManifest, sha256, type ManifestDiff } from "./manifest.ts";

/** Where from, where to, and how many old releases to keep. */
export interface DeployOptions {
  /** The built site, e.g. "_site". */
  from: string;
  /** The deploy folder holding releases/ and current. */
  to: string;
  /** Releases to keep, the live one included (default 5). */
  keep: number;
  /** The site's path prefix and origin, for the link check. */
  pathPrefix: string;
  siteUrl: string;
}

/** What a deploy did. */
export interface DeployResult {
  release: string;
  /** Against the release that was live before. */
  changes: ManifestDiff;
  /** Files hard-linked from the previous release rather than copied. */
  linked: number;
  pruned: string[];
}

/** A deploy that must not go ahead, with the reason for the user. */
export class DeployRefused extends Error {}

/** Checks the build, writes a new release (or reuses an identical one) and switches `current` to it. */
export async function deploy(options: DeployOptions): Promise<DeployResult> {
  const { from, to } = options;
  const manifest = await readManifest(from);
  if (!manifest) throw new DeployRefused(`${from} is not a complete build (it has no ${MANIFEST_FILE}); run npm run build first.`);
  const missing = await missingFiles(from, manifest);
  if (missing.length > 0) throw new DeployRefused(`${from} is incomplete: ${missing.length} file(s) differ from its manifest, e.g. ${missing[0]}; build again.`);
  const report = await checkSite(from, { pathPrefix: options.pathPrefix, siteUrl: options.siteUrl });
  if (report.problems.length > 0) {
    const shown = report.problems.slice(0, 20).map((p) => formatSiteProblem(p, from));
    throw new DeployRefused(`The build in ${from} fails its checks, so it was not deployed:\n${shown.join("\n")}${report.problems.length > 20 ? `\n… and ${report.problems.length - 20} more (npm run check)` : ""}`);
  }

  return withLock(to, async () => {
    const releases = path.join(to, "releases");
    await mkdir(releases, { recursive: true });
    const name = sha256(JSON.stringify(manifest)).slice(0, 16);
    const target = path.join(releases, name);
    const live = await liveRelease(to);
    const liveManifest = live ? await readManifest(path.join(releases, live)) : null;

    let linked = 0;
    if (!(await exists(target))) {
      const incoming = path.join(releases, `.incoming-${randomBytes(4).toString("hex")}`);
      try {
        for (const [file, entry] of Object.entries(manifest.files)) {
          const destination = path.join(incoming, file);
          await mkdir(path.dirname(destination), { recursive: true });
          if (live && liveManifest?.files[file]?.sha256 === entry.sha256) {
            await link(path.join(releases, live, file), destination);
            linked += 1;
          } else {
            await copyFile(path.join(from, file), destination);
          }
        }
        await copyFile(path.join(from, MANIFEST_FILE), path.join(incoming, MANIFEST_FILE));
        await rename(incoming, target); // the release appears complete, or not at all
      } finally {
        await rm(incoming, { recursive: true, force: true });
      }
    }

    await switchCurrent(to, name);
    const history = [...(await readHistory(to)).filter((entry) => entry !== name), name];
    const pruned = await prune(to, history, options.keep);
    return { release: name, changes: diffManifests(liveManifest, manifest), linked, pruned };
  });
}

/** Switches `current` back to the release deployed before the live one; returns its name. */
export async function rollback(to: string): Promise<string> {
  return withLock(to, async () => {
    const history = await readHistory(to);
    const previous = history.at(-2);
    if (!previous || !(await exists(path.join(to, "releases", previous)))) {
      throw new DeployRefused(`There is no earlier release in ${to} to roll back to.`);
    }
    await switchCurrent(to, previous);
    await writeHistory(to, history.slice(0, -1));
    return previous;
  });
}

/** The release `current` points at, or null before the first deploy. */
export async function liveRelease(to: string): Promise<string | null> {
  try {
    return path.basename(await readlink(path.join(to, "current")));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code === "EINVAL") throw new DeployRefused(`${path.join(to, "current")} is a real folder, not a symlink; move it away before the first deploy.`);
    throw error;
  }
}

// A new symlink renamed over the old one: rename(2) is atomic, so a request sees one release or the other.
async function switchCurrent(to: string, release: string): Promise<void> {
  await liveRelease(to); // refuses a real folder in the way
  const temporary = path.join(to, `.current-${randomBytes(4).toString("hex")}`);
  await symlink(path.join("releases", release), temporary);
  await rename(temporary, path.join(to, "current"));
}

// Keeps the newest `keep` releases of the history (the live one is the last); removes every other
// release folder, including ones a rollback left out of the history.
async function prune(to: string, history: string[], keep: number): Promise<string[]> {
  const kept = history.slice(-Math.max(1, keep));
  const dropped = (await readdir(path.join(to, "releases"))).filter((name) => !name.startsWith(".") && !kept.includes(name)).sort();
  for (const release of dropped) await rm(path.join(to, "releases", release), { recursive: true, force: true });
  await writeHistory(to, kept);
  return dropped;
}

async function readHistory(to: string): Promise<string[]> {
  const text = await readFile(path.join(to, "history"), "utf8").catch(() => "");
  return text.split("\n").filter(Boolean);
}

async function writeHistory(to: string, history: string[]): Promise<void> {
  const file = path.join(to, "history");
  await writeFile(`${file}.tmp`, history.map((entry) => `${entry}\n`).join(""));
  await rename(`${file}.tmp`, file);
}

// One deploy or rollback at a time per folder.
async function withLock<T>(to: string, work: () => Promise<T>): Promise<T> {
  await mkdir(to, { recursive: true });
  const lock = path.join(to, ".deploy.lock");
  let handle;
  try {
    handle = await open(lock, "wx");
  } catch {
    throw new DeployRefused(`Another deploy to ${to} is running (${lock} exists); wait for it, or delete the lock if it was interrupted.`);
  }
  try {
    return await work();
  } finally {
    await handle.close();
    await rm(lock, { force: true });
  }
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(() => true, () => false);
}

