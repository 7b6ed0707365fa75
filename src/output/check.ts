/**
 * Checks a built site the way a reader's browser and a feed reader would meet it: every page valid
 * HTML (html-validate), every feed and sitemap well-formed XML (saxes) or JSON, and every internal
 * link (href, src, srcset, and the absolute URLs of feeds, sitemaps and canonical links) pointing
 * at a file, every #fragment at an id.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Parser } from "htmlparser2";
import type { ConfigData, HtmlValidate, ResolvedConfig } from "html-validate";
import { SaxesParser } from "saxes";
import { availableParallelism } from "node:os";
import { problem, sortProblems, type Problem } from "../shared/problems.ts";
import { listFiles } from "../shared/files.ts";
import { sha256 } from "../shared/hash.ts";
import { mapInWorkers } from "../shared/workers.ts";
import { PROJECT_ROOT } from "../shared/project.ts";
import { fileURLToPath } from "node:url";
import { currentHashes } from "./output-files.ts";
import { openCheckCache } from "./check-cache.ts";

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
}

// https://html-validate.org/rules/presets.html: "recommended" covers validity, accessibility
// basics (img alt, labels, headings) and deprecated markup. long-title is off: a page's <title> is
// the headline as the publication wrote it, and an archive does not shorten headlines for SEO.
// void-style is off: `<img />` and `<img>` are both valid HTML, and sanitize-html writes the first.
const VALIDATOR_CONFIG = { extends: ["html-validate:recommended"], rules: { "long-title": "off", "void-style": "off" } } satisfies ConfigData;

// html-validate, loaded when a file must be validated: a check that finds every result in the cache does without it.
let validator: Promise<HtmlValidate> | undefined;
function loadValidator(): Promise<HtmlValidate> {
  validator ??= import("html-validate").then(({ HtmlValidate, StaticConfigLoader }) => {
    // html-validate resolves its configuration again for every file it validates (40% of the
    // time, with as much again in garbage); it is the same for every page here, so it is resolved once.
    class ResolvedOnce extends StaticConfigLoader {
      #resolved: ResolvedConfig | Promise<ResolvedConfig> | undefined;
      override getConfigFor(handle: string, override?: ConfigData): ResolvedConfig | Promise<ResolvedConfig> {
        return override ? super.getConfigFor(handle, override) : (this.#resolved ??= super.getConfigFor(handle));
      }
    }
    return new HtmlValidate(new ResolvedOnce(VALIDATOR_CONFIG));
  });
  return validator;
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
  const files = await listFiles(outDir);
  const fileSet = new Set(files);
  const pages = files.filter((file) => file.endsWith(".html"));
  const feeds = files.filter((file) => file.endsWith(".xml") || file === "feed.json");
  const checked = [...pages, ...feeds];
  const hashes = await currentHashes(run.cacheDir, outDir, checked);
  const cache = run.cacheDir ? await openCheckCache(run.cacheDir, await checkVersion()) : null;
  const results = new Map<string, FileCheck>();
  const toValidate: { name: string; file: string }[] = [];
  for (const name of checked) {
    const known = run.fresh ? undefined : cache?.get(hashes.get(name)!);
    if (known) results.set(name, known);
    else toValidate.push({ name, file: path.join(outDir, name) });
  }
  const jobs = Math.min(run.jobs ?? availableParallelism(), Math.ceil(toValidate.length / WORKER_THRESHOLD));
  const validated = jobs > 1 ? await mapInWorkers<CheckInput, FileCheck>(new URL("./check-worker.ts", import.meta.url), toValidate, jobs) : await checkFiles(toValidate);
  for (const [i, { name }] of toValidate.entries()) results.set(name, validated[i]!);
  await cache?.record(new Map(toValidate.map(({ name }, i) => [hashes.get(name)!, validated[i]!])), new Set(checked.map((name) => hashes.get(name)!)));

  const problems: Problem[] = [];
  for (const [name, result] of results) for (const [line, rule, message] of result.problems) problems.push(siteProblem(name, line, rule, message));
  problems.push(...checkLinks(results, fileSet, options));
  return { pages: pages.length, feeds: feeds.length, validated: toValidate.length, problems: sortProblems(problems) };
}

/** A file to validate: its path in the output and on disk. */
export interface CheckInput {
  name: string;
  file: string;
}

/** Validates and scans files one after another (a worker thread's batch, or a few files in the main thread). */
export async function checkFiles(inputs: readonly CheckInput[]): Promise<FileCheck[]> {
  const results: FileCheck[] = [];
  for (const { name, file } of inputs) results.push(await checkFile(name, await readFile(file, "utf8")));
  return results;
}

