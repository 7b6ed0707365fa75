/**
 * The state of a finished build, kept in the cache folder so that the next build can see, without
 * loading the archive, that nothing it is made from changed ("up to date", as make says). Its
 * inputs are: this code and its dependencies, the settings and flags, the working folder (messages
 * name files relative to it), the files of site.json, templates/ and public/ by their bytes, the
 * article files by their stat signatures, and "now" as far as it decides which articles are out
 * (scheduled). The output must still be what the build wrote: its manifest has the same hash, and
 * each file it lists the same stat signature as the build recorded (`output-files.ts`). When only
 * some article files differ, a patch build may do (`patch-build.ts`); when anything else differs,
 * or anything is in doubt, the build runs in full.
 */
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { PUBLIC_DIR, TEMPLATES_DIR } from "../shared/project.ts";
import { listFiles } from "../shared/files.ts";
import { sha256 } from "../shared/hash.ts";
import { recordable } from "../shared/file-signature.ts";
import { writeFileAtomically } from "../shared/atomic-write.ts";
import { contentSignatures } from "../content/load.ts";
import { getCodeVersion } from "../content/parse-cache.ts";
import type { Article } from "../content/article.ts";
import type { Problem } from "../shared/problems.ts";
import { MANIFEST_FILE, type Manifest, type ManifestDiff } from "./manifest.ts";
import { outputUnchanged } from "./output-files.ts";

/** What a build is made from, as found when it starts. */
export interface BuildInputs {
  /** A hash of everything but the article files and "now". */
  key: string;
  /** Article files (relative to the content folder) → stat signature; null when the folder could not be listed cleanly (a full load reports why). */
  content: Map<string, string> | null;
  /** When the signatures were taken (epoch ms), for the "racily clean" rule. */
  observedAt: number;
}

/** What a build did: the problems it found and, when it wrote a site, what it wrote. */
export interface BuildResult {
  /** Errors and notices, sorted by file and line. */
  problems: Problem[];
  /** Null when content errors stopped the build (nothing was written). */
  written: {
    articles: number;
    pages: number;
    rendered: number;
    changes: ManifestDiff;
    /** Pages in the search index and the time it took; null when the index was skipped or not touched. */
    search: { pages: number; ms: number } | null;
    /** True when nothing the output is made from had changed, so nothing was read, rendered or written. */
    upToDate: boolean;
    /** True when only edited articles' pages, feeds and search bundles were made again (`patch-build.ts`). */
    patched: boolean;
  } | null;
}

/** What a finished build recorded about itself; see the module comment. */
export interface BuildState {
  version: number;
  key: string;
  content: Record<string, string>;
  /** "now" keeps the same articles scheduled while it is at least `publishedUntil` and before `scheduledFrom` (epoch ms; null: none). */
  publishedUntil: number | null;
  scheduledFrom: number | null;
  /** SHA-256 of the output's manifest file. */
  manifest: string;
  /** What the build reported, printed again by a build that finds it up to date. */
  problems: Problem[];
  articles: number;
  pages: number;
}

const VERSION = 1;

/** Where the state of builds of `contentDir` into `outDir` is kept. */
function statePath(cacheDir: string, contentDir: string, outDir: string): string {
  return path.join(cacheDir, `state-${sha256([path.resolve(contentDir), "\0", path.resolve(outDir)]).slice(0, 16)}.json`);
}

/** Reads what a build of `contentDir` with `settings` is made from (the settings: anything that shapes the output, as JSON). */
export async function readBuildInputs(contentDir: string, settings: object): Promise<BuildInputs> {
  const observedAt = Date.now();
  const content = await contentSignatures(contentDir);
  const parts: (string | Uint8Array)[] = [String(VERSION), await getCodeVersion(), process.cwd(), path.resolve(contentDir), JSON.stringify(settings)];
  parts.push(await readFile(path.join(contentDir, "site.json")).catch(() => "no site.json"));
  for (const dir of [TEMPLATES_DIR, PUBLIC_DIR]) {
    for (const name of await listFiles(dir).catch(() => [])) parts.push("\0", name, "\0", await readFile(path.join(dir, name)));
  }
  return { key: sha256(parts), content, observedAt };
}

/** True when `outDir` is still exactly what the last build (`readLastBuild`) made, and would make again: nothing it is made from changed. */
export async function isUpToDate(cacheDir: string, outDir: string, last: LastBuild): Promise<boolean> {
  return last.changed.length === 0 && (await outputUnchanged(cacheDir, outDir, last.manifest));
}

