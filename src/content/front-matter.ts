/**
 * Article files: bytes → front matter and body (`parseArticleFile`) → validated `Article` (`validateArticle`).
 * The one module that imports gray-matter, yaml and zod. Pure: no disk access.
 */
import matter from "gray-matter";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Tags, type YAMLError } from "yaml";
import { z } from "zod";
import { isDateProblem, parsePublicationDate, type PublicationDate } from "./dates.ts";
import { countWords, firstParagraphText, htmlToText, localImages, MAX_QUOTE_DEPTH, quoteDepth, renderMarkdown } from "./markdown.ts";
import { isValidSlug, MAX_SLUG_LENGTH, nameKey, slugify } from "./slug.ts";
import { problem, show, type Problem } from "../shared/problems.ts";
import { decodeUtf8 } from "../shared/utf8.ts";
import { sha256 } from "../shared/hash.ts";
import { suggestName } from "../shared/did-you-mean.ts";
import { isLanguageTag } from "./language-tag.ts";
import type { AliasMention, ParsedArticle, Photo, TagMention } from "./article.ts";
import { IMAGE_EXTENSIONS, isHttpUrl, isSitePath, outputPathOf } from "./urls.ts";
import { cutSummary } from "./summary.ts";

/** An article file split into front matter and body, values as parsed and not yet validated. */
export interface RawArticle {
  /** Project-relative path with `/`. */
  file: string;
  /** Front matter as parsed: strings, booleans, null, lists and mappings; numbers and dates stay strings. */
  data: Record<string, unknown>;
  /** Markdown body, line endings normalised to "\n". */
  body: string;
  /** 1-based line on which the body starts. */
  bodyLine: number;
  /** 1-based line of a field or list item, e.g. ["tags", 1]; 1 when the field is absent. */
  lineOf: (path: readonly PropertyKey[]) => number;
  /** SHA-256 of the file's bytes. */
  sourceHash: string;
}

/** Every front-matter field an article may have. */
export const ARTICLE_FIELDS = [
  "title", "date", "author", "source", "original_url", "tags", "summary",
  "slug", "aliases", "image", "updated", "corrections", "draft", "dek", "subtitle", "location", "lang",
] as const;

/** What validation needs to know about the build. */
export interface ValidateContext {
  /** The build's "now" in epoch milliseconds (`SOURCE_DATE_EPOCH` when set): later dates are scheduled. */
  now: number;
}

// YAML 1.2 core schema without its int and float tags: numbers stay text exactly as written
// (`012` is not 10, `3.10` is not 3.1, `title: 1984` is "1984"), `no` is text (YAML 1.2), and
// there is no timestamp tag, so `2013-13-01` is never rolled over into 2014. `true`/`false`
// and null keep their meaning. Duplicate keys are errors, aliases are capped.
const YAML_OPTIONS = {
  schema: "core",
  customTags: (tags: Tags) => tags.filter((tag) => typeof tag === "string" || !/:(int|float)$/.test(tag.tag)),
  uniqueKeys: true,
  strict: true,
  prettyErrors: false,
  maxAliasCount: 100,
} as const;

