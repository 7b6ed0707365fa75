/**
 * Checks a built site the way a reader's browser and a feed reader would meet it: every page valid
 * HTML (html-validate), every feed and sitemap well-formed XML (saxes) or JSON, and every internal
 * link (href, src, srcset, and the absolute URLs of feeds, sitemaps and canonical links) pointing
 * at a file, every #fragment at an id.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { availableParallelism } from "node:os";
import { problem, sortProblems, type Problem } from "../shared/problems.ts";
import { listFiles } from "../shared/files.ts";
import { sha256 } from "../shared/hash.ts";
import { mapInWorkers } from "../shared/workers.ts";
import { PROJECT_ROOT } from "../shared/project.ts";
import { currentHashes } from "./output-files.ts";
import { openCheckCache, readSiteCheck, recordSiteCheck } from "./check-cache.ts";
import { checkFiles, VALIDATOR_CONFIG, type CheckInput, type FileCheck } from "./check-file.ts";

/** What the checker needs to know about the site. */
export interface CheckOptions {
  /** The site's path prefix, "/" or "/archive/": internal links must start with it. */
  pathPrefix: string;
  /** The site's origin, "https://archive.example.org": absolute URLs under it are internal links. */
  siteUrl: string;
}

/** How to check: with the results of earlier checks or not, and on how many threads. */
export interface CheckRun {
  /** The cache folder: its stat record of the output spares hashing, and its check results spare validating. Null for neither. */
  cacheDir: string | null;
  /** Read no earlier result: validate every file (the results are still recorded). */
  fresh?: boolean;
  /** Worker threads for validating; defaults to the cores. */
  jobs?: number | undefined;
  /** The folder's files, when known (a deploy checks what its manifest lists: what will be served); else the folder is walked. */
  files?: readonly string[];
  /** The SHA-256 of each of `files` as it is now, when the caller has just learnt them (a deploy verifying its build); else learnt here. */
  hashes?: ReadonlyMap<string, string>;
}

/** The outcome: how many pages and feeds were checked and what was wrong with them. */
export interface CheckReport {
  pages: number;
  /** Feeds and sitemaps: the .xml files and feed.json. */
  feeds: number;
  /** Of the pages and feeds, those validated this time: the others had the same bytes at an earlier check with the same rules. */
  validated: number;
  /** `file` is the page's path inside the output folder; `field` is the rule, as in `page:line: rule: message`. */
  problems: Problem[];
  /** True when the folder was as at its last check (names, bytes, rules and options), whose problems stand. */
  unchanged: boolean;
}

// Below this many files to validate, worker threads cost more to start than they save.
const WORKER_THRESHOLD = 200;

/**
 * Checks every page, feed and sitemap under `outDir`. Each file is validated and scanned for its
 * links and ids once per content: the results are kept in the cache folder under the file's
 * SHA-256 (see check-cache.ts), and only files with new bytes are validated again, on every core.
 * Links and fragments are then checked for the whole site from those results, so a page that did
 * not change still fails when the page it links to is gone.
 */
export async function checkSite(outDir: string, options: CheckOptions, run: CheckRun): Promise<CheckReport> {
  const files = run.files ? [...run.files].sort() : await listFiles(outDir);
  const fileSet = new Set(files);
  const pages = files.filter((file) => file.endsWith(".html"));
  const feeds = files.filter((file) => file.endsWith(".xml") || file === "feed.json");
  const checked = [...pages, ...feeds];
  const hashes = run.hashes ?? (await currentHashes(run.cacheDir, outDir, checked));
  const version = await checkVersion();
  // The hashes of the checked files only, whoever learnt them, so the key is the same from a check and a deploy.
  const checkedSet = new Set(checked);
  const siteKey = sha256([version, JSON.stringify(options), ...files.flatMap((name) => [name, (checkedSet.has(name) && hashes.get(name)) || ""])]);
  const report = (validated: number, problems: Problem[], unchanged = false): CheckReport => ({ pages: pages.length, feeds: feeds.length, validated, problems, unchanged });
  const last = run.cacheDir && !run.fresh ? await readSiteCheck(run.cacheDir, outDir, siteKey) : null;
  if (last) return report(0, last, true);
  const cache = run.cacheDir ? await openCheckCache(run.cacheDir, version) : null;
  const results = new Map<string, FileCheck>();
  const toValidate: { name: string; file: string }[] = [];
  for (const name of checked) {
    const known = run.fresh ? undefined : cache?.get(hashes.get(name)!);
    if (known) results.set(name, known);
    else toValidate.push({ name, file: path.join(outDir, name) });
  }
  const jobs = Math.min(run.jobs ?? availableParallelism(), Math.ceil(toValidate.length / WORKER_THRESHOLD));
  const validated = jobs > 1 ? await mapInWorkers<CheckInput, FileCheck>("src/output/check-worker.ts", toValidate, jobs) : await checkFiles(toValidate);
  for (const [i, { name }] of toValidate.entries()) results.set(name, validated[i]!);
  await cache?.record(new Map(toValidate.map(({ name }, i) => [hashes.get(name)!, validated[i]!])), new Set(checked.map((name) => hashes.get(name)!)));

  const problems: Problem[] = [];
  for (const [name, result] of results) for (const [line, rule, message] of result.problems) problems.push(siteProblem(name, line, rule, message));
  problems.push(...checkLinks(results, fileSet, options));
  const sorted = sortProblems(problems);
  if (run.cacheDir) await recordSiteCheck(run.cacheDir, outDir, siteKey, sorted);
  return report(toValidate.length, sorted);
}

