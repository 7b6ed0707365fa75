/**
 * The parse cache: each content file's record, kept between builds so an unchanged file is not
 * read or parsed again, and the records' bodies, kept apart so a build loads only the bodies of
 * the pages it renders.
 *
 * - `articles-<dir>.ndjson`, a log of JSON lines after a header line (the code version and the
 *   name of the bodies file). A file's last line is its entry; a line without a record removes
 *   it. A build appends the entries of the files it read, so one edit appends one line; the log is
 *   written afresh when it holds more than twice the lines it needs. Written and read as a stream,
 *   so 100,000 articles never make one string (V8 caps strings at about 512 MB).
 * - `articles-<dir>-<id>.bodies`: the bodies' HTML, one after another, appended like the log.
 *   An entry names its body by position, length and SHA-256; a body is checked against its hash
 *   when it is read, and one that does not match (a damaged file, two builds appending at once) is
 *   made again from its content file, never trusted.
 */
import { randomBytes } from "node:crypto";
import { closeSync, createReadStream, createWriteStream, openSync, readSync } from "node:fs";
import { appendFile, mkdir, open, readdir, readFile, rm } from "node:fs/promises";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { finished } from "node:stream/promises";
import path from "node:path";
import type { Article } from "./article.ts";
import { sha256 } from "../shared/hash.ts";
import { writeInChunks } from "../shared/files.ts";
import { replaceAtomically } from "../shared/atomic-write.ts";
import { UserError } from "../shared/errors.ts";
import { PROJECT_ROOT } from "../shared/project.ts";

/** A file's entry: its record, without its body, and where the body is. */
export interface CacheEntry {
  file: string;
  /** SHA-256 of the file's bytes. */
  hash: string;
  /** Its stat signature when last read, or "" (see `shared/file-signature.ts`). */
  signature: string;
  /** Without `html`: see `body`. */
  article: Article;
  body: BodyRef;
}

/** Where a body is in the bodies file. */
interface BodyRef {
  at: number;
  bytes: number;
  /** SHA-256 of those bytes, base64url. */
  sha256: string;
}

/** A line that removes a file's entry. */
interface CacheRemoval {
  file: string;
  removed: true;
}

/** The cache as read: entries by file. */
export interface Cache {
  entries: Record<string, CacheEntry>;
  /** Entry and removal lines in the log, counting those later lines replaced. */
  lines: number;
  /** The bodies file the entries point into. */
  bodies: string;
}

/** A record to keep: with its body in memory (just parsed), or without and with its place (read from this cache). */
export type NewEntry = Omit<CacheEntry, "body"> & { body?: BodyRef | undefined };

let codeVersion: Promise<string> | undefined;

/**
 * A hash of everything that shapes a parsed article or a page: every file of this project's
 * `src/` (the code, the interface's catalogues, the citation styles) and its locked dependencies.
 */
export function getCodeVersion(): Promise<string> {
  codeVersion ??= codeVersionOf(PROJECT_ROOT);
  return codeVersion;
}

/** `getCodeVersion` of the project in `root`, worked out afresh. */
export async function codeVersionOf(root: string): Promise<string> {
  const sources = (await readdir(path.join(root, "src"), { recursive: true })).map((name) => name.split(path.sep).join("/")).sort();
  const parts: (string | Uint8Array)[] = [];
  for (const name of sources) parts.push(name, await readFile(path.join(root, "src", name)).catch(() => "")); // folders read as ""
  parts.push(await readFile(path.join(root, "package-lock.json")).catch(() => ""));
  return sha256(parts);
}

/** Where the parse cache of `contentDir` is kept in `cacheDir`. */
export function cachePath(cacheDir: string, contentDir: string): string {
  return path.join(cacheDir, `articles-${sha256(path.resolve(contentDir)).slice(0, 16)}.ndjson`);
}

/** The cache of `contentDir`, or null when there is none or it is of other code. Its bodies become loadable (`loadBodies`). */
export async function readCache(cacheDir: string, contentDir: string): Promise<Cache | null> {
  const entries: Record<string, CacheEntry> = {};
  let lines = 0;
  let bodies = "";
  try {
    const input = createInterface({ input: createReadStream(cachePath(cacheDir, contentDir)), crlfDelay: Infinity });
    for await (const line of input) {
      if (!bodies) {
        const [version, name] = line.split("\t");
        if (version !== (await getCodeVersion()) || !name || name.includes("/")) return null;
        bodies = path.join(cacheDir, name);
        continue;
      }
      let entry: CacheEntry | CacheRemoval;
      try {
        entry = JSON.parse(line) as CacheEntry | CacheRemoval;
      } catch {
        // A line cut short by a build that was stopped while appending: what came before stands,
        // and its files, whose entries are older than they are, are read again.
        lines = Infinity;
        break;
      }
      if ("removed" in entry) delete entries[entry.file];
      else entries[entry.file] = entry;
      lines += 1;
    }
  } catch {
    return null; // no cache yet, or an unreadable one: parse everything
  }
  if (!bodies) return null;
  for (const entry of Object.values(entries)) known.set(entry.article.sourceHash, { file: bodies, ...entry.body });
  return { entries, lines, bodies };
}

/**
 * Appends `changed` and `gone` to the log, or writes it afresh from `all` when it would be mostly
 * stale lines. Every record in `changed` has its body; those in `all` need not.
 */
