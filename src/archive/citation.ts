/**
 * "Cite this article": APA (7th ed.), MLA (9th ed.) and Chicago (17th ed., bibliography) strings,
 * a BibTeX entry, RIS and CSL-JSON records for reference managers, and the Highwire Press and
 * Dublin Core meta tags they read from the page, built from the record alone. Pure.
 */
import type { Article } from "../content/article.ts";
import { formatCalendarDate } from "../content/dates.ts";
import { nameKey, slugify } from "../content/slug.ts";
import { soundsLikeOrganisation } from "../content/organisations.ts";

/** Ready-to-copy citations of one article. */
export interface Citation {
  apa: string;
  mla: string;
  chicago: string;
  bibtex: string;
  /** RIS, lines ending in CRLF as the format asks (EndNote, Zotero, Mendeley import it). */
  ris: string;
  /** CSL-JSON: an array of one item (Zotero, citeproc, pandoc read it). */
  csl: string;
}

/** The parts of an article a citation uses. */
export type Citable = Pick<Article, "title" | "authors" | "source" | "originalUrl" | "date">;

// MLA abbreviates months longer than four letters (MLA Handbook, 9th ed., appendix 1).
const MLA_MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."];

/** A byline name as citation styles need it. */
interface Name {
  /** "Jane Q. Doe" or "The Moscow Times". */
  full: string;
  /** Persons only: "Doe" and "Jane Q.". */
  family: string | null;
  given: string | null;
}

/** Citations of `article` in every style. */
export function citeArticle(article: Citable): Citation {
  // A byline that only repeats the publication ("The Moscow Times" in The Moscow Times) is a group
  // author the styles write once.
  const source = article.source;
  const sameAsSource = source !== null && article.authors.length === 1 && nameKey(article.authors[0]!) === nameKey(source);
  const names = article.authors.map((full) => parseName(full, source));
  return {
    apa: apa(article, names, sameAsSource),
    mla: mla(article, names, sameAsSource),
    chicago: chicago(article, names, sameAsSource),
    bibtex: bibtex(article, names),
    ris: ris(article, names),
    csl: csl(article, names),
  };
}

/**
 * The meta tags reference managers and scholarly search engines read from an article page: Highwire
 * Press `citation_*` (Zotero, Google Scholar: https://scholar.google.com/intl/en/scholar/inclusion.html#indexing)
 * and Dublin Core `DC.*` (the page links the schema). `url` is the page's absolute URL.
 */
export function citationMeta(article: Citable & Pick<Article, "lang">, url: string, siteLanguage: string): [name: string, content: string][] {
  const language = article.lang ?? siteLanguage;
  const names = article.authors.map((full) => parseName(full, article.source));
  return [
    ["citation_title", article.title],
    ...names.map((name): [string, string] => ["citation_author", inverted(name)]),
    ["citation_publication_date", article.date.date.replaceAll("-", "/")],
    ...(article.source ? [["citation_journal_title", article.source] as [string, string]] : []),
    ["citation_public_url", url],
    ["citation_language", language],
    ["DC.title", article.title],
    ...names.map((name): [string, string] => ["DC.creator", inverted(name)]),
    ["DC.date", article.date.date],
    ...(article.source ? [["DC.publisher", article.source] as [string, string]] : []),
    ["DC.type", "Text"],
    ["DC.language", language],
    ["DC.identifier", url],
  ];
}

/** The web archive's copy of the original closest to the publication date. */
export function webArchiveUrl(article: Pick<Article, "originalUrl" | "date">): string | null {
  return article.originalUrl === null ? null : `https://web.archive.org/web/${article.date.date.replaceAll("-", "")}/${article.originalUrl}`;
}

// Doe, J. Q. (2013, April 6). Title. Source. URL
function apa(article: Citable, names: Name[], sameAsSource: boolean): string {
  const date = `(${formatCalendarDate(article.date, "yyyy, MMMM d")}).`;
  const title = endSentence(article.title);
  const url = article.originalUrl ?? "";
  if (names.length === 0) return join(title, date, article.source && endSentence(article.source), url);
  const initials = (name: Name): string =>
    name.family === null ? name.full : `${name.family}, ${name.given!.split(/[\s-]+/).map((part) => `${[...part][0]}.`).join(" ")}`;
  const authors = listNames(names.map(initials), ", & ", ", ");
  return join(endSentence(authors), date, title, sameAsSource ? null : article.source && endSentence(article.source), url);
}

