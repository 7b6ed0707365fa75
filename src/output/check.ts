/**
 * Checks a built site the way a reader's browser and a feed reader would meet it: every page valid
 * HTML (html-validate), every feed and sitemap well-formed XML (saxes) or JSON, and every internal
 * link (href, src, srcset, and the absolute URLs of feeds, sitemaps and canonical links) pointing
 * at a file, every #fragment at an id.
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { availableParallelism } from "node:os";
import { problem, sortProblems, type Problem } from "../shared/problems.ts";
import { listFiles } from "../shared/files.ts";
import { sha256 } from "../shared/hash.ts";
import { mapInWorkers } from "../shared/workers.ts";
import { PROJECT_ROOT } from "../shared/project.ts";
import { currentHashes } from "./output-files.ts";
import { appendCheckResults, openCheckCache, readSiteCheck, recordSiteCheck } from "./check-cache.ts";
import { checkFiles, scanIds, VALIDATOR_CONFIG, type CheckInput, type FileCheck } from "./check-file.ts";

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

// Most changed files a check judges on their own (see `checkSite`); with more, it checks in full,
// when the log's results spare validating files that were seen before (a template edited, then undone).
const MOST_CHANGED = 200;

/**
 * Checks every page, feed and sitemap under `outDir`. Each file is validated and scanned for its
 * links and ids once per content: the results are kept in the cache folder under the file's
 * SHA-256 (see check-cache.ts), and only files with new bytes are validated again, on every core.
 * Links and fragments are then checked for the whole site from those results, so a page that did
 * not change still fails when the page it links to is gone.
 *
 * After a check of the folder, when few files changed and the last check found no broken link,
 * only the changed files are validated and their links judged: every other file's problems stand,
 * as its bytes and every link of it still lead where they did. The last check's record says so:
 * no file it removed was a link's target, and each changed page keeps every id a link pointed at
 * in it. When either is not so, the whole site is checked.
 */