// What decides a file's check result besides its bytes: the code that checks a file (check-file.ts)
// and keeps its result (check-cache.ts), the versions of the parsers and validator it uses, and the rules.
async function checkVersion(): Promise<string> {
  const code = await Promise.all(["check-file.ts", "check-cache.ts"].map((name) => readFile(path.join(PROJECT_ROOT, "src/output", name))));
  const lock = JSON.parse(await readFile(path.join(PROJECT_ROOT, "package-lock.json"), "utf8").catch(() => "{}")) as { packages?: Record<string, { version?: string }> };
  const versions = ["html-validate", "htmlparser2", "saxes"].map((name) => lock.packages?.[`node_modules/${name}`]?.version ?? "unknown");
  return sha256([...code, ...versions, JSON.stringify(VALIDATOR_CONFIG)]);
}

// Every link of every checked file against the files and ids of the site. What a URL leads to is
// judged once per distinct URL (per folder, for relative ones): the same few hundred recur on
// every page, and a site has about a hundred links per page.
function checkLinks(results: ReadonlyMap<string, FileCheck>, files: ReadonlySet<string>, options: CheckOptions): Problem[] {
  const problems: Problem[] = [];
  const ids = new Map<string, Set<string>>();
  const idsOf = (file: string): Set<string> => {
    let set = ids.get(file);
    if (!set) ids.set(file, (set = new Set(results.get(file)?.ids ?? [])));
    return set;
  };
  const verdicts = new Map<string, LinkVerdict>();
  for (const [page, result] of results) {
    const pageUrl = `${options.pathPrefix}${page.replace(/(^|\/)index\.html$/, "$1")}`;
    const folder = pageUrl.slice(0, pageUrl.lastIndexOf("/") + 1);
    for (const [attribute, url, line] of result.links) {
      const key = url.startsWith("/") && !url.startsWith("//") ? url : `${folder}\0${url}`;
      let verdict = verdicts.get(key);
      if (verdict === undefined) verdicts.set(key, (verdict = judgeLink(url, pageUrl, options, files, idsOf)));
      if (verdict) problems.push(siteProblem(page, line, verdict.rule, `${attribute} ${JSON.stringify(url)} ${verdict.message}`));
    }
  }
  return problems;
}

/** A problem in a built page as its path from the working folder will show it: `_site/tags/index.html`. */
export function inOutput(p: Problem, outDir: string): Problem {
  return { ...p, file: `${outDir.replace(/\/+$/, "")}/${p.file}` };
}

// A built page's problem names its rule where a content problem names its field.
function siteProblem(page: string, line: number, rule: string, message: string): Problem {
  return problem({ file: page, line, field: rule, rule, message });
}

/** What is wrong with where a link leads, or null when it leads to a file (and id) of the site, or off the site. */
type LinkVerdict = { rule: string; message: string } | null;

function judgeLink(url: string, pageUrl: string, options: CheckOptions, files: ReadonlySet<string>, idsOf: (file: string) => Set<string>): LinkVerdict {
  const { pathPrefix, siteUrl } = options;
  // An absolute URL on the site's own origin (a canonical link, a feed entry) is an internal link.
  const local = url.startsWith(`${siteUrl}/`) ? url.slice(siteUrl.length) : url;
  if (local === "" || /^[a-z][a-z0-9+.-]*:/i.test(local) || local.startsWith("//")) return null; // external or empty
  const target = new URL(local, new URL(pageUrl, "http://site.invalid"));
  if (!target.pathname.startsWith(pathPrefix)) return { rule: "link/prefix", message: `is outside the site's path prefix ${pathPrefix}.` };
  let file = decodeURIComponent(target.pathname.slice(pathPrefix.length));
  if (file === "" || file.endsWith("/")) file += "index.html";
  if (!files.has(file)) return { rule: "link/broken", message: `points to no file (looked for ${file}).` };
  const fragment = decodeURIComponent(target.hash.slice(1));
  if (fragment !== "" && file.endsWith(".html") && !idsOf(file).has(fragment)) {
    return { rule: "link/fragment", message: `points to no element with id "${fragment}" in ${file}.` };
  }
  return null;
}
