/**
 * The check cache: what validating and scanning a file found (check-file.ts's `FileCheck`), by the
 * SHA-256 of the file's bytes, in one log in the cache folder. Its first line is the check's
 * version (code, html-validate, rules); a log of another version is started afresh, so new rules
 * check every file again. A check appends the results it made; a line that cannot be read (cut
 * short by a stopped check, damaged, foreign) is skipped, which costs a validation, never a pass.
 * When most lines are stale, the log is written afresh with the results of the files just checked.
 * Beside it, the last result of each folder checked (see `readSiteCheck`).
 */
import { appendFile, mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";
import { ioError } from "../shared/errors.ts";
import { writeFileAtomically } from "../shared/atomic-write.ts";
import { sha256 } from "../shared/hash.ts";
import type { Problem } from "../shared/problems.ts";
import type { FileCheck } from "./check-file.ts";

/** The results of earlier checks, and where the new ones go. */
export interface CheckCache {
  /** The result for a file with these bytes, when an earlier check of this version made one. */
  get(hash: string): FileCheck | undefined;
  /** Keeps `fresh` (hash → result); `live` holds the hashes of every file just checked, what a rewrite keeps. */
  record(fresh: ReadonlyMap<string, FileCheck>, live: ReadonlySet<string>): Promise<void>;
}

/** Opens the log in `cacheDir` for checks of `version`. */
export async function openCheckCache(cacheDir: string, version: string): Promise<CheckCache> {
  const file = path.join(cacheDir, "check-results.ndjson");
  const entries = new Map<string, FileCheck>();
  const text = await readFile(file, "utf8").catch(() => "");
  const [header, ...lines] = text.split("\n");
  const current = header === version;
  let readable = 0;
  if (current) {
    for (const line of lines) {
      const entry = parseEntry(line);
      if (entry) entries.set(entry[0], entry[1]);
      if (entry) readable += 1;
    }
  }
  return {
    get: (hash) => entries.get(hash),
    async record(fresh, live) {
      // Appended to only when every line was read and the log ends with a newline (the last "line"
      // is the empty one after it): a line cut short at the end would run into the first new one.
      const whole = current && text.endsWith("\n") && readable === lines.length - 1;
      try {
        await mkdir(cacheDir, { recursive: true });
        if (whole && readable + fresh.size <= 2 * live.size + 100) {
          if (fresh.size > 0) await appendFile(file, [...fresh].map(([hash, result]) => lineOf(hash, result)).join(""));
          return;
        }
        for (const [hash, result] of fresh) entries.set(hash, result);
        const kept = [...live].filter((hash) => entries.has(hash)).map((hash) => lineOf(hash, entries.get(hash)!));
        await writeFileAtomically(file, `${version}\n${kept.join("")}`);
      } catch (error) {
        throw ioError(error, { action: "write the check cache", path: file, hint: CACHE_HINT });
      }
    },
  };
}

/**
 * Appends `fresh` (hash → result) to the log in `cacheDir` without reading it (an incremental
 * check, see check.ts): only when its first line is `version` and it ends with a whole line; else
 * it is left as it is, and the next full check writes it afresh.
 */
export async function appendCheckResults(cacheDir: string, version: string, fresh: ReadonlyMap<string, FileCheck>): Promise<void> {
  if (fresh.size === 0) return;
  const file = path.join(cacheDir, "check-results.ndjson");
  const handle = await open(file, "r").catch(() => null);
  if (!handle) return;
  try {
    const { size } = await handle.stat();
    const header = Buffer.alloc(version.length + 1);
    const last = Buffer.alloc(1);
    if (size < header.length || (await handle.read(header, 0, header.length, 0)).bytesRead !== header.length || (await handle.read(last, 0, 1, size - 1)).bytesRead !== 1) return;
    if (header.toString("utf8") !== `${version}\n` || last[0] !== 0x0a) return;
  } finally {
    await handle.close();
  }
  await appendFile(file, [...fresh].map(([hash, result]) => lineOf(hash, result)).join("")).catch((error: unknown) => {
    throw ioError(error, { action: "write the check cache", path: file, hint: CACHE_HINT });
  });
}

const CACHE_HINT = "Check that the cache folder (NEWS_ARCHIVE_CACHE_DIR, else node_modules/.cache/news-archive) is writable, or run with --no-cache.";

function lineOf(hash: string, result: FileCheck): string {
  return `${JSON.stringify([hash, result.problems, result.ids, result.links])}\n`;
}

// One line of the log: [hash, problems, ids, links], each checked for its shape, or null.
function parseEntry(line: string): [string, FileCheck] | null {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 4) return null;
  const [hash, problems, ids, links] = value as unknown[];
  const isProblem = (p: unknown) => Array.isArray(p) && p.length === 3 && typeof p[0] === "number" && typeof p[1] === "string" && typeof p[2] === "string";
  const isLink = (l: unknown) => Array.isArray(l) && l.length === 3 && typeof l[0] === "string" && typeof l[1] === "string" && typeof l[2] === "number";
  if (typeof hash !== "string" || !Array.isArray(problems) || !problems.every(isProblem)) return null;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === "string") || !Array.isArray(links) || !links.every(isLink)) return null;
  return [hash, { problems, ids, links } as FileCheck];
}