/** Validates one page, feed or sitemap (`name` is its path in the output) and lists its links and ids. */
export async function checkFile(name: string, text: string): Promise<FileCheck> {
  if (!name.endsWith(".html")) {
    const scan = name.endsWith(".xml") ? scanXml(text) : scanJsonFeed(text);
    return { problems: scan.errors.map((error) => [error.line, error.rule, error.message]), ids: [], links: scan.links };
  }
  const report = await (await loadValidator()).validateString(text, name);
  const problems = report.results.flatMap((result) => result.messages.map((message): FileCheck["problems"][number] => [message.line, `html/${message.ruleId}`, message.message]));
  return { problems, ...scanPage(text) };
}

// What decides a file's check result besides its bytes: the code that checks (this module and
// the cache's), the versions of the parsers and validator it uses, and the rules.
async function checkVersion(): Promise<string> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const code = await Promise.all(["check.ts", "check-cache.ts"].map((name) => readFile(path.join(here, name))));
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

/** What a scan of one feed or sitemap found wrong, before it is tied to its file. */
interface ScanError {
  line: number;
  rule: string;
  message: string;
}

/** What validating and scanning one file found: what the check cache keeps under the file's hash. */
export interface FileCheck {
  /** Line, rule and message of each problem in the file itself. */
  problems: [line: number, rule: string, message: string][];
  /** The ids (and `<a name>`s) a #fragment can point at. */
  ids: string[];
  links: Link[];
}

/** A link as written: the attribute (or feed field) holding it, the URL, its line. */
type Link = [attribute: string, url: string, line: number];

const LINK_ATTRIBUTES: Record<string, string[]> = {
  a: ["href"],
  area: ["href"],
  link: ["href"],
  img: ["src", "srcset"],
  source: ["src", "srcset"],
  script: ["src"],
  iframe: ["src"],
  video: ["src", "poster"],
  audio: ["src"],
};

function scanPage(html: string): Pick<FileCheck, "ids" | "links"> {
  const ids = new Set<string>();
  const links: Link[] = [];
  const newlines: number[] = [];
  for (let i = html.indexOf("\n"); i !== -1; i = html.indexOf("\n", i + 1)) newlines.push(i);
  const lineAt = (index: number): number => {
    let low = 0;
    let high = newlines.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (newlines[mid]! < index) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  };
  const parser: Parser = new Parser({
    onopentag(name, attributes) {
      if (attributes.id !== undefined) ids.add(attributes.id);
      if (name === "a" && attributes.name !== undefined) ids.add(attributes.name);
      for (const attribute of LINK_ATTRIBUTES[name] ?? []) {
        const value = attributes[attribute];
        if (value === undefined) continue;
        const urls = attribute === "srcset" ? value.split(",").map((candidate) => candidate.trim().split(/\s+/)[0] ?? "") : [value];
        for (const url of urls) links.push([attribute, url, lineAt(parser.startIndex)]);
      }
    },
  });
  parser.end(html);
  return { ids: [...ids], links };
}

// Feeds and sitemaps: well-formedness, and the URLs a reader follows (link href, sitemap loc).
function scanXml(xml: string): { errors: ScanError[]; links: Link[] } {
  const errors: ScanError[] = [];
  const links: Link[] = [];
  const parser = new SaxesParser({ position: true });
  let inLoc = false;
  // The first error only: as in a feed reader, what follows it is not read as intended.
  parser.on("error", (error) => {
    const [, line, message] = /^(\d+):\d+: (.*)$/s.exec(error.message) ?? [];
    if (errors.length === 0) errors.push({ line: Number(line ?? parser.line), rule: "xml/well-formed", message: message ?? error.message });
  });
  parser.on("opentag", (tag) => {
    inLoc = tag.name === "loc";
    const href = tag.attributes.href;
    if (tag.name === "link" && typeof href === "string") links.push(["href", href, parser.line]);
  });
  parser.on("text", (text) => {
    if (inLoc) links.push(["loc", text.trim(), parser.line]);
  });
  parser.on("closetag", () => (inLoc = false));
  parser.write(xml).close();
  return { errors, links };
}

function scanJsonFeed(text: string): { errors: ScanError[]; links: Link[] } {
  let feed: { home_page_url?: string; feed_url?: string; items?: { url?: string }[] };
  try {
    feed = JSON.parse(text) as typeof feed;
  } catch (error) {
    return { errors: [{ line: 1, rule: "json/syntax", message: (error as Error).message }], links: [] };
  }
  const urls = [feed.home_page_url, feed.feed_url, ...(feed.items ?? []).map((item) => item.url)];
  return { errors: [], links: urls.filter((url): url is string => typeof url === "string").map((url): Link => ["url", url, 1]) };
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
