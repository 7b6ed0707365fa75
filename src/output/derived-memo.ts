/**
 * What a build derived from the whole archive, kept in the cache folder for the next build of the
 * same content: the archive's shape and related articles (`Derived`), and each article page's
 * record key (`planPages`). While the shape stays, a build reuses them instead of ranking related
 * articles and serialising every article page again (0.5 s at 10,000 articles).
 *
 * The file is a header line (format version, code version, SHA-256 of the rest) and the memo as
 * JSON. Anything in doubt (another code version, a damaged or cut-short file) reads as no memo:
 * the build works everything out afresh, as a clean build would.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomically } from "../shared/atomic-write.ts";
import { sha256 } from "../shared/hash.ts";
import { getCodeVersion } from "../content/parse-cache.ts";
import type { Derived } from "../archive/types.ts";
import type { RecordKeys } from "../render/render-plan.ts";

/** What one build leaves for the next. */
export interface DerivedMemo extends Derived {
  /** Valid only with `shape`: the record keys of the pages of an archive of that shape. */
  recordKeys: RecordKeys;
}

const VERSION = 1;

// One memo per content folder and mode (drafts change which articles are in the archive).
function memoPath(cacheDir: string, contentDir: string, includeDrafts: boolean): string {
  return path.join(cacheDir, `derived-${sha256([path.resolve(contentDir), "\0", String(includeDrafts)]).slice(0, 16)}.json`);
}

/** The memo the last build of `contentDir` left, or null when there is none to trust. */
export async function readDerivedMemo(cacheDir: string, contentDir: string, includeDrafts: boolean): Promise<DerivedMemo | null> {
  const text = await readFile(memoPath(cacheDir, contentDir, includeDrafts), "utf8").catch(() => null);
  const newline = text?.indexOf("\n") ?? -1;
  if (!text || newline < 0) return null;
  try {
    const header = JSON.parse(text.slice(0, newline)) as { version?: unknown; code?: unknown; sha256?: unknown };
    const body = text.slice(newline + 1);
    if (header.version !== VERSION || header.code !== (await getCodeVersion()) || header.sha256 !== sha256(body)) return null;
    const memo = JSON.parse(body) as DerivedMemo;
    return typeof memo.shape === "string" && Array.isArray(memo.related) && typeof memo.recordKeys === "object" && memo.recordKeys !== null ? memo : null;
  } catch {
    return null;
  }
}

/** Keeps `memo` for the next build, unless it is `previous` already. A memo that cannot be written only costs the next build time. */
export async function writeDerivedMemo(cacheDir: string, contentDir: string, includeDrafts: boolean, memo: DerivedMemo, previous: DerivedMemo | null): Promise<void> {
  if (previous && sameMemo(previous, memo)) return;
  const body = JSON.stringify({ shape: memo.shape, related: memo.related, recordKeys: memo.recordKeys });
  const header = JSON.stringify({ version: VERSION, code: await getCodeVersion(), sha256: sha256(body) });
  await writeFileAtomically(memoPath(cacheDir, contentDir, includeDrafts), `${header}\n${body}`).catch(() => {});
}

// The related articles follow from the shape, so the same shape and record keys are the same memo.
function sameMemo(a: DerivedMemo, b: DerivedMemo): boolean {
  if (a.shape !== b.shape) return false;
  const files = Object.keys(b.recordKeys);
  return files.length === Object.keys(a.recordKeys).length && files.every((file) => Object.hasOwn(a.recordKeys, file) && a.recordKeys[file]![1] === b.recordKeys[file]![1] && a.recordKeys[file]![0] === b.recordKeys[file]![0]);
}
