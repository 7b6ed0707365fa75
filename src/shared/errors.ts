/**
 * Mistakes and refusals for the person at the keyboard (Lume's one `Exception`, Astro's error
 * data): what is wrong, then what to do, printed by the CLI as one or two lines with no stack.
 */

/** Exit codes say who must act: 1 the content or site has problems, 2 the command was used wrongly or refused. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

/** What a `UserError` is made from. */
export interface UserErrorData {
  /** What is wrong, naming the path or value: "--out /home/ann is your home folder." */
  message: string;
  /** What to do about it: "Choose a new or empty folder, e.g. --out _site." */
  hint?: string | undefined;
  /** 2 (usage or refusal) unless said otherwise. */
  exitCode?: 1 | 2;
}

/** A user mistake or a refusal to do something unsafe: a message, not a bug. */
export class UserError extends Error {
  readonly hint: string | undefined;
  readonly exitCode: 1 | 2;

  constructor(data: UserErrorData) {
    super(data.message);
    this.name = "UserError";
    this.hint = data.hint;
    this.exitCode = data.exitCode ?? EXIT.usage;
  }
}

/** The lines a `UserError` prints: the message, then the hint. */
export function formatUserError(error: UserError): string {
  return error.hint ? `${error.message}\n${error.hint}` : error.message;
}

/** Runs a script's `main` (the bench's): a `UserError` prints its lines and sets its exit code; anything else is a bug and is thrown. */
export async function runScript(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    console.error(formatUserError(error));
    process.exitCode = error.exitCode;
  }
}

// What the system's error codes mean to someone who did not write the program.
const IO_REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is used up",
  ENOENT: "no such file or folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder, not a file",
  ELOOP: "too many levels of symbolic links (a symlink loop)",
  EMFILE: "too many open files",
  EBUSY: "the file is busy",
  EXDEV: "it is on another file system",
};

/** True for an error from the file system (it carries a code such as "EACCES"). */
export function isIoError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === "string" && (error as NodeJS.ErrnoException).code! in IO_REASONS;
}

/** What was being done when a file-system error happened, for its message. */
export interface IoContext {
  /** A verb phrase: "write to", "read the articles folder". */
  action: string;
  /** The path to name; the error's own path when left out. */
  path?: string;
  hint?: string;
}

/**
 * A file-system error as what it is, for the user: `Cannot write to /srv/site: permission denied
 * (EACCES).` Errors that are not file-system errors are returned unchanged (they are bugs).
 */
export function ioError(error: unknown, context: IoContext): unknown {
  if (!isIoError(error)) return error;
  const path = context.path ?? error.path;
  return new UserError({ message: `Cannot ${context.action}${path ? ` ${path}` : ""}: ${IO_REASONS[error.code!]} (${error.code}).`, hint: context.hint });
}
