/** The site's settings (`content/site.json`), their validation, and URLs built from them. Pure. */
import { z } from "zod";
import { suggestName } from "../shared/did-you-mean.ts";
import { isLanguageTag } from "./language-tag.ts";
import { problem, show, type Problem } from "../shared/problems.ts";
import { isHttpOrigin } from "./urls.ts";

/** Validated site settings. */
export interface Site {
  title: string;
  description: string;
  /** BCP 47 language of the site, e.g. "en". */
  language: string;
  /** Origin the site is served from, without trailing slash, e.g. "https://archive.example.org". */
  url: string;
  /** Path the site lives under, with leading and trailing slash: "/" or "/archive/". */
  pathPrefix: string;
  /** Articles per listing page (home, tag pages). */
  pageSize: number;
  /** The styles "Cite this article" formats, in this order; none leaves BibTeX, RIS and CSL-JSON. */
  citationStyles: CitationStyle[];
}

/** The citation styles a site may ask for (src/render/csl/). */
export const CITATION_STYLE_IDS = ["apa", "mla", "chicago"] as const;
export type CitationStyle = (typeof CITATION_STYLE_IDS)[number];

/** Settings used when the content folder has no site.json. */
export const DEFAULT_SITE = {
  title: "News Archive",
  description: "An archive of news articles.",
  language: "en",
  url: "http://localhost:8080",
  pathPrefix: "/",
  pageSize: 20,
  citationStyles: [...CITATION_STYLE_IDS],
} satisfies Site;

const SITE_SCHEMA = z.strictObject({
  title: z.string({ error: "expected text, e.g. \"The Daily Archive\"." }).trim().min(1, { error: "is empty; give the site a name." }),
  description: z.string({ error: "expected text." }).trim().default(DEFAULT_SITE.description),
  language: z
    .string({ error: "expected a language tag, e.g. \"en\"." })
    .refine(isLanguageTag, { error: (iss) => `${show(iss.input)} is not a language tag; write e.g. "en" or "pt-BR".` })
    .default(DEFAULT_SITE.language),
  url: z
    .string({ error: "expected the site's address, e.g. \"https://archive.example.org\"." })
    .refine(isHttpOrigin, { error: (iss) => `${show(iss.input)} is not an http(s) origin; write e.g. "https://archive.example.org", and put any path in pathPrefix.` })
    .default(DEFAULT_SITE.url),
  pathPrefix: z
    .string({ error: "expected a path, e.g. \"/\" or \"/archive/\"." })
    .superRefine((value, context) => {
      const reason = pathPrefixProblem(value);
      if (reason) context.issues.push({ code: "custom", input: value, message: `${show(value)} ${reason}` });
    })
    .default(DEFAULT_SITE.pathPrefix),
  pageSize: z
    .number({ error: "expected a whole number of articles per page, e.g. 20." })
    .int({ error: "expected a whole number of articles per page, e.g. 20." })
    .min(1, { error: "must be at least 1." })
    .max(1000, { error: "must be at most 1000." })
    .default(DEFAULT_SITE.pageSize),
  citationStyles: z
    .array(z.enum(CITATION_STYLE_IDS, { error: (iss) => `${show(iss.input)} is not a citation style; the styles are ${CITATION_STYLE_IDS.join(", ")}.` }), {
      error: `expected a list of citation styles, e.g. ["apa", "mla", "chicago"], or [] for none.`,
    })
    .refine((styles) => new Set(styles).size === styles.length, { error: "names a style twice." })
    .default(DEFAULT_SITE.citationStyles),
});