/** Decodes and splits an article file. Returns problems for encoding, delimiters, YAML and shape. */
export function parseArticleFile(file: string, bytes: Uint8Array): RawArticle | Problem[] {
  const decoded = decodeUtf8(bytes); // strips a BOM
  if (decoded === null) {
    return [problem({ file, line: 1, field: "file", rule: "file/encoding", message: "is not valid UTF-8; save it as UTF-8 (most editors offer this under Save As or Encoding)." })];
  }
  const text = decoded.replace(/\r\n?/g, "\n");
  const lines = text.split("\n");

  const firstLine = lines[0] ?? "";
  if (!/^---\s*$/.test(firstLine)) {
    const later = lines.findIndex((line) => /^---/.test(line));
    if (/^---\S/.test(firstLine)) {
      return [problem({ file, line: 1, field: "front matter", rule: "front-matter/language", message: `${show(firstLine.trim())} front matter is not allowed, as it could run code; write YAML between two "---" lines.` })];
    }
    if (later > 0 && lines.slice(0, later).every((line) => line.trim() === "")) {
      return [problem({ file, line: later + 1, field: "front matter", rule: "front-matter/start", message: `starts on line ${later + 1}; it must start on line 1, so remove the blank lines before "---".` })];
    }
    return [problem({ file, line: 1, field: "front matter", rule: "front-matter/missing", message: `missing; start the file with a "---" line, the fields (title, date, source...), and another "---" line.` })];
  }
  const close = lines.findIndex((line, i) => i > 0 && /^---\s*$/.test(line));
  const strayDash = lines.findIndex((line, i) => i > 0 && /^---/.test(line));
  if (close === -1 || strayDash < close) {
    return [problem({ file, line: 1, field: "front matter", rule: "front-matter/unclosed", message: `is not closed; end it with a line of exactly "---" before the body.` })];
  }

  const lineCounter = new LineCounter();
  let doc: Document.Parsed | undefined;
  const parsed = matter(text, {
    // Only our YAML engine may run. gray-matter's own "javascript" engine evals its input; we never
    // reach it (the first-line check above refuses "---js"), and it is replaced here all the same.
    // Passing options also keeps gray-matter from caching results (it caches failed parses too).
    engines: {
      yaml: (source: string) => {
        doc = parseDocument(source, { ...YAML_OPTIONS, lineCounter });
        return {};
      },
      javascript: refuseEngine,
      json: refuseEngine,
      coffee: refuseEngine,
      toml: refuseEngine,
    },
  } as Parameters<typeof matter>[1]);

  // gray-matter's matter starts right after the opening "---", so its line 1 is the file's line 1.
  const at = (offset: number): number => lineCounter.linePos(offset).line;
  const problems: Problem[] = [];
  if (doc) {
    for (const error of [...doc.errors, ...doc.warnings]) {
      problems.push(yamlProblem(file, error, at(error.pos[0]), doc));
    }
  }
  const contents = doc?.contents ?? null;
  if (problems.length === 0 && contents !== null && !isMap(contents)) {
    const kind = isSeq(contents) ? "a list" : "a single value";
    problems.push(problem({ file, line: 2, field: "front matter", rule: "front-matter/shape", message: `is ${kind}, not fields; write one "field: value" per line, e.g. "title: ...".` }));
  }
  if (problems.length > 0) return problems;

  const data: Record<string, unknown> = {};
  const keyLines = new Map<string, number>();
  if (doc && isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      const key = isScalar(pair.key) ? pair.key.value : null;
      if (typeof key !== "string") {
        problems.push(problem({ file, line: at((pair.key as Node | null)?.range?.[0] ?? 0), field: "front matter", rule: "front-matter/key", message: "has a field name that is not plain text; write names like \"title\"." }));
        continue;
      }
      const line = at((pair.key as Node).range?.[0] ?? 0);
      keyLines.set(key, line);
      try {
        data[key] = (pair.value as Node | null)?.toJS(doc, { maxAliasCount: 100 }) ?? null;
      } catch (error) {
        // yaml throws ReferenceError for an alias (*name) with no anchor (&name) before it, and for
        // aliases that expand past maxAliasCount.
        if (!(error instanceof ReferenceError)) throw error;
        problems.push(problem({ file, line, field: key, rule: "yaml/alias", message: "uses an alias (*name) that is not set before it with an anchor (&name), or that expands too far; write the value out." }));
      }
    }
  }
  if (problems.length > 0) return problems;

  const lineOf = (path: readonly PropertyKey[]): number => {
    const [field] = path;
    if (typeof field !== "string" || !keyLines.has(field)) return 1;
    // A field missing from a list item is reported on the item's line: the nearest node on the path.
    for (let depth = path.length; doc && depth > 1; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true) as Node | undefined;
      if (node?.range) return at(node.range[0]);
    }
    return keyLines.get(field) ?? 1;
  };
  return { file, data, body: parsed.content, bodyLine: close + 2, lineOf, sourceHash: sha256(bytes) };
}

function refuseEngine(): never {
  throw new Error("news-archive: only YAML front matter is supported");
}