export async function checkSite(outDir: string, options: CheckOptions, run: CheckRun): Promise<CheckReport> {
  const files = run.files ? [...run.files].sort() : await listFiles(outDir);
  const fileSet = new Set(files);
  const pages = files.filter((file) => file.endsWith(".html"));
  const feeds = files.filter((file) => file.endsWith(".xml") || file === "feed.json");
  const checked = [...pages, ...feeds];
  const hashes = run.hashes ?? (await currentHashes(run.cacheDir, outDir, checked));
  const version = await checkVersion();
  // What every result of this check depends on besides the files: the version of the file checks, this module's code (how links are judged) and the options.
  const base = sha256([version, await readFile(path.join(PROJECT_ROOT, "src/output/check.ts")), JSON.stringify(options)]);
  // The hashes of the checked files only, whoever learnt them, so the key is the same from a check and a deploy.
  const checkedSet = new Set(checked);
  const hashOf = (name: string): string => (checkedSet.has(name) && hashes.get(name)) || "";
  const siteKey = sha256([base, ...files.flatMap((name) => [name, hashOf(name)])]);
  const report = (validated: number, problems: Problem[], unchanged = false): CheckReport => ({ pages: pages.length, feeds: feeds.length, validated, problems, unchanged });
  const last = run.cacheDir && !run.fresh ? await readSiteCheck(run.cacheDir, outDir) : null;
  if (last?.key === siteKey) return report(0, last.problems, true);
  const record = async (problems: Problem[], { targets, fragments }: Omit<SiteLinks, "problems">): Promise<void> => {
    if (!run.cacheDir) return;
    const hashesByName = Object.fromEntries(files.map((name) => [name, hashOf(name)]));
    await recordSiteCheck(run.cacheDir, outDir, { key: siteKey, base, problems, files: hashesByName, targets: [...targets], fragments: Object.fromEntries([...fragments].map(([file, ids]) => [file, [...ids]])) });
  };

  // Only what changed, when the last check allows it.
  const changed = last?.base === base ? checked.filter((name) => last.files[name] !== hashOf(name)) : null;
  const targets = new Set(last?.targets);
  const brokenBefore = last?.problems.some((p) => p.rule.startsWith("link/"));
  let validatedFirst = 0; // files validated here before the whole site had to be checked: their results are in the log
  if (last && changed && changed.length <= MOST_CHANGED && !brokenBefore && !Object.keys(last.files).some((name) => !fileSet.has(name) && targets.has(name))) {
    const results = await validate(changed.map((name) => ({ name, file: path.join(outDir, name) })), run.jobs);
    await appendCheckResults(run.cacheDir!, version, new Map(changed.map((name) => [hashOf(name), results.get(name)!])));
    validatedFirst = changed.length;
    const keepsIds = changed.every((name) => {
      const ids = new Set(results.get(name)!.ids);
      return (last.fragments[name] ?? []).every((id) => ids.has(id));
    });
    if (keepsIds) {
      const unchanged = (p: Problem) => fileSet.has(p.file) && !results.has(p.file);
      const idsOf = (file: string): string[] => results.get(file)?.ids ?? scanIds(readFileSync(path.join(outDir, file), "utf8"));
      const links = checkLinks(results, fileSet, options, idsOf);
      for (const target of links.targets) targets.add(target);
      for (const [file, ids] of Object.entries(last.fragments)) for (const id of ids) addTo(links.fragments, file, id);
      const sorted = sortProblems([...last.problems.filter(unchanged), ...ownProblems(results), ...links.problems]);
      await record(sorted, { targets, fragments: links.fragments });
      return report(changed.length, sorted);
    }
  }

  // The whole site.
  const cache = run.cacheDir ? await openCheckCache(run.cacheDir, version) : null;
  const results = new Map<string, FileCheck>();
  const toValidate: { name: string; file: string }[] = [];
  for (const name of checked) {
    const known = run.fresh ? undefined : cache?.get(hashes.get(name)!);
    if (known) results.set(name, known);
    else toValidate.push({ name, file: path.join(outDir, name) });
  }
  const validated = await validate(toValidate, run.jobs);
  for (const [name, result] of validated) results.set(name, result);
  await cache?.record(new Map([...validated].map(([name, result]) => [hashes.get(name)!, result])), new Set(checked.map((name) => hashes.get(name)!)));
  const links = checkLinks(results, fileSet, options, (file) => results.get(file)?.ids ?? []);
  const sorted = sortProblems([...ownProblems(results), ...links.problems]);
  await record(sorted, links);
  return report(toValidate.length + validatedFirst, sorted);
}

// html-validate makes a page's worth of short-lived objects for every page it validates. With a
// young generation of 192 MB, collecting them fell from 7.5% to 3.8% of a worker's time.
const WORKER_HEAP = { maxYoungGenerationSizeMb: 192 };

// Validates and scans `inputs`, on every core when there are enough of them.
async function validate(inputs: readonly CheckInput[], jobs: number | undefined): Promise<Map<string, FileCheck>> {
  const threads = Math.min(jobs ?? availableParallelism(), Math.ceil(inputs.length / WORKER_THRESHOLD));
  const results = threads > 1 ? await mapInWorkers<CheckInput, FileCheck>("src/output/check-worker.ts", inputs, threads, WORKER_HEAP) : await checkFiles(inputs);
  return new Map(inputs.map(({ name }, i) => [name, results[i]!]));
}

// The problems each file has in itself.
function ownProblems(results: ReadonlyMap<string, FileCheck>): Problem[] {
  return [...results].flatMap(([name, result]) => result.problems.map(([line, rule, message]) => siteProblem(name, line, rule, message)));
}

// What decides a file's check result besides its bytes: the code that checks a file (check-file.ts)
// and keeps its result (check-cache.ts), the versions of the parsers and validator it uses, and the rules.
async function checkVersion(): Promise<string> {
  const code = await Promise.all(["check-file.ts", "check-cache.ts"].map((name) => readFile(path.join(PROJECT_ROOT, "src/output", name))));
  const lock = JSON.parse(await readFile(path.join(PROJECT_ROOT, "package-lock.json"), "utf8").catch(() => "{}")) as { packages?: Record<string, { version?: string }> };
  const versions = ["html-validate", "htmlparser2", "saxes"].map((name) => lock.packages?.[`node_modules/${name}`]?.version ?? "unknown");
  return sha256([...code, ...versions, JSON.stringify(VALIDATOR_CONFIG)]);
}

