/**
 * Checks a built site the way a reader's browser would meet it: every page valid HTML
 * (html-validate), every internal href, src and srcset pointing at a file, every #fragment at an id.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Parser } from "htmlparser2";
import { HtmlValidate, StaticConfigLoader } from "html-validate";
import { compareText } from "./problems.ts";
import { listFiles } from "./files.ts";

/** One problem in a built page, printed as `page:line: rule: message`. */
export interface SiteProblem {
  /** Path of the page inside the output folder, e.g. "tags/index.html". */
  page: string;
  line: number;
  /** "html/<html-validate rule>", "link/broken", "link/fragment" or "link/prefix". */
  rule: string;
  message: string;
}

/** What the checker needs to know about the site. */
export interface CheckOptions {
  /** The site's path prefix, "/" or "/archive/": internal links must start with it. */
  pathPrefix: string;
}

/** The outcome: how many pages were checked and what was wrong with them. */
export interface CheckReport {
  pages: number;
  problems: SiteProblem[];
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
  const problems: SiteProblem[] = [];
  const scanned = new Map<string, PageScan>();

  for (const page of pages) {
    const html = await readFile(path.join(outDir, page), "utf8");
    const report = await validator.validateString(html, page);
    for (const result of report.results) {
      for (const message of result.messages) {
        problems.push({ page, line: message.line, rule: `html/${message.ruleId}`, message: message.message });
      }
    }
    scanned.set(page, scanPage(html));
  }

  for (const [page, scan] of scanned) {
    for (const link of scan.links) {
      const problem = checkLink(page, link, fileSet, scanned, options.pathPrefix);
      if (problem) problems.push(problem);
    }
  }
  problems.sort((a, b) => compareText(a.page, b.page) || a.line - b.line || compareText(a.rule, b.rule) || compareText(a.message, b.message));
  return { pages: pages.length, problems };
}

/** Formats a problem as `outDir/page:line: rule: message`. */
export function formatSiteProblem(p: SiteProblem, outDir: string): string {
  return `${outDir.replace(/\/+$/, "")}/${p.page}:${p.line}: ${p.rule}: ${p.message}`;
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

function checkLink(page: string, link: Link, files: Set<string>, scanned: Map<string, PageScan>, pathPrefix: string): SiteProblem | null {
  const { url, attribute, line } = link;
  if (url === "" || /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith("//")) return null; // external or empty
  const pageUrl = new URL(`${pathPrefix}${page.replace(/(^|\/)index\.html$/, "$1")}`, "http://site.invalid");
  const target = new URL(url, pageUrl);
  const problem = (rule: string, message: string): SiteProblem => ({ page, line, rule, message: `${attribute} ${JSON.stringify(url)} ${message}` });

  if (!target.pathname.startsWith(pathPrefix)) return problem("link/prefix", `is outside the site's path prefix ${pathPrefix}.`);
  let file = decodeURIComponent(target.pathname.slice(pathPrefix.length));
  if (file === "" || file.endsWith("/")) file += "index.html";
  if (!files.has(file)) return problem("link/broken", `points to no file (looked for ${file}).`);

  const fragment = decodeURIComponent(target.hash.slice(1));
  if (fragment !== "" && file.endsWith(".html") && !scanned.get(file)?.ids.has(fragment)) {
    return problem("link/fragment", `points to no element with id "${fragment}" in ${file}.`);
  }
  return null;
}