// --- The last check of each folder -------------------------------------------------------------
// A check's result depends only on the check's version and options, the folder's file names and
// the bytes of the files it checks. When all of that is as at the folder's last check (`key`), its
// problems stand, and neither the log nor the links are read again. When only some files changed,
// what the record keeps of the site's links lets the next check judge only those (see check.ts).

/** What the last check of a folder found, and what the next one needs to look only at what changed since. */
export interface SiteCheck {
  /** The check's version and options, and every file's name and hash: when all are the same, `problems` stand. */
  key: string;
  /** The check's version and options only. */
  base: string;
  problems: Problem[];
  /** Each file's SHA-256; "" for files that are not checked (neither page nor feed). */
  files: Record<string, string>;
  /** Every file a link of the site led to, found or not. */
  targets: string[];
  /** Per page, the ids that links of the site point at in it. */
  fragments: Record<string, string[]>;
}

function siteCheckPath(cacheDir: string, outDir: string): string {
  return path.join(cacheDir, `check-site-${sha256(path.resolve(outDir)).slice(0, 16)}.json`);
}

/** What the last check of `outDir` found, or null when there is none or it cannot be trusted. */
export async function readSiteCheck(cacheDir: string, outDir: string): Promise<SiteCheck | null> {
  try {
    const value = JSON.parse(await readFile(siteCheckPath(cacheDir, outDir), "utf8")) as Partial<SiteCheck>;
    const isProblem = (p: Problem) => typeof p?.file === "string" && typeof p.line === "number" && typeof p.field === "string" && typeof p.message === "string" && typeof p.rule === "string" && p.severity === "error";
    const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === "string");
    const valid =
      typeof value?.key === "string" &&
      typeof value.base === "string" &&
      Array.isArray(value.problems) &&
      value.problems.every(isProblem) &&
      typeof value.files === "object" &&
      value.files !== null &&
      Object.values(value.files).every((hash) => typeof hash === "string") &&
      strings(value.targets) &&
      typeof value.fragments === "object" &&
      value.fragments !== null &&
      Object.values(value.fragments).every(strings);
    return valid ? (value as SiteCheck) : null;
  } catch {
    return null; // none, or unreadable: check
  }
}

/** Keeps what the check of `outDir` found. */
export async function recordSiteCheck(cacheDir: string, outDir: string, check: SiteCheck): Promise<void> {
  await writeFileAtomically(siteCheckPath(cacheDir, outDir), JSON.stringify(check)).catch((error: unknown) => {
    throw ioError(error, { action: "write the check cache", path: cacheDir, hint: CACHE_HINT });
  });
}
