/** Helpers for build tests: run the CLI (in this process, or as its own), read and fingerprint built folders. */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import os, { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The project root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A fixed "now" (2025-11-27) so fixtures' drafts and future dates behave the same on every run. */
export const FIXED_EPOCH = "1764201600";

/** Test builds keep their cache (parsed articles, output stat records) here, not in the project's node_modules. */
export const TEST_CACHE_DIR = mkdtempSync(path.join(tmpdir(), "news-archive-cache-"));

/** What a CLI run printed and how it exited. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

// What only a process of its own can have: its time zone and locale are read once at start-up,
// its NODE_OPTIONS at launch, and a kill point kills the whole process.
const PROCESS_ONLY = ["TZ", "LANG", "LC_ALL", "NODE_OPTIONS", "NEWS_ARCHIVE_KILL_AT"];

if (process.cwd() !== ROOT) process.chdir(ROOT); // commands resolve their default folders from here, as `npm run` does

let commands: Promise<typeof import("../../src/cli/commands.ts")> | undefined;
let running: Promise<unknown> = Promise.resolve(); // runs take turns: each sets the environment for itself

/**
 * Runs `news-archive <args>` in this process, as `npm run` would from the project root, with
 * `env` set for the run only. Quick (no start-up); for what needs a process, use `runCliProcess`.
 */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  const needsProcess = Object.keys(env).filter((name) => PROCESS_ONLY.includes(name));
  if (needsProcess.length > 0) throw new Error(`runCli cannot set ${needsProcess.join(", ")} in this process; use runCliProcess.`);
  const { runCommand } = await (commands ??= import("../../src/cli/commands.ts"));
  const turn = running.then(() => runInProcess(runCommand, args, env));
  running = turn.catch(() => {});
  return turn;
}

async function runInProcess(runCommand: typeof import("../../src/cli/commands.ts").runCommand, args: string[], env: NodeJS.ProcessEnv): Promise<RunResult> {
  const saved = { ...process.env };
  Object.assign(process.env, { SOURCE_DATE_EPOCH: FIXED_EPOCH, NEWS_ARCHIVE_CACHE_DIR: TEST_CACHE_DIR, ...env });
  let stdout = "";
  let stderr = "";
  try {
    const code = await runCommand(args, { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } });
    return { code, stdout, stderr };
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
}

/** What package.json's scripts run: the commands, compiled once (src/launch.mjs). */
export const LAUNCHER = path.join(ROOT, "src/launch.mjs");

/** Runs `news-archive <args>` as a process of its own, as `npm run` would, from the project root. */
export function runCliProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [LAUNCHER, ...args],
      { cwd: ROOT, env: { ...process.env, SOURCE_DATE_EPOCH: FIXED_EPOCH, NEWS_ARCHIVE_CACHE_DIR: TEST_CACHE_DIR, ...env }, maxBuffer: 64 * 1024 * 1024 },
      // Killed by a signal: 128 + its number, as a shell reports it (SIGKILL: 137).
      (error, stdout, stderr) => resolve({ code: !error ? 0 : error.signal ? 128 + os.constants.signals[error.signal] : Number(error.code ?? 1), stdout, stderr }),
    );
  });
}

/** A new empty temporary folder. */
export function tempDir(prefix = "news-archive-"): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** Every file under `dir` (relative, "/"-separated) with the SHA-256 of its bytes, sorted by path. */
export async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const names = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name)).split(path.sep).join("/"))
    .sort();
  for (const name of names) out[name] = createHash("sha256").update(await readFile(path.join(dir, name))).digest("hex");
  return out;
}

/** A built page's HTML, by its site path ("/tags/syria/" reads tags/syria/index.html). */
export function page(outDir: string, url: string): Promise<string> {
  const file = url.endsWith("/") ? `${url}index.html` : url;
  return readFile(path.join(outDir, file), "utf8");
}