/** What the links of the checked files found, and where they led: every file (found or not), and the ids of each page they point at. */
interface SiteLinks {
  problems: Problem[];
  targets: Set<string>;
  fragments: Map<string, Set<string>>;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

// Every link of every file in `results` against the files of the site and the ids of its pages
// (`idsOf`). What a URL leads to is judged once per distinct URL (per folder, for relative ones):
// the same few hundred recur on every page, and a site has about a hundred links per page.
function checkLinks(results: ReadonlyMap<string, FileCheck>, files: ReadonlySet<string>, options: CheckOptions, idsOf: (file: string) => string[]): SiteLinks {
  const links: SiteLinks = { problems: [], targets: new Set(), fragments: new Map() };
  const ids = new Map<string, Set<string>>();
  const hasId = (file: string, id: string): boolean => {
    let set = ids.get(file);
    if (!set) ids.set(file, (set = new Set(idsOf(file))));
    return set.has(id);
  };
  const judged = new Map<string, { target: LinkTarget | null; verdict: LinkVerdict }>();
  for (const [page, result] of results) {
    const pageUrl = `${options.pathPrefix}${page.replace(/(^|\/)index\.html$/, "$1")}`;
    const folder = pageUrl.slice(0, pageUrl.lastIndexOf("/") + 1);
    for (const [attribute, url, line] of result.links) {
      const key = url.startsWith("/") && !url.startsWith("//") ? url : `${folder}\0${url}`;
      let link = judged.get(key);
      if (link === undefined) judged.set(key, (link = judgeLink(url, pageUrl, options, files, hasId)));
      if (link.target) {
        links.targets.add(link.target.file);
        if (link.target.fragment !== "" && link.target.file.endsWith(".html")) addTo(links.fragments, link.target.file, link.target.fragment);
      }
      if (link.verdict) links.problems.push(siteProblem(page, line, link.verdict.rule, `${attribute} ${JSON.stringify(url)} ${link.verdict.message}`));
    }
  }
  return links;
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

/** The file of the site a link leads to (found or not), and its #fragment ("" for none). */
interface LinkTarget {
  file: string;
  fragment: string;
}

// Where a link leads (null: off the site, or outside its prefix) and what is wrong with that.
function judgeLink(url: string, pageUrl: string, options: CheckOptions, files: ReadonlySet<string>, hasId: (file: string, id: string) => boolean): { target: LinkTarget | null; verdict: LinkVerdict } {
  const { pathPrefix, siteUrl } = options;
  // An absolute URL on the site's own origin (a canonical link, a feed entry) is an internal link.
  const local = url.startsWith(`${siteUrl}/`) ? url.slice(siteUrl.length) : url;
  if (local === "" || /^[a-z][a-z0-9+.-]*:/i.test(local) || local.startsWith("//")) return { target: null, verdict: null }; // external or empty
  const resolved = new URL(local, new URL(pageUrl, "http://site.invalid"));
  if (!resolved.pathname.startsWith(pathPrefix)) return { target: null, verdict: { rule: "link/prefix", message: `is outside the site's path prefix ${pathPrefix}.` } };
  let file = decodeURIComponent(resolved.pathname.slice(pathPrefix.length));
  if (file === "" || file.endsWith("/")) file += "index.html";
  const target = { file, fragment: decodeURIComponent(resolved.hash.slice(1)) };
  if (!files.has(file)) return { target, verdict: { rule: "link/broken", message: `points to no file (looked for ${file}).` } };
  if (target.fragment !== "" && file.endsWith(".html") && !hasId(file, target.fragment)) {
    return { target, verdict: { rule: "link/fragment", message: `points to no element with id "${target.fragment}" in ${file}.` } };
  }
  return { target, verdict: null };
}
