/**
 * "Cite this article": the article as a CSL-JSON item, which render/citation-styles.ts formats in APA,
 * MLA and Chicago and reference managers download; a BibTeX entry and a RIS record; and the
 * Highwire Press and Dublin Core meta tags reference managers read from the page. All from the
 * record alone.
 */
import type { Article } from "../content/article.ts";
import { nameKey, slugify } from "../content/slug.ts";
import { soundsLikeOrganisation } from "../content/organisations.ts";
import { uiLanguage } from "../i18n/messages.ts";
import type { CitationStyle, Site } from "../content/site.ts";

/** Ready-to-copy citations of one article (the styled ones are render/citation-styles.ts's). */
export interface Citation {
  bibtex: string;
  /** RIS, lines ending in CRLF as the format asks (EndNote, Zotero, Mendeley import it). */
  ris: string;
  /** CSL-JSON: an array of one item (Zotero, citeproc, pandoc read it). */
  csl: string;
  /** What render/citation-styles.ts formats in the site's styles: the same item. */
  input: CitationInput;
}

/** The locales kept (render/csl/locales-*.xml): a page in Russian cites in Russian, any other in English. */
export type CitationLocale = "en-US" | "ru-RU";

/** What a citation is formatted from: the styles, the CSL-JSON item (`citationInput`) and the locale. */
export interface CitationInput {
  /** The styles to format it in (the site's `citationStyles`), in order. */
  styles: CitationStyle[];
  item: CslItem;
  locale: CitationLocale;
}

/** A CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html), of the fields archive/citation.ts sets. */
export interface CslItem {
  id: string;
  type: "article-newspaper";
  title: string;
  author?: ({ family: string; given: string } | { literal: string })[];
  "container-title"?: string;
  issued: { "date-parts": [[number, number, number]] };
  URL?: string;
  language: string;
}

/** The parts of an article a citation uses. */
export type Citable = Pick<Article, "title" | "authors" | "source" | "originalUrl" | "date" | "lang">;

/** A byline name as citation styles need it. */
interface Name {
  /** "Jane Q. Doe" or "The Moscow Times". */
  full: string;
  /** Persons only: "Doe" and "Jane Q.". */
  family: string | null;
  given: string | null;
}

/** The site settings a citation depends on: its language stands for an article without `lang`. */
type CitingSite = Pick<Site, "language" | "citationStyles">;

/** The citations of `article` that are not styles (BibTeX, RIS and CSL-JSON), and what the styles format. */
export function citeArticle(article: Citable, site: CitingSite): Citation {
  const names = article.authors.map((full) => parseName(full, article.source));
  const input = citationInput(article, site);
  return {
    bibtex: bibtex(article, names),
    ris: ris(article, names),
    csl: `${JSON.stringify([input.item])}\n`, // compact: it travels URL-encoded in every article page
    input,
  };
}

/**
 * What the styles format for `article`: its CSL-JSON item, and the locale of its page (Russian for
 * a page in Russian, English otherwise). A byline that only repeats the publication ("The Moscow
 * Times" in The Moscow Times) is no author: each style then begins with the headline, as its
 * manual asks for an unsigned article. Organisations are one literal name; persons are split into
 * family and given names at the last space.
 */
export function citationInput(article: Citable, site: CitingSite): CitationInput {
  const source = article.source;
  const signedBySource = source !== null && article.authors.length === 1 && nameKey(article.authors[0]!) === nameKey(source);
  const names = signedBySource ? [] : article.authors.map((full) => parseName(full, source));
  const language = article.lang ?? site.language;
  const item: CslItem = {
    id: citationKey(article, names),
    type: "article-newspaper",
    title: article.title,
    ...(names.length ? { author: names.map((name) => (name.family === null ? { literal: name.full } : { family: name.family, given: name.given! })) } : {}),
    ...(source ? { "container-title": source } : {}),
    issued: { "date-parts": [[article.date.year, article.date.month, article.date.day]] },
    ...(article.originalUrl ? { URL: article.originalUrl } : {}),
    language, // citeproc changes the case of English titles only
  };
  return { styles: site.citationStyles, item, locale: uiLanguage(language) === "ru" ? "ru-RU" : "en-US" };
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

// BibTeX's special characters, so a title with "&" or "%" compiles.
function escapeTex(text: string): string {
  return text.replace(/[\\{}&%$#_~^]/g, (c) =>
    c === "\\" ? "\\textbackslash{}" : c === "~" ? "\\textasciitilde{}" : c === "^" ? "\\textasciicircum{}" : `\\${c}`,
  );
}
