/** Reads a content folder into an archive: the one module that reads content from disk. */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { buildArchive, type Archive } from "./archive.ts";
import { parseArticleFile, validateArticle } from "./front-matter.ts";
import { problem, sortProblems, type ContentProblem } from "./problems.ts";
import { DEFAULT_SITE, parseSite, withBaseUrl, type Site } from "./site.ts";
import type { Article } from "./article.ts";

/** Where to read from and how to build. */
export interface LoadOptions {
  /** Folder holding `articles/` and optionally `site.json`. */
  contentDir: string;
  /** Paths in messages are relative to this folder. */
  root: string;
  /** The build's "now", epoch milliseconds. */
  now: number;
  /** Include drafts and future articles (preview). */
  includeDrafts: boolean;
  /** Overrides site.json's url and pathPrefix, e.g. "https://example.org/archive/". */
  baseUrl?: string | undefined;
}

/** The archive, or null when any error was found; `problems` holds errors and notices, sorted. */
export interface LoadResult {
  archive: Archive | null;
  problems: ContentProblem[];
}

/** Reads, parses, validates and arranges every article; gathers all problems instead of stopping at the first. */
export async function loadArchive(options: LoadOptions): Promise<LoadResult> {
  const { contentDir, root } = options;
  const relative = (file: string): string => path.relative(root, file).split(path.sep).join("/");
  const problems: ContentProblem[] = [];

  const site = await loadSite(path.join(contentDir, "site.json"), relative);
  if (Array.isArray(site)) problems.push(...site);

  const articlesDir = path.join(contentDir, "articles");
  let names: string[] = [];
  try {
    names = (await readdir(articlesDir, { recursive: true })).map((name) => name.split(path.sep).join("/")).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    problems.push(problem(relative(articlesDir), 1, "articles", "content/missing", "folder not found; put articles in articles/YYYY/<slug>.md inside the content folder."));
  }

  const articles: Article[] = [];
  const now = { now: options.now };
  await Promise.all(
    names.map(async (name) => {
      const file = path.join(articlesDir, name);
      const base = path.basename(name);
      if (base.startsWith(".")) return;
      if (!/\.md$/i.test(base)) {
        if (/\.(markdown|mdown|txt)$/i.test(base)) {
          problems.push(problem(relative(file), 1, "file", "content/not-markdown", "is not read: articles are .md files. Rename it to .md, or import a text dump with npm run import.", "notice"));
        }
        return;
      }
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EISDIR") return;
        throw error;
      }
      const raw = parseArticleFile(relative(file), bytes);
      const article = Array.isArray(raw) ? raw : validateArticle(raw, now);
      if (Array.isArray(article)) problems.push(...article);
      else articles.push(article);
    }),
  );

  if (Array.isArray(site) || problems.some((p) => p.severity === "error")) {
    return { archive: null, problems: sortProblems(problems) };
  }
  const finalSite = options.baseUrl === undefined ? site : withBaseUrl(site, options.baseUrl);
  const built = buildArchive(articles, { site: finalSite, includeDrafts: options.includeDrafts });
  const all = sortProblems([...problems, ...built.problems]);
  return { archive: all.some((p) => p.severity === "error") ? null : built.archive, problems: all };
}

/** Reads `site.json` from a content folder (defaults when there is none), with `baseUrl` applied. */
export async function loadSiteSettings(contentDir: string, root: string, baseUrl?: string): Promise<Site | ContentProblem[]> {
  const site = await loadSite(path.join(contentDir, "site.json"), (file) => path.relative(root, file).split(path.sep).join("/"));
  return Array.isArray(site) || baseUrl === undefined ? site : withBaseUrl(site, baseUrl);
}

async function loadSite(file: string, relative: (file: string) => string): Promise<Site | ContentProblem[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return DEFAULT_SITE;
    throw error;
  }
  return parseSite(relative(file), text);
}
