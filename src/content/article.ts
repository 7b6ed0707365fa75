/** The article record: what one validated Markdown file becomes. Types only, plus tiny helpers. */
import type { PublicationDate } from "./dates.ts";

/** A tag as written in one article, with the line it was written on (for messages). */
export interface TagMention {
  /** The tag as written, trimmed, e.g. "Vladimir Putin". */
  name: string;
  /** 0-based position in the front matter's `tags` list. */
  index: number;
  /** 1-based line of the tag in its file. */
  line: number;
}

/** An old URL of an article (`aliases`), with where it was written (for messages). */
export interface AliasMention {
  /** Site-relative, without the path prefix: "/2013/04/05/old-slug/" or "/news/old.html". */
  url: string;
  /** 0-based position in the front matter's `aliases` list. */
  index: number;
  /** 1-based line of the alias in its file. */
  line: number;
}

/** A photo file an article shows, as written, and, once found and made, what it is. */
export interface Photo {
  /** As written: a path from the article's folder, e.g. "kremlin.jpg" or "photos/kremlin.jpg". */
  src: string;
  /** Project-relative path of the file, e.g. "content/articles/2013/kremlin.jpg". */
  file: string;
  /** What it shows, for readers who cannot see it. */
  alt: string;
  /** 1-based line where it is named, for messages. */
  line: number;
  /** Set when the file is found (content/images.ts): its SHA-256. */
  found?: { sha256: string } | undefined;
  /** Set by the build (output/images.ts): the responsive <picture>, and its largest JPEG. */
  picture?: string | undefined;
  largest?: { url: string; width: number; height: number } | undefined;
}

/** The lead photo, from front matter `image`: shown under the headline with its caption and credit; og:image and JSON-LD follow it. */
export interface LeadImage extends Photo {
  caption: string;
  credit: string;
}

/** A correction to an article: when it was made, and what it corrected, as the publication worded it. */
export interface Correction {
  date: PublicationDate;
  text: string;
}

/** A validated article, ready to be placed in the archive. */
export interface Article {
  /** Project-relative source path, e.g. "content/articles/2013/putin-urges-peace-talks.md". */
  file: string;
  /** URL slug: front matter `slug`, else the file name. At most 80 characters. */
  slug: string;
  /** Site-relative URL without path prefix, "/YYYY/MM/DD/<slug>/". */
  url: string;
  title: string;
  /** Subtitle under the headline, from `dek` or `subtitle`. */
  dek: string | null;
  /** Publication date, the publication's own calendar date. */
  date: PublicationDate;
  /** Date of the last update (`updated`) or correction, whichever is later; not before `date`. */
  updated: PublicationDate | null;
  /** Corrections, oldest first: each its date and what it corrected. The body is never rewritten. */
  corrections: Correction[];
  /** Byline names in order; may be empty when `source` is given. */
  authors: string[];
  /** Publication the article appeared in, e.g. "The Moscow Times". */
  source: string | null;
  /** Where the article was first published; always http(s). */
  originalUrl: string | null;
  /** The lead photo, shown under the headline with its caption and credit. */
  image: LeadImage | null;
  /** Photos beside the article that its body shows (`![what it shows](kremlin.jpg)`), each once, in order. */
  bodyImages: Photo[];
  /** Old URLs that redirect to this article, in the order written, repeats removed. */
  aliases: AliasMention[];
  /** Tags in the order written, duplicates within the article removed. */
  tags: TagMention[];
  /** One or two sentences for lists, feeds and meta descriptions; from the first paragraph when not given. */
  summary: string;
  /** Dateline, e.g. "Moscow". */
  location: string | null;
  /** BCP 47 language of the article when it differs from the site's, e.g. "ru". */
  lang: string | null;
  /** `draft: true`: left out of production builds. */
  draft: boolean;
  /** Dated after the build's "now": left out of production builds. */
  scheduled: boolean;
  /**
   * Sanitised HTML of the body. A record reused from the parse cache comes without it: the pages
   * that print it load it first (`loadBodies` in parse-cache.ts, called by the renderer).
   */
  html?: string | undefined;
  /** Words in the body, for reading time. */
  words: number;
  /** SHA-256 of the file's bytes, everything above is parsed from: stands for the body in page keys (render-plan.ts). */
  sourceHash: string;
}

/** An article as the parser makes it: always with its body. */
export type ParsedArticle = Article & { html: string };

/**
 * `record` as of the build's `now`: "scheduled" depends on it, so a record kept from an earlier
 * build is judged again. (Object.assign, not a spread: this runs once per article, before V8
 * optimises it, and a cold spread of a record costs about 10 µs.)
 */
export function asOf(record: Article, now: number): Article {
  return Object.assign({}, record, { scheduled: record.date.epochMs > now });
}

/** An article's body; a record whose body was not loaded (see `html`) is a bug, never an empty article. */
export function bodyOf(article: Pick<Article, "file" | "html">): string {
  if (article.html === undefined) throw new Error(`The body of ${article.file} was not loaded before its page was rendered.`);
  return article.html;
}
