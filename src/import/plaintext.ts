/**
 * Plain-text article dumps (the seed's format) to Markdown with front matter. Pure: text in,
 * article file text out, or the problems (located at the dump's lines) that stop it.
 *
 *   <title>
 *   By <byline>            or  <Name>, <Publication>
 *   <date>                 e.g. "April 06, 2013"
 *   <paragraphs, separated by blank lines, sometimes split mid-sentence>
 *   Original url:
 *   <http(s) URL>          on the same line or the next
 */
import { stringify } from "yaml";
import { parseNewsDate } from "../content/dates.ts";
import { slugify } from "../content/slug.ts";
import { soundsLikeOrganisation } from "../content/organisations.ts";
import { isHttpUrl } from "../content/urls.ts";
import { cutSummary } from "../content/summary.ts";
import { problem, show, type Problem } from "../shared/problems.ts";

/** What the importer knows besides the text. */
export interface ImportOptions {
  /** The dump's path as problems should name it. */
  file: string;
  /** Tags to give every imported article. */
  tags: string[];
  /** The publication, when the byline does not name one. */
  source?: string | undefined;
}

/** An article read from a dump, ready to be written as `YYYY/<slug>.md`. */
export interface ImportedArticle {
  /** "2013/putin-urges-peace-talks-to-end-syria-massacre.md" */
  path: string;
  /** The whole file: front matter and Markdown body. */
  text: string;
}

/** Why a dump could not be imported, each problem at the line of the dump it concerns. */
export interface ImportFailure {
  problems: Problem[];
}

const URL_LINE = /^original\s+url:\s*(\S*)\s*$/i;

/** Reads a dump into an article file, or says what is missing. */
export function importPlainText(raw: string, options: ImportOptions): ImportedArticle | ImportFailure {
  const lines = raw.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").split("\n").map((line) => line.trim());
  // Where a problem with nothing to point at is reported: the file's last line (a final newline ends it).
  const lastLine = Math.max(1, raw.endsWith("\n") || raw.endsWith("\r") ? lines.length - 1 : lines.length);

  // Header, line by line: the title, then a byline and a date in either order.
  let at = 0;
  const nextLine = (): string | undefined => {
    while (at < lines.length && lines[at] === "") at += 1;
    return lines[at];
  };
  let title: string | undefined;
  let date: string | null = null;
  let byline: { authors: string[]; source?: string } | null = null;
  const first = nextLine();
  const titleLine = Math.min(at + 1, lastLine);
  if (first !== undefined && !parseNewsDate(first) && !parseByline(first) && !URL_LINE.test(first)) {
    title = first.replace(/\s+/g, " ");
    at += 1;
  }
  nextLine();
  const headerLine = Math.min(at + 1, lastLine);
  for (let seen = 0; seen < 2; seen++) {
    const line = nextLine();
    if (line === undefined) break;
    const asDate: string | null = date ? null : parseNewsDate(line);
    const asByline: ReturnType<typeof parseByline> = byline ? null : parseByline(line);
    if (asDate) date = asDate;
    else if (asByline) byline = asByline;
    else break;
    at += 1;
  }

  // Body: paragraphs separated by blank lines, up to the "Original url:" trailer.
  const blocks = lines
    .slice(at)
    .join("\n")
    .split(/\n\s*\n/)
    .map((block) => block.trim())
    .filter((block) => block !== "");
  let originalUrl: string | undefined;
  const trailer = blocks.findIndex((block) => URL_LINE.test(block.split("\n")[0]!));
  if (trailer !== -1) {
    const [head, ...rest] = blocks[trailer]!.split("\n");
    const candidate = URL_LINE.exec(head!)?.[1] || rest[0] || blocks[trailer + 1]?.split("\n")[0] || "";
    if (!/\s/.test(candidate) && isHttpUrl(candidate)) originalUrl = candidate;
  }
  // Lines are trimmed already, so a line break is never next to other white space.
  const paragraphs = rejoin(blocks.slice(0, trailer === -1 ? blocks.length : trailer).map((block) => block.replaceAll("\n", " ")));

  const problems: Problem[] = [];
  const fail = (line: number, field: string, rule: string, message: string): void => {
    problems.push(problem({ file: options.file, line, field, rule: `import/${rule}`, message }));
  };
  if (!title) fail(titleLine, "title", "no-title", "no title; the first line should be the headline.");
  if (!date) fail(headerLine, "date", "no-date", 'no date found; expected a line like "April 6, 2013" after the title.');
  if (paragraphs.length === 0) fail(Math.min(at + 1, lastLine), "body", "empty-body", "no paragraphs after the title, byline and date.");
  if (trailer !== -1 && !originalUrl) fail(trailerLine(lines, at, lastLine), "original_url", "original-url", '"Original url:" is not followed by an http(s) URL.');
  const slug = title ? slugify(title) : originalUrl ? slugify(lastSegment(originalUrl)) : "";
  if (title && !slug) fail(titleLine, "title", "no-file-name", `${show(title)} gives no usable file name; it needs a letter or digit.`);
  if (problems.length > 0 || !title || !date) return { problems };

  const source = options.source ?? byline?.source;
  const frontMatter: Record<string, unknown> = { title, date };
  if (byline && byline.authors.length > 0) frontMatter.author = byline.authors.length === 1 ? byline.authors[0] : byline.authors;
  if (source) frontMatter.source = source;
  if (originalUrl) frontMatter.original_url = originalUrl;
  if (options.tags.length > 0) frontMatter.tags = options.tags;
  frontMatter.summary = firstSentence(paragraphs[0]!);
  // lineWidth 0: one line per value, as editors expect to find them.
  const yaml = stringify(frontMatter, { lineWidth: 0 });
  return {
    path: `${date.slice(0, 4)}/${slug}.md`,
    text: `---\n${yaml}---\n\n${paragraphs.map(escapeMarkdown).join("\n\n")}\n`,
  };
}