/** Parses and validates site.json text; `file` is its project-relative path for messages. */
export function parseSite(file: string, text: string): Site | Problem[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec(String(error))?.[1];
    const line = position === undefined ? 1 : text.slice(0, Number(position)).split("\n").length;
    return [problem({ file, line, field: "site.json", rule: "site/json", message: `is not valid JSON: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, "")}; check commas and quotes.` })];
  }
  const lineOf = (key: PropertyKey | undefined): number => {
    const at = typeof key === "string" ? text.indexOf(`"${key}"`) : -1;
    return at === -1 ? 1 : text.slice(0, at).split("\n").length;
  };
  const result = SITE_SCHEMA.safeParse(json);
  if (!result.success) {
    return result.error.issues.flatMap((issue) => {
      if (issue.code === "unrecognized_keys") {
        return issue.keys.map((key) => {
          const nearest = suggestName(key, Object.keys(DEFAULT_SITE));
          const hint = nearest ? `did you mean ${show(nearest)}?` : `the settings are ${Object.keys(DEFAULT_SITE).join(", ")}.`;
          return problem({ file, line: lineOf(key), field: key, rule: "site/unknown", message: `unknown setting; ${hint}` });
        });
      }
      const key = issue.path[0];
      if (key === undefined) return [problem({ file, line: 1, field: "site.json", rule: "site/shape", message: "expected an object of settings, e.g. { \"title\": \"...\" }." })];
      return [problem({ file, line: lineOf(key), field: String(key), rule: `site/${String(key)}`, message: issue.message })];
    });
  }
  const site = result.data;
  return { ...site, url: site.url.replace(/\/+$/, ""), pathPrefix: normalizePrefix(site.pathPrefix) };
}

/** Site settings with `url` and `pathPrefix` taken from one base URL, e.g. "https://example.org/archive/". */
export function withBaseUrl(site: Site, baseUrl: string): Site {
  return { ...site, ...splitBaseUrl(baseUrl) };
}

/** A base URL's origin and path prefix: "https://example.org/archive" → "https://example.org", "/archive/". */
export function splitBaseUrl(baseUrl: string): Pick<Site, "url" | "pathPrefix"> {
  const problem = baseUrlProblem(baseUrl);
  if (problem) throw new RangeError(`${JSON.stringify(baseUrl)} ${problem}`); // callers validate first
  const url = new URL(baseUrl);
  return { url: url.origin, pathPrefix: normalizePrefix(url.pathname) };
}

// Path segments a prefix may hold: the URL-safe characters that need no escaping, as before.
const SEGMENT = /^[A-Za-z0-9._~-]+$/;

/**
 * Why `prefix` cannot be a path prefix ("is not a path; …"), or null for "/", "/archive/",
 * "archive". Checked segment by segment: no regex over the whole string, so a long hostile value
 * is answered as fast as a short one.
 */
export function pathPrefixProblem(prefix: string): string | null {
  if (prefix.length > 200) return "is too long for a path prefix; keep it under 200 characters.";
  const segments = prefix.replace(/^\//, "").split("/");
  if (segments.at(-1) === "") segments.pop();
  for (const segment of segments) {
    if (segment === "." || segment === "..") return `has a "${segment}" segment; write the path itself, e.g. "/" or "/archive/".`;
    if (!SEGMENT.test(segment)) return `is not a path; write e.g. "/" or "/archive/" (letters, digits and . _ ~ - between slashes).`;
  }
  return null;
}

/** Why `value` cannot be a base URL ("https://example.org/archive/"), or null when it can. */
export function baseUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `is not a URL; write the site's address, e.g. "https://example.org/archive/".`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `is not an http(s) URL; write e.g. "https://example.org/archive/".`;
  if (url.hostname === "") return `has no host; write e.g. "https://example.org/archive/".`;
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    return `may hold only an origin and a path (no user, query or #fragment); write e.g. "https://example.org/archive/".`;
  }
  // new URL() resolves "/a/../b/" silently; the path as written must already be plain.
  const written = value.slice(value.indexOf("//") + 2);
  const slash = written.indexOf("/");
  const path = slash === -1 ? "/" : decodeURIComponentSafe(written.slice(slash));
  const reason = pathPrefixProblem(path);
  return reason === null ? null : `its path ${JSON.stringify(path)} ${reason}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}


/** Path of a site-relative URL under the prefix: "/tags/" → "/archive/tags/". */
export function prefixUrl(site: Site, url: string): string {
  return site.pathPrefix + url.replace(/^\//, "");
}

/** Absolute URL of a site-relative URL: "/tags/" → "https://example.org/archive/tags/". */
export function absoluteUrl(site: Site, url: string): string {
  return site.url + prefixUrl(site, url);
}

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, "");
  return trimmed === "" ? "/" : `/${trimmed}/`;
}