function yamlProblem(file: string, error: YAMLError, line: number, doc: Document.Parsed): Problem {
  if (error.code === "DUPLICATE_KEY") {
    return problem({ file, line, field: keyAt(doc, error.pos[0]) ?? "front matter", rule: "yaml/duplicate-key", message: "appears more than once; keep one." });
  }
  if (error.code === "TAG_RESOLVE_FAILED") {
    const tag = error.message.replace(/^Unresolved tag: /, "");
    return problem({ file, line, field: "front matter", rule: "yaml/tag", message: `uses the YAML tag ${show(tag)}, which is not supported; write plain values.` });
  }
  const reason = error.message.split("\n")[0]?.replace(/\.$/, "") ?? "invalid YAML";
  return problem({ file, line, field: "front matter", rule: "yaml/syntax", message: `is not valid YAML: ${reason}; check quotes, brackets and indentation.` });
}

/** The name of the top-level key whose node starts at `offset`, if any. */
function keyAt(doc: Document.Parsed, offset: number): string | null {
  if (!isMap(doc.contents)) return null;
  const pair = doc.contents.items.find((item) => (item.key as Node | null)?.range?.[0] === offset);
  return pair && isScalar(pair.key) ? String(pair.key.value) : null;
}

// --- Validation ---------------------------------------------------------------------------------

type IssueInput = { input?: unknown };

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;

/** Text that must be present and not blank, e.g. an article's title. */
function requiredText(what: string, of = "article") {
  return z
    .string({ error: (iss: IssueInput) => (iss.input === undefined || iss.input === null ? `missing; every ${of} needs ${what}.` : notText(iss.input)) })
    .trim()
    .min(1, { error: `is empty; every ${of} needs ${what}.` })
    .refine((value) => !CONTROL_CHARACTERS.test(value), { error: controlCharacterMessage });
}

/** Text that may be left out, but not blank when given. */
function optionalText() {
  return z
    .string({ error: (iss: IssueInput) => notText(iss.input) })
    .trim()
    .min(1, { error: "is empty; give a value or remove the line." })
    .refine((value) => !CONTROL_CHARACTERS.test(value), { error: controlCharacterMessage })
    .optional();
}

function notText(input: unknown): string {
  if (typeof input === "boolean") return `${input} is not text; quote it if you mean the word, e.g. "${input}".`;
  return `expected text, got ${show(input)}.`;
}

function controlCharacterMessage(iss: IssueInput): string {
  const char = CONTROL_CHARACTERS.exec(String(iss.input))?.[0] ?? "";
  const code = `U+${char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")}`;
  return `contains the control character ${code}; remove it.`;
}

function requiredDate() {
  return z.string({
    error: (iss: IssueInput) =>
      iss.input === undefined || iss.input === null
        ? "missing; every article needs its publication date, e.g. date: 2013-04-06."
        : `expected a date, got ${show(iss.input)}; write YYYY-MM-DD, e.g. 2013-04-06.`,
  }).transform(toPublicationDate);
}

function optionalDate() {
  return z.string({ error: (iss: IssueInput) => `expected a date, got ${show(iss.input)}; write YYYY-MM-DD, e.g. 2013-04-06.` })
    .transform(toPublicationDate)
    .optional();
}

function toPublicationDate(value: string, ctx: z.RefinementCtx): PublicationDate {
  const date = parsePublicationDate(value);
  if (isDateProblem(date)) {
    ctx.addIssue({ code: "custom", message: `${show(value)} ${date.message}`, input: value });
    return z.NEVER;
  }
  return date;
}

const nameList = z.union([requiredText("a name"), z.array(requiredText("a name")).min(1)], {
  error: (iss: IssueInput) =>
    Array.isArray(iss.input) && iss.input.length === 0
      ? "is an empty list; give at least one name or remove the line."
      : `expected a name or a list of names, got ${show(iss.input)}; write author: Jane Doe or author: [Jane Doe, John Roe].`,
});

/** The fields of a correction. */
const CORRECTION_FIELDS = ["date", "text"] as const;

// A correction: its date and what was corrected, as the publication worded it.
const CORRECTION = z.strictObject(
  {
    date: z
      .string({ error: (iss: IssueInput) => (iss.input === undefined || iss.input === null ? "missing; every correction needs its date, e.g. date: 2013-04-08." : `expected a date, got ${show(iss.input)}; write YYYY-MM-DD, e.g. 2013-04-08.`) })
      .transform(toPublicationDate),
    text: requiredText("what it corrected, e.g. text: An earlier version misspelled the minister's name", "correction"),
  },
  { error: (iss: IssueInput) => `expected a correction, got ${show(iss.input)}; write - { date: 2013-04-08, text: "..." }.` },
);

