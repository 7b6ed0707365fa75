/**
 * Checks a built site the way a reader's browser and a feed reader would meet it: every page valid
 * HTML (html-validate), every feed and sitemap well-formed XML (saxes) or JSON, and every internal
 * link (href, src, srcset, and the absolute URLs of feeds, sitemaps and canonical links) pointing
 * at a file, every #fragment at an id.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Parser } from "htmlparser2";
import { HtmlValidate, StaticConfigLoader } from "html-validate";
import { SaxesParser } from "saxes";
import { problem, sortProblems, type Problem } from "../shared/problems.ts";
import { listFiles } from "../shared/files.ts";

/** What the checker needs to know about the site. */
export interface CheckOptions {
  /** The site's path prefix, "/" or "/archive/": internal links must start with it. */
  pathPrefix: string;
  /** The site's origin, "https://archive.example.org": absolute URLs under it are internal links. */
  siteUrl: string;
}

/** The outcome: how many pages and feeds were checked and what was wrong with them. */
export interface CheckReport {
  pages: number;
  /** Feeds and sitemaps: the .xml files and feed.json. */
  feeds: number;
  /** `file` is the page's path inside the output folder; `field` is the rule, as in `page:line: rule: message`. */
  problems: Problem[];
}

// https://html-validate.org/rules/presets.html: "recommended" covers validity, accessibility
// basics (img alt, labels, headings) and deprecated markup. long-title is off: a page's <title> is
// the headline as the publication wrote it, and an archive does not shorten headlines for SEO.
// void-style is off: `<img />` and `<img>` are both valid HTML, and sanitize-html writes the first.
const validator = new HtmlValidate(
  new StaticConfigLoader({ extends: ["html-validate:recommended"], rules: { "long-title": "off", "void-style": "off" } }),
);

/** Checks every page under `outDir`. */
export async function checkSite(outDir: string, options: CheckOptions): Promise<CheckReport> {
  const files = await listFiles(outDir);
  const fileSet = new Set(files);
  const pages = files.filter((file) => file.endsWith(".html"));
  const problems: Problem[] = [];
  const scanned = new Map<string, PageScan>();

  for (const page of pages) {
    const html = await readFile(path.join(outDir, page), "utf8");
    const report = await validator.validateString(html, page);
    for (const result of report.results) {
      for (const message of result.messages) {
        problems.push(siteProblem(page, message.line, `html/${message.ruleId}`, message.message));
      }
    }
    scanned.set(page, scanPage(html));
  }
  const feeds = files.filter((file) => file.endsWith(".xml") || file === "feed.json");
  for (const feed of feeds) {
    const text = await readFile(path.join(outDir, feed), "utf8");
    const scan = feed.endsWith(".xml") ? scanXml(text) : scanJsonFeed(text);
    problems.push(...scan.errors.map((error) => siteProblem(feed, error.line, error.rule, error.message)));
    scanned.set(feed, { ids: new Set(), links: scan.links });
  }

  for (const [page, scan] of scanned) {
    for (const link of scan.links) {
      const found = checkLink(page, link, fileSet, scanned, options);
      if (found) problems.push(found);
    }
  }
  return { pages: pages.length, feeds: feeds.length, problems: sortProblems(problems) };
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

interface Link {
  attribute: string;
  url: string;
  line: number;
}

interface PageScan {
  ids: Set<string>;
  links: Link[];
}

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

function scanPage(html: string): PageScan {
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
        for (const url of urls) links.push({ attribute, url, line: lineAt(parser.startIndex) });
      }
    },
  });
  parser.end(html);
  return { ids, links };
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
    if (tag.name === "link" && typeof href === "string") links.push({ attribute: "href", url: href, line: parser.line });
  });
  parser.on("text", (text) => {
    if (inLoc) links.push({ attribute: "loc", url: text.trim(), line: parser.line });
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
  return { errors: [], links: urls.filter((url): url is string => typeof url === "string").map((url) => ({ attribute: "url", url, line: 1 })) };
}

function checkLink(page: string, link: Link, files: Set<string>, scanned: Map<string, PageScan>, options: CheckOptions): Problem | null {
  const { attribute, line } = link;
  const { pathPrefix, siteUrl } = options;
  // An absolute URL on the site's own origin (a canonical link, a feed entry) is an internal link.
  const url = link.url.startsWith(`${siteUrl}/`) ? link.url.slice(siteUrl.length) : link.url;
  if (url === "" || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) return null; // external or empty
  const pageUrl = new URL(`${pathPrefix}${page.replace(/(^|\/)index\.html$/, "$1")}`, "http://site.invalid");
  const target = new URL(url, pageUrl);
  const linkProblem = (rule: string, message: string): Problem => siteProblem(page, line, rule, `${attribute} ${JSON.stringify(link.url)} ${message}`);

  if (!target.pathname.startsWith(pathPrefix)) return linkProblem("link/prefix", `is outside the site's path prefix ${pathPrefix}.`);
  let file = decodeURIComponent(target.pathname.slice(pathPrefix.length));
  if (file === "" || file.endsWith("/")) file += "index.html";
  if (!files.has(file)) return linkProblem("link/broken", `points to no file (looked for ${file}).`);

  const fragment = decodeURIComponent(target.hash.slice(1));
  if (fragment !== "" && file.endsWith(".html") && !scanned.get(file)?.ids.has(fragment)) {
    return linkProblem("link/fragment", `points to no element with id "${fragment}" in ${file}.`);
  }
  return null;
}