/** True when `importPlainText` could not read the dump. */
export function isImportFailure(result: ImportedArticle | ImportFailure): result is ImportFailure {
  return "problems" in result;
}

// The 1-based line of the "Original url:" trailer: the first such line at or after `from` that starts a paragraph.
function trailerLine(lines: readonly string[], from: number, lastLine: number): number {
  for (let i = from; i < lines.length; i++) if ((i === from || lines[i - 1] === "") && URL_LINE.test(lines[i]!)) return i + 1;
  return lastLine;
}

/** "By X", "By X and Y", "By X, Y and Z", "X, Reuters". A byline that is a publication is also the source. */
export function parseByline(text: string): { authors: string[]; source?: string } | null {
  // One space for each run first: "\s*,\s*" over a long run of spaces would try every split of it.
  const line = text.trim().replace(/\s+/g, " ");
  const by = /^by\s+(.+)$/i.exec(line);
  if (by) {
    const names = by[1]!.split(/\s*,\s*|\s+and\s+/i).filter(Boolean);
    if (names.length === 1 && soundsLikeOrganisation(names[0]!)) return { authors: names, source: names[0]! };
    return { authors: names };
  }
  const credited = /^([^,]{2,60}),\s*([^,]{2,60})$/.exec(line);
  if (credited && soundsLikeOrganisation(credited[2]!) && !/[.!?]$/.test(line)) return { authors: [credited[1]!], source: credited[2]! };
  return null;
}

// A paragraph that ends without closing punctuation, followed by one that starts in lower case,
// was split by the extraction: "…refused to back calls for Assad" + "to step down, …".
function rejoin(paragraphs: string[]): string[] {
  const joined: string[] = [];
  for (const paragraph of paragraphs) {
    const previous = joined.at(-1);
    if (previous !== undefined && !/[.!?:;"'”’)\]…]$/.test(previous) && /^\p{Ll}/u.test(paragraph)) {
      joined[joined.length - 1] = `${previous} ${paragraph}`;
    } else {
      joined.push(paragraph);
    }
  }
  return joined;
}

// Backslash-escapes what Markdown would read as markup, so the page shows exactly the dump's text.
function escapeMarkdown(paragraph: string): string {
  return paragraph
    .replace(/[\\`*_{}[\]<>&~|]/g, "\\$&")
    .replace(/^(\s*)([#>+=-])/, "$1\\$2")
    .replace(/^(\s*\d+)([.)])/, "$1\\$2");
}

/** The first sentence, at most about 300 characters. */
function firstSentence(paragraph: string): string {
  const match = /^.+?[.!?]["'”’]?(?=\s+["'“‘]?\p{Lu}|$)/u.exec(paragraph);
  return cutSummary(match ? match[0] : paragraph);
}

function lastSegment(url: string): string {
  return new URL(url).pathname.split("/").filter(Boolean).at(-1) ?? "";
}
