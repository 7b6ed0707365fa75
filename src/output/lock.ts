/**
 * One writer at a time: a lock file holding its owner's pid, host, command and start time. A lock
 * whose owner died (a killed build or deploy) is taken over, never left stuck; a live owner's lock
 * is refused with a message naming it.
 */
import { randomBytes } from "node:crypto";
import { link, readFile, rename, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { ioError, UserError } from "../shared/errors.ts";

/** Who holds a lock. */
export interface LockOwner {
  pid: number;
  host: string;
  /** What the owner is doing, for messages: "npm run build". */
  command: string;
  /** ISO time the lock was taken. */
  since: string;
}

/** A held lock; `release` removes it. */
export interface Lock {
  file: string;
  release(): Promise<void>;
}

/**
 * Takes the lock at `file` for `command`, or throws a `UserError` naming its live owner (or a file
 * in its place that this tool did not write, which is never deleted). `what`
 * names the guarded thing in that message ("the deploy folder /srv/site").
 */
export async function acquireLock(file: string, command: string, what: string): Promise<Lock> {
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), command, since: new Date().toISOString() };
  const text = `${JSON.stringify(owner)}\n`;
  for (let attempt = 0; attempt < 5; attempt++) {
    // Written whole to a private name, then linked into place: link(2) fails if the lock exists,
    // so the lock file is never seen half-written and two processes cannot both take it.
    const temporary = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
    try {
      await writeFile(temporary, text, { flag: "wx" });
      await link(temporary, file);
      return { file, release: () => rm(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw ioError(error, { action: "create the lock file", path: file, hint: "Check that the folder exists and that you may write to it." });
    } finally {
      await rm(temporary, { force: true });
    }
    const holder = await readOwner(file);
    if (holder === null) continue; // released meanwhile: try again
    if (holder === "foreign") {
      throw new UserError({ message: `${file} is in the way of ${what}'s lock, and news-archive did not write it.`, hint: "Move or rename that file, then run this again." });
    }
    if (isAlive(holder)) {
      throw new UserError({
        message: `${capitalise(what)} is in use: ${holder.command} (pid ${holder.pid}${holder.host === owner.host ? "" : ` on ${holder.host}`}) has held ${file} since ${holder.since}.`,
        hint: "Wait for it to finish, then run this again.",
      });
    }
    await takeOver(file, holder);
  }
  throw new UserError({ message: `Could not take the lock ${file}: other processes keep taking it.`, hint: "Wait for them to finish, then run this again." });
}

/** Reads a lock's owner: null when the file is gone, "foreign" when it is not a lock this tool wrote (locks are never half-written). */
async function readOwner(file: string): Promise<LockOwner | "foreign" | null> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw ioError(error, { action: "read the lock file" });
  }
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (typeof owner.pid === "number" && typeof owner.host === "string" && typeof owner.command === "string" && typeof owner.since === "string") {
      return owner as LockOwner;
    }
  } catch {
    // not JSON: not ours
  }
  return "foreign";
}

// A lock from another host cannot be probed, so it counts as held; on this host, signal 0 tells
// whether the process exists (EPERM: it exists but belongs to someone else).
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// Moves the dead owner's lock aside before deleting it, and puts it back if it turns out to be a
// new owner's (another process took over between our read and our rename).
async function takeOver(file: string, dead: LockOwner): Promise<void> {
  const aside = `${file}.stale-${randomBytes(4).toString("hex")}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return; // released meanwhile
    throw ioError(error, { action: "take over the stale lock" });
  }
  const moved = await readOwner(aside);
  if (moved !== null && (moved === "foreign" || moved.pid !== dead.pid || moved.since !== dead.since)) {
    await link(aside, file).catch(() => {}); // a live owner's lock: restore it (unless yet another took its place)
  }
  await rm(aside, { force: true });
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