// Doe, Jane. "Title." Source, 6 Apr. 2013, www.example.org/...
function mla(article: Citable, names: Name[], sameAsSource: boolean): string {
  const date = `${article.date.day} ${MLA_MONTHS[article.date.month - 1]} ${article.date.year}`;
  const [first, second] = names;
  const authors =
    !first || sameAsSource ? null
    : names.length === 1 ? inverted(first)
    : names.length === 2 ? `${inverted(first)}, and ${second!.full}`
    : `${inverted(first)}, et al`;
  const container = [article.source, date, article.originalUrl?.replace(/^https?:\/\//, "")].filter(Boolean).join(", ");
  return join(authors && endSentence(authors), quotedTitle(article.title), endSentence(container));
}

// Doe, Jane. "Title." Source, April 6, 2013. URL.
function chicago(article: Citable, names: Name[], sameAsSource: boolean): string {
  const date = formatCalendarDate(article.date, "MMMM d, yyyy");
  const url = article.originalUrl && `${article.originalUrl}.`;
  if (names.length === 0 || sameAsSource) {
    // An unsigned article: the publication stands in for the author (Chicago 14.207).
    return join(article.source && endSentence(article.source), quotedTitle(article.title), endSentence(date), url);
  }
  const authors = listNames(names.map((name, i) => (i === 0 ? inverted(name) : name.full)), ", and ", ", ");
  return join(endSentence(authors), quotedTitle(article.title), endSentence([article.source, date].filter(Boolean).join(", ")), url);
}

// "doe2013putin": the first author's family name (or the publication), the year, the title's first long word.
function citationKey(article: Citable, names: Name[]): string {
  const first = names[0];
  const keyName = first ? (first.family ?? first.full) : (article.source ?? article.title);
  const titleWord = firstLongWord(article.title);
  return `${slugify(keyName).replaceAll("-", "")}${article.date.year}${titleWord.replaceAll("-", "")}` || `article${article.date.year}`;
}

function bibtex(article: Citable, names: Name[]): string {
  const key = citationKey(article, names);
  const author = names.map((name) => (name.family === null ? `{${escapeTex(name.full)}}` : `${escapeTex(name.family)}, ${escapeTex(name.given!)}`));
  const fields: [string, string][] = [
    ["author", author.join(" and ")],
    ["title", `{${escapeTex(article.title)}}`], // double braces: keep the title's capitals
    ["journal", article.source ? escapeTex(article.source) : ""],
    ["date", article.date.date],
    ["year", String(article.date.year)],
    ["month", String(article.date.month)],
    ["url", article.originalUrl ? article.originalUrl.replace(/[{}\\]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`) : ""],
  ];
  const body = fields.filter(([, value]) => value !== "").map(([name, value]) => `  ${name} = {${value}},`);
  return [`@article{${key},`, ...body, "}"].join("\n");
}

// TY NEWS (a newspaper article), one AU per author, the title, the publication, the date as
// YYYY/MM/DD, the original's URL. Values on one line each.
function ris(article: Citable, names: Name[]): string {
  const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
  const fields: [string, string | null][] = [
    ["TY", "NEWS"],
    ...names.map((name): [string, string] => ["AU", oneLine(inverted(name))]),
    ["TI", oneLine(article.title)],
    ["T2", article.source && oneLine(article.source)],
    ["PY", String(article.date.year).padStart(4, "0")],
    ["DA", article.date.date.replaceAll("-", "/")],
    ["UR", article.originalUrl],
    ["ER", ""],
  ];
  return fields.filter(([, value]) => value !== null).map(([tag, value]) => `${tag}  - ${value}\r\n`).join("");
}

// CSL-JSON (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html): an
// article-newspaper with its authors as family and given names, or as one literal for an organisation.
function csl(article: Citable, names: Name[]): string {
  const item = {
    id: citationKey(article, names),
    type: "article-newspaper",
    title: article.title,
    ...(names.length ? { author: names.map((name) => (name.family === null ? { literal: name.full } : { family: name.family, given: name.given })) } : {}),
    ...(article.source ? { "container-title": article.source } : {}),
    issued: { "date-parts": [[article.date.year, article.date.month, article.date.day]] },
    ...(article.originalUrl ? { URL: article.originalUrl } : {}),
  };
  return `${JSON.stringify([item])}\n`; // compact: it travels URL-encoded in every article page
}

/**
 * True when a byline name reads as an organisation rather than a person: one word ("Reuters"),
 * "The ...", a word such as "Press" or "Staff", or the publication's own name. A guess from the
 * name alone, for citation styles and structured data.
 */
export function isOrganisation(name: string, source: string | null): boolean {
  return !/\s/.test(name.trim()) || soundsLikeOrganisation(name) || (source !== null && nameKey(name) === nameKey(source));
}

// The first word of more than three letters, as a slug ("Putin Urges ..." → "putin"): the BibTeX key's last part.
function firstLongWord(title: string): string {
  for (const word of title.split(/\s+/)) {
    const slug = slugify(word);
    if (slug.length > 3) return slug;
  }
  return "";
}

function parseName(full: string, source: string | null): Name {
  if (isOrganisation(full, source)) return { full, family: null, given: null };
  const words = full.trim().split(/\s+/);
  return { full, family: words.at(-1)!, given: words.slice(0, -1).join(" ") };
}

function inverted(name: Name): string {
  return name.family === null ? name.full : `${name.family}, ${name.given}`;
}

/** "A", "A<last>B", "A<sep>B<last>C". */
function listNames(names: string[], last: string, separator: string): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(separator)}${last}${names.at(-1)}`;
}

/** "Title." but "Why?" stays as it is, and "Doe, J." gets no second full stop. */
function endSentence(text: string): string {
  return /[.?!]$/.test(text) ? text : `${text}.`;
}

/** “Syria 'Massacre'” → "Syria 'Massacre.'": the full stop goes inside the quotes, American style; inner double quotes become single. */
function quotedTitle(title: string): string {
  const inner = title.replace(/"([^"]*)"/g, "'$1'").replace(/“([^”]*)”/g, "‘$1’");
  if (/[.?!]['’]?$/.test(inner)) return `"${inner}"`;
  const closing = /['’]$/.exec(inner);
  return closing ? `"${inner.slice(0, -1)}.${closing[0]}"` : `"${inner}."`;
}

function join(...parts: (string | null | false | undefined)[]): string {
  return parts.filter((part): part is string => Boolean(part)).join(" ");
}

// BibTeX's special characters, so a title with "&" or "%" compiles.
function escapeTex(text: string): string {
  return text.replace(/[\\{}&%$#_~^]/g, (c) =>
    c === "\\" ? "\\textbackslash{}" : c === "~" ? "\\textasciitilde{}" : c === "^" ? "\\textasciicircum{}" : `\\${c}`,
  );
}
