/**
 * Folders the tool writes, replaces or prunes (a build's `--out`, the preview's folder, a deploy's
 * `--to`) carry a marker naming the command that made them. Nothing else is ever deleted or
 * overwritten: every check runs on real paths, so a symlink cannot smuggle the project in.
 */
import { lstat, readdir, readFile, realpath, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ioError, UserError } from "../shared/errors.ts";
import { PROJECT_ROOT } from "../shared/project.ts";
import { contains } from "../shared/files.ts";
import { writeFileAtomically } from "../shared/atomic-write.ts";

/** The marker's file name inside a folder the tool made. */
export const OUTPUT_MARKER = ".news-archive-output";

/** Which command made a folder; a folder is reused only by the kind of command that made it. */
export type OutputKind = "build" | "preview" | "deploy";

/** What to guard: the folder, the flag it came from (for messages) and what must never be touched. */
export interface OutputGuard {
  folder: string;
  /** "--out", "--to": named in messages. */
  flag: string;
  kind: OutputKind;
  /** The content folder: never the output, never inside it, never holding it. */
  contentDir?: string | undefined;
}

/**
 * Resolves `folder` to its real path and refuses it (a `UserError`, exit 2) unless the tool may
 * replace it: it must not be a file, `/`, the home folder, the project or anything in it except a
 * top-level `_name` folder, the content folder or anything inside or above it; and when it exists
 * and holds files, it must carry this kind's marker.
 */
export async function guardOutputFolder(guard: OutputGuard): Promise<string> {
  const { flag, kind } = guard;
  const real = await realPathOf(guard.folder, flag);
  const refuse = (why: string, hint = `Choose a new or empty folder, e.g. ${flag} ${defaultName(kind)}.`): never => {
    throw new UserError({ message: `Refusing ${flag} ${guard.folder}: ${why}`, hint });
  };

  const stats = await stat(real).catch(() => null);
  if (stats && !stats.isDirectory()) refuse("it is a file, not a folder; nothing was written.");
  if (real === path.parse(real).root) refuse("it is the root of the file system.");
  const home = await realpath(os.homedir()).catch(() => os.homedir());
  if (contains(real, home)) refuse(real === home ? "it is your home folder." : `it holds your home folder ${home}.`);

  if (guard.contentDir !== undefined) {
    const content = await realPathOf(guard.contentDir, "--content");
    if (contains(real, content)) refuse(real === content ? "it is the content folder." : `it holds the content folder ${content}.`);
    if (isInside(real, content)) refuse(`it is inside the content folder ${content}.`);
  }

  const project = await realpath(PROJECT_ROOT);
  if (contains(real, project)) refuse(real === project ? "it is the project folder." : `it holds the project folder ${project}.`);
  const inProject = path.relative(project, real);
  if (isInside(real, project) && (inProject.includes(path.sep) || !inProject.startsWith("_"))) {
    refuse(`it is inside the project (${inProject}), where only top-level folders named _something (like _site and _preview) are output.`);
  }

  if (stats) {
    const marker = await readMarker(real);
    if (marker === null) {
      const names = await readdir(real).catch((error: unknown) => {
        throw ioError(error, { action: "read" });
      });
      if (names.length > 0) {
        refuse(
          `it holds files that news-archive did not write (it has no ${OUTPUT_MARKER} marker), and they would be deleted.`,
          `Choose a new or empty folder. If it is the output of an older news-archive, delete it yourself once.`,
        );
      }
    } else if (marker !== kind) {
      refuse(`it was made by ${marker === "deploy" ? "npm run deploy" : marker === "preview" ? "the preview (npm start)" : "npm run build"}, not by this command.`);
    }
  }
  return real;
}

/** The lock a build holds on its output folder (beside it, outside what the build writes); deploy takes it while it copies. */
export function outputLockPath(outDir: string): string {
  return `${outDir}.lock`;
}

/** Writes this kind's marker into a folder the tool made. */
export async function writeMarker(folder: string, kind: OutputKind): Promise<void> {
  await writeFileAtomically(path.join(folder, OUTPUT_MARKER), `${kind}\n`); // whole or absent, even if the process is killed
}

/**
 * True when `folder` holds nothing, or only what an interrupted `writeMarker` leaves (its
 * private temporary file): a folder the tool was creating when it was stopped.
 */
export async function isUnfinishedMarking(folder: string): Promise<boolean> {
  const names = await readdir(folder).catch(() => null);
  return names !== null && names.every((name) => name.startsWith(`${OUTPUT_MARKER}.`) && name.endsWith(".tmp"));
}

/** The kind named by a folder's marker, or null when it has none (or is not a folder). */
export async function readMarker(folder: string): Promise<OutputKind | null> {
  const text = await readFile(path.join(folder, OUTPUT_MARKER), "utf8").catch(() => null);
  const kind = text?.trim();
  return kind === "build" || kind === "preview" || kind === "deploy" ? kind : null;
}

/**
 * The real path of `file`: symlinks resolved, also when it does not exist yet (its nearest existing
 * ancestor is resolved and the rest appended). A dangling symlink is refused.
 */
export async function realPathOf(file: string, flag: string): Promise<string> {
  const absolute = path.resolve(file);
  const rest: string[] = [];
  for (let current = absolute; ; current = path.dirname(current)) {
    try {
      return path.join(await realpath(current), ...rest);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw ioError(error, { action: "resolve" });
      if (await lstat(current).then((s) => s.isSymbolicLink(), () => false)) {
        throw new UserError({ message: `Refusing ${flag} ${file}: ${current} is a symlink to nothing.`, hint: "Point it at an existing folder, or remove the symlink." });
      }
      if (current === path.dirname(current)) return absolute;
      rest.unshift(path.basename(current));
    }
  }
}

function isInside(inner: string, outer: string): boolean {
  return inner !== outer && contains(outer, inner);
}

function defaultName(kind: OutputKind): string {
  return kind === "build" ? "_site" : kind === "preview" ? "_preview" : "/srv/archive";
}

/** True when a folder exists and is a folder (symlinks followed). */
export async function isFolder(file: string): Promise<boolean> {
  return stat(file).then((s) => s.isDirectory(), () => false);
}