/** The fields of a lead image. */
const IMAGE_FIELDS = ["src", "alt", "caption", "credit"] as const;

// A path from the article's folder to a photo file: no scheme, no leading "/", no "." or ".." segment.
function isImagePath(value: string): boolean {
  const segments = value.split("/");
  return !/^[a-z][a-z0-9+.-]*:/i.test(value) && segments.every((segment) => segment !== "" && segment !== "." && segment !== "..") && !/[\\?#]/.test(value) &&
    (IMAGE_EXTENSIONS as readonly string[]).includes(value.slice(value.lastIndexOf(".") + 1).toLowerCase());
}

// A lead photo: the file beside the article, what it shows (alt), the caption and who took it.
const IMAGE = z.strictObject(
  {
    src: requiredText("the photo's file name beside the article, e.g. src: kremlin.jpg", "photo").refine(isImagePath, {
      error: (iss: IssueInput) => `${show(iss.input)} is not a photo file beside the article; write its path from the article's folder, e.g. src: kremlin.jpg (${IMAGE_EXTENSIONS.join(", ")}).`,
    }),
    alt: requiredText("what the photo shows, for readers who cannot see it, e.g. alt: Vladimir Putin at a news conference", "photo"),
    caption: requiredText("its caption, e.g. caption: Putin spoke after the talks on Friday", "photo"),
    credit: requiredText("who took or owns it, e.g. credit: Sergei Karpukhin / Reuters", "photo"),
  },
  { error: (iss: IssueInput) => `expected a photo, got ${show(iss.input)}; write image: { src: kremlin.jpg, alt: "...", caption: "...", credit: "..." }.` },
);

const ARTICLE_SCHEMA = z.strictObject({
  title: requiredText("a title"),
  date: requiredDate(),
  updated: optionalDate(),
  corrections: z
    .array(CORRECTION, { error: (iss: IssueInput) => `expected a list of corrections, got ${show(iss.input)}; write corrections: [{ date: 2013-04-08, text: "..." }].` })
    .optional(),
  author: nameList.optional(),
  source: optionalText(),
  original_url: optionalText().refine((value) => value === undefined || isHttpUrl(value), {
    error: (iss: IssueInput) => `${show(iss.input)} is not an http(s) URL; write the full address, e.g. "https://example.com/2013/04/06/story".`,
  }),
  tags: z
    .array(requiredText("a name for each tag"), {
      error: (iss: IssueInput) =>
        typeof iss.input === "string"
          ? `${show(iss.input)} is one piece of text, not a list; write tags: [${iss.input.split(",").map((tag) => tag.trim()).filter(Boolean).join(", ")}].`
          : `expected a list, got ${show(iss.input)}; write tags: [Russia, Syria].`,
    })
    .optional(),
  summary: optionalText(),
  slug: optionalText().refine((value) => value === undefined || isValidSlug(value), {
    error: (iss: IssueInput) =>
      `${show(iss.input)} is not a valid slug; use lower-case letters, digits and single hyphens, at most ${MAX_SLUG_LENGTH} characters, e.g. "${slugify(String(iss.input)) || "my-article"}".`,
  }),
  image: IMAGE.optional(),
  aliases: z
    .array(
      requiredText("an old URL for each alias").refine(isSitePath, {
        error: (iss: IssueInput) =>
          `${show(iss.input)} is not a path of this site; write an old URL from the site's root, e.g. /2013/04/05/old-slug/ (a folder, ending in /) or /news/old-page.html.`,
      }),
      { error: (iss: IssueInput) => (typeof iss.input === "string" ? `${show(iss.input)} is one URL, not a list; write aliases: [${iss.input.trim()}].` : `expected a list of old URLs, got ${show(iss.input)}; write aliases: [/2013/04/05/old-slug/].`) },
    )
    .optional(),
  draft: z.boolean({ error: (iss: IssueInput) => `${show(iss.input)} is not true or false; write draft: true or draft: false.` }).optional(),
  dek: optionalText(),
  subtitle: optionalText(),
  location: optionalText(),
  lang: optionalText().refine((value) => value === undefined || isLanguageTag(value), {
    error: (iss: IssueInput) => `${show(iss.input)} is not a language tag; write a BCP 47 tag such as "en", "ru" or "pt-BR".`,
  }),
});


/** One article file to parse: its project-relative path, its bytes, and the build's "now". */
export interface ParseInput {
  file: string;
  bytes: Uint8Array;
  now: number;
}

/** Parses and validates one file: `parseArticleFile` then `validateArticle`. */
export function parseArticle({ file, bytes, now }: ParseInput): ParsedArticle | Problem[] {
  const raw = parseArticleFile(file, bytes);
  return Array.isArray(raw) ? raw : validateArticle(raw, { now });
}

/** Validates a parsed article into an `Article`, or returns every problem found in it. */
export function validateArticle(raw: RawArticle, context: ValidateContext): ParsedArticle | Problem[] {
  const { file, lineOf } = raw;
  const problems: Problem[] = [];

  // An empty optional field ("summary:" with nothing after it) is treated as left out.
  const data = Object.fromEntries(
    Object.entries(raw.data).filter(([key, value]) => value !== null || !isOptional(key)),
  );
  const result = ARTICLE_SCHEMA.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === "unrecognized_keys") {
        for (const key of issue.keys) {
          const path = [...issue.path, key];
          const message = issue.path[0] === "corrections" ? unknownFieldMessage(key, CORRECTION_FIELDS) : issue.path[0] === "image" ? unknownFieldMessage(key, IMAGE_FIELDS) : unknownFieldMessage(key);
          problems.push(problem({ file, line: lineOf(path), field: fieldName(path), rule: "field/unknown", message }));
        }
        continue;
      }
      problems.push(problem({ file, line: lineOf(issue.path), field: fieldName(issue.path), rule: ruleFor(issue.path, issue.code), message: issue.message }));
    }
  }

  if (data.author === undefined && data.source === undefined) {
    problems.push(problem({ file, line: 1, field: "author", rule: "field/required", message: "missing, and so is source; give the byline (author) or the publication (source), or both." }));
  }
  if (data.dek !== undefined && data.subtitle !== undefined) {
    problems.push(problem({ file, line: lineOf(["subtitle"]), field: "subtitle", rule: "field/conflict", message: "is given as well as dek; they are the same field, so keep one." }));
  }
  const fm = result.data;
  if (fm) {
    if (fm.updated && fm.updated.epochMs < fm.date.epochMs) {
      problems.push(problem({ file, line: lineOf(["updated"]), field: "updated", rule: "date/order", message: `${show(fm.updated.datetime)} is before date ${show(fm.date.datetime)}; an update comes after publication.` }));
    }
    for (const [i, correction] of (fm.corrections ?? []).entries()) {
      if (correction.date.date < fm.date.date) {
        problems.push(problem({ file, line: lineOf(["corrections", i, "date"]), field: `corrections[${i}].date`, rule: "date/order", message: `${show(correction.date.datetime)} is before date ${show(fm.date.datetime)}; a correction comes after publication.` }));
      }
    }
  }

  if (raw.body.trim() === "") {
    problems.push(problem({ file, line: raw.bodyLine, field: "body", rule: "body/empty", message: `is empty; write the article's text after the closing "---".` }));
  }

  const fileSlug = fileNameSlug(file);
  if (fm && fm.slug === undefined && !isValidSlug(fileSlug)) {
    problems.push(problem({ file, line: 1, field: "slug", rule: "slug/file-name", message: `the file name gives no usable slug; rename the file to lower-case words joined by hyphens (at most ${MAX_SLUG_LENGTH} characters) or set slug.` }));
  }

  let html = "";
  const depth = quoteDepth(raw.body);
  if (depth > MAX_QUOTE_DEPTH) {
    problems.push(problem({ file, line: raw.bodyLine, field: "body", rule: "body/too-deep", message: `has quotes nested ${depth} deep; at most ${MAX_QUOTE_DEPTH} can be shown, so flatten them.` }));
  }
  if (problems.length === 0) {
    try {
      html = renderMarkdown(raw.body);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      problems.push(problem({ file, line: raw.bodyLine, field: "body", rule: "body/too-deep", message: "is nested too deeply to render (quotes or lists inside one another thousands of times); flatten it." }));
    }
  }
  const folder = file.slice(0, file.lastIndexOf("/") + 1);
  const bodyImages: Photo[] = [];
  for (const { src, alt } of localImages(html)) {
    const at = raw.body.split("\n").findIndex((line) => line.includes(`(${src}`));
    const where = { file, line: raw.bodyLine + Math.max(0, at), field: "body" };
    if (!isImagePath(src)) {
      problems.push(problem({ ...where, rule: "body/image-path", message: `the image ${show(src)} is not a photo file beside the article; name one from the article's folder, e.g. ![what it shows](kremlin.jpg), or give a full https:// address.` }));
    } else if (alt.trim() === "") {
      problems.push(problem({ ...where, rule: "body/image-alt", message: `the photo ${show(src)} has no alt text; say what it shows for readers who cannot see it: ![what it shows](${src}).` }));
    } else if (!bodyImages.some((image) => image.src === src)) {
      bodyImages.push({ src, file: `${folder}${src}`, alt, line: where.line });
    }
  }
  if (problems.length > 0 || !fm) return problems;

  const slug = fm.slug ?? fileSlug;
  const { date } = fm;
  // Oldest first, as the history prints them; the last one moves `updated` (feeds, dateModified, the sitemap).
  const corrections = (fm.corrections ?? []).map(({ date, text }) => ({ date, text })).sort((a, b) => a.date.epochMs - b.date.epochMs);
  const latest = [fm.updated, corrections.at(-1)?.date].filter((when) => when !== undefined).sort((a, b) => b.epochMs - a.epochMs)[0];
  const tags = uniqueTags((fm.tags ?? []).map((name, index) => ({ name, index, line: lineOf(["tags", index]) })));
  const url = `/${date.date.replaceAll("-", "/")}/${slug}/`;
  const aliases: AliasMention[] = [];
  for (const [index, alias] of (fm.aliases ?? []).entries()) {
    const line = lineOf(["aliases", index]);
    if (outputPathOf(alias) === outputPathOf(url)) {
      problems.push(problem({ file, line, field: `aliases[${index}]`, rule: "aliases/own-url", message: `${show(alias)} is this article's own URL; an alias is an old URL it moved from, so remove it.` }));
    } else if (!aliases.some((known) => known.url === alias)) aliases.push({ url: alias, index, line });
  }
  if (problems.length > 0) return problems;
  return {
    file,
    slug,
    url,
    title: fm.title,
    dek: fm.dek ?? fm.subtitle ?? null,
    date,
    updated: latest ?? null,
    corrections,
    aliases,
    image: fm.image ? { ...fm.image, file: `${folder}${fm.image.src}`, line: lineOf(["image", "src"]) } : null,
    bodyImages,
    authors: fm.author === undefined ? [] : typeof fm.author === "string" ? [fm.author] : fm.author,
    source: fm.source ?? null,
    originalUrl: fm.original_url ?? null,
    tags,
    summary: fm.summary ?? cutSummary(firstParagraphText(html)),
    location: fm.location ?? null,
    lang: fm.lang ?? null,
    draft: fm.draft ?? false,
    scheduled: date.epochMs > context.now,
    html,
    words: countWords(htmlToText(html)),
    sourceHash: raw.sourceHash,
  };
}

const REQUIRED_FIELDS: ReadonlySet<string> = new Set(["title", "date"]);

function isOptional(key: string): boolean {
  return !REQUIRED_FIELDS.has(key);
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`)).join("") || "front matter";
}

function ruleFor(path: readonly PropertyKey[], code: string): string {
  return `${String(path[0] ?? "front-matter")}/${code}`;
}

function unknownFieldMessage(key: string, fields: readonly string[] = ARTICLE_FIELDS): string {
  const nearest = suggestName(key, fields);
  if (nearest) return `unknown field; did you mean ${show(nearest)}?`;
  return `unknown field; the fields are ${fields.join(", ")}.`;
}

/** The slug a file name gives: "putin-urges-peace-talks.md" → "putin-urges-peace-talks". */
function fileNameSlug(file: string): string {
  const name = file.slice(file.lastIndexOf("/") + 1).replace(/\.md$/i, "");
  return isValidSlug(name) ? name : slugify(name);
}

/** Drops repeats of a tag within one article ("Syria", "syria"), keeping the first spelling. */
function uniqueTags(tags: TagMention[]): TagMention[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const key = nameKey(tag.name);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