/** The last finished build into an output folder, as `readLastBuild` finds it. */
export interface LastBuild {
  state: BuildState;
  /** The output's manifest, which the state names by its hash. */
  manifest: Manifest;
  /** Article files (relative to the content folder) whose signature is not the one recorded. */
  changed: string[];
}

/**
 * The state of the last build of `contentDir` into `outDir`, when everything it was made from but
 * some article files is the same as in `inputs` at `now` (the same article files, the same ones
 * scheduled), and the output's manifest is still the one it wrote; else null. The output's other
 * files are not looked at (`outputUnchanged`).
 */
export async function readLastBuild(cacheDir: string, contentDir: string, outDir: string, inputs: BuildInputs, now: number): Promise<LastBuild | null> {
  if (!inputs.content) return null;
  let state: BuildState;
  try {
    state = JSON.parse(await readFile(statePath(cacheDir, contentDir, outDir), "utf8")) as BuildState;
  } catch {
    return null; // none, or unreadable: build
  }
  if (state?.version !== VERSION || state.key !== inputs.key || !Array.isArray(state.problems)) return null;
  if ((state.publishedUntil !== null && now < state.publishedUntil) || (state.scheduledFrom !== null && now >= state.scheduledFrom)) return null;
  const recorded = Object.entries(state.content ?? {});
  if (recorded.length !== inputs.content.size || recorded.some(([file]) => !inputs.content!.has(file))) return null;
  const changed = recorded.filter(([file, signature]) => signature === "" || inputs.content!.get(file) !== signature).map(([file]) => file);
  const manifest = await readFile(path.join(outDir, MANIFEST_FILE)).catch(() => null);
  if (!manifest || sha256(manifest) !== state.manifest) return null;
  try {
    return { state, manifest: JSON.parse(manifest.toString("utf8")) as Manifest, changed };
  } catch {
    return null;
  }
}

/** Forgets the state of `outDir`'s builds: called before a build changes the folder. */
export async function forgetBuildState(cacheDir: string, contentDir: string, outDir: string): Promise<void> {
  await rm(statePath(cacheDir, contentDir, outDir), { force: true });
}

/** Records a finished build: made from `inputs` (as read before it loaded anything), of `articles` (every record, drafts and scheduled too), at `now`. Returns the SHA-256 of the manifest it recorded, or null when it recorded nothing. */
export async function recordBuildState(
  cacheDir: string,
  contentDir: string,
  outDir: string,
  build: { inputs: BuildInputs; articles: readonly Article[]; now: number; problems: Problem[]; published: number; pages: number },
): Promise<string | null> {
  const { inputs, articles, now } = build;
  if (!inputs.content) return null;
  let publishedUntil: number | null = null;
  let scheduledFrom: number | null = null;
  for (const { epochMs } of articles.map((article) => article.date)) {
    if (epochMs <= now) publishedUntil = Math.max(publishedUntil ?? epochMs, epochMs);
    else scheduledFrom = Math.min(scheduledFrom ?? epochMs, epochMs);
  }
  const manifest = await manifestHash(outDir);
  if (!manifest) return null;
  const state: BuildState = {
    version: VERSION,
    key: inputs.key,
    content: recordableContent(inputs.content, inputs.observedAt),
    publishedUntil,
    scheduledFrom,
    manifest,
    problems: build.problems,
    articles: build.published,
    pages: build.pages,
  };
  await writeFileAtomically(statePath(cacheDir, contentDir, outDir), JSON.stringify(state)).catch(() => {}); // only costs the next build time
  return manifest;
}

// A file changed within a clock tick of being looked at may change again unseen: recorded as "", never up to date.
function recordableContent(content: ReadonlyMap<string, string>, observedAt: number): Record<string, string> {
  return Object.fromEntries([...content].map(([file, signature]) => [file, recordable(signature, observedAt)]));
}

/** Records a build that changed only the pages of `inputs`' changed article files (`patch-build.ts`), into the output whose manifest has the SHA-256 `manifest`: the rest of `last` stands. */
export async function recordPatchedState(cacheDir: string, contentDir: string, outDir: string, last: BuildState, inputs: BuildInputs, manifest: string): Promise<void> {
  if (!inputs.content) return;
  const content = recordableContent(inputs.content, inputs.observedAt);
  await writeFileAtomically(statePath(cacheDir, contentDir, outDir), JSON.stringify({ ...last, content, manifest })).catch(() => {});
}

/** The SHA-256 of `outDir`'s manifest file, as build states name it; null when there is none. */
export async function manifestHash(outDir: string): Promise<string | null> {
  const manifest = await readFile(path.join(outDir, MANIFEST_FILE)).catch(() => null);
  return manifest && sha256(manifest);
}