export async function updateCache(cacheDir: string, contentDir: string, cache: Cache | null, update: { changed: NewEntry[]; gone: string[]; all: () => NewEntry[] }): Promise<void> {
  const { changed, gone } = update;
  const live = Object.keys(cache?.entries ?? {}).length + changed.length; // at most
  try {
    if (!cache || cache.lines + changed.length + gone.length > 2 * live + 100) {
      await writeCache(cacheDir, contentDir, update.all());
    } else if (changed.length + gone.length > 0) {
      const entries = await appendBodies(cache.bodies, changed);
      const removals = gone.map((file): CacheRemoval => ({ file, removed: true }));
      // One write: lines from two builds of the same folder at once do not interleave.
      await appendFile(cachePath(cacheDir, contentDir), [...entries, ...removals].map((line) => `${JSON.stringify(line)}\n`).join(""));
    }
  } catch {
    // a cache that cannot be written only costs the next build time
  }
}

async function writeCache(cacheDir: string, contentDir: string, entries: NewEntry[]): Promise<void> {
  await mkdir(cacheDir, { recursive: true });
  const log = cachePath(cacheDir, contentDir);
  const stem = path.basename(log, ".ndjson");
  const bodies = path.join(cacheDir, `${stem}-${randomBytes(6).toString("hex")}.bodies`);
  // Bodies of records read from the old cache are copied from it; one that cannot be is left out
  // with its entry (its file is parsed again next time).
  const withBodies = entries.flatMap((entry) => {
    const html = entry.article.html ?? readKnownBody(entry.article.sourceHash);
    return html === null ? [] : [{ ...entry, article: { ...entry.article, html } }];
  });
  await replaceAtomically(log, async (temporary) => {
    const lines = await appendBodies(bodies, withBodies);
    const out = createWriteStream(temporary);
    out.write(`${await getCodeVersion()}\t${path.basename(bodies)}\n`);
    for (const line of lines) {
      if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, "drain");
    }
    out.end();
    await finished(out);
  }).catch(async (error: unknown) => {
    await rm(bodies, { force: true });
    throw error;
  });
  // Bodies files of earlier logs. A build still reading one has it open, which keeps it readable.
  for (const name of await readdir(cacheDir)) {
    if (name.startsWith(`${stem}-`) && name.endsWith(".bodies") && name !== path.basename(bodies)) await rm(path.join(cacheDir, name), { force: true });
  }
}

// Appends the entries' bodies to `file`, and returns the entries to log, each with its body's
// place and without the body itself. An entry without its body keeps its place in `file`.
async function appendBodies(file: string, entries: readonly NewEntry[]): Promise<CacheEntry[]> {
  const handle = await open(file, "a");
  try {
    let at = (await handle.stat()).size;
    const logged: CacheEntry[] = [];
    // Each body as it is placed (made into bytes once, while the writes go).
    function* bodies(): Generator<Buffer> {
      for (const { article: { html, ...article }, body: place, ...entry } of entries) {
        if (html === undefined) {
          if (!place) throw new Error(`no body for ${entry.file}`);
          logged.push({ ...entry, article: article as Article, body: place });
          continue;
        }
        const bytes = Buffer.from(html);
        const body = { at, bytes: bytes.length, sha256: sha256(bytes, "base64url") };
        at += bytes.length;
        known.set(article.sourceHash, { file, ...body });
        logged.push({ ...entry, article: article as Article, body });
        yield bytes;
      }
    }
    // Another build appending at the same moment moves these bodies; reading them then finds
    // hashes that do not match, and makes them again (see loadBodies).
    await writeInChunks(handle, bodies());
    return logged;
  } finally {
    await handle.close();
  }
}

// --- Bodies --------------------------------------------------------------------------------------

/** Bodies this process knows where to find, by their content file's SHA-256 (a body is a function of the file and the code). */
const known = new Map<string, BodyPlace>();

/** Where a body is: its bodies file, and its place there. */
export type BodyPlace = BodyRef & { file: string };

/** Where this process knows the body of the content file with SHA-256 `sourceHash` to be (for the page store to keep). */
export function knownBody(sourceHash: string): BodyPlace | undefined {
  return known.get(sourceHash);
}

/** Makes a body loadable by `loadBodies` from where `knownBody` said it was (it is checked when read). */
export function rememberBody(sourceHash: string, place: BodyPlace): void {
  known.set(sourceHash, place);
}

// A known body read and checked, or null.
function readKnownBody(sourceHash: string): string | null {
  const ref = known.get(sourceHash);
  if (!ref) return null;
  let fd: number | undefined;
  try {
    fd = openSync(ref.file, "r");
    const bytes = Buffer.alloc(ref.bytes);
    if (readSync(fd, bytes, 0, ref.bytes, ref.at) !== ref.bytes || sha256(bytes, "base64url") !== ref.sha256) return null;
    return bytes.toString("utf8");
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Gives every record in `articles` that came from the cache without its body its body: read
 * from the bodies file, or, when that is gone or damaged, by parsing its content file again.
 * `root` is the folder the records' paths are relative to.
 */
export async function loadBodies(articles: Iterable<Pick<Article, "file" | "sourceHash" | "html">>, root: string): Promise<void> {
  const missing: Pick<Article, "file" | "sourceHash" | "html">[] = [];
  for (const article of articles) {
    if (article.html !== undefined) continue;
    const body = readKnownBody(article.sourceHash);
    if (body === null) missing.push(article);
    else article.html = body;
  }
  if (missing.length === 0) return;
  const { parseArticle } = await import("./front-matter.ts");
  for (const article of missing) {
    const bytes = await readFile(path.resolve(root, article.file)).catch(() => null);
    const parsed = bytes && sha256(bytes) === article.sourceHash ? parseArticle({ file: article.file, bytes, now: Date.now() }) : null; // "now" shapes no body
    if (!parsed || Array.isArray(parsed)) {
      throw new UserError({ message: `${article.file} changed while the site was being built.`, hint: "Build again." });
    }
    article.html = parsed.html;
  }
}
