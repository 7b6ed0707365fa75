/**
 * The Eleventy glue: hands the archive to the templates and fixes Nunjucks and copy settings.
 * With `.eleventy.ts`, the only code that sees `eleventyConfig`.
 */
import nunjucks from "nunjucks";
import type { PublicationDate } from "../content/dates.ts";
import { jsonFeed, lastChange, rfc3339, xmlText } from "../archive/feeds.ts";
import { absoluteUrl, type Site } from "../content/site.ts";
import { breadcrumbList, jsonLdScript, newsArticle } from "../archive/structured-data.ts";
import { articleMeta, groupIndexMeta, groupMeta, homeMeta, periodMeta, standaloneMeta, type GroupKind } from "../archive/page-meta.ts";
import { everyPage } from "./render-plan.ts";
import { citationMeta, citeArticle } from "../archive/citation.ts";
import { CITATION_STYLES, citationsOf } from "./citation-styles.ts";
import { bodyWithPhotos } from "../archive/body.ts";
import { counting, formatDate, message, uiLanguage, type UiLanguage } from "../i18n/messages.ts";
import type { Archive, RenderSet, ArticlePage, Feed, GroupListingPage, ListingPage, PageMeta, PeriodListingPage } from "../archive/types.ts";

/** Options of the news-archive Eleventy plugin. */
export interface NewsArchiveOptions {
  /** The archive to render, or a function that loads it afresh for every build (Eleventy's own watch mode, with .eleventy.ts). */
  archive: Archive | (() => Promise<Archive>);
  /** The paginated pages to render; every page when left out. */
  render?: RenderSet;
  /** Folder of static files copied as they are to the output root. */
  publicDir: string;
  /** Folders whose changes should trigger a rebuild in watch mode. */
  watch: string[];
  /** The site's path prefix, "/" or "/archive/", for the `href` filter. */
  pathPrefix: string;
}

// The part of Eleventy's UserConfig this plugin uses (Eleventy ships no TypeScript types).
interface EleventyConfig {
  setNunjucksEnvironmentOptions(options: object): void;
  addGlobalData(name: string, data: unknown): void;
  addPassthroughCopy(mapping: Record<string, string>): void;
  addWatchTarget(target: string): void;
  setTemplateFormats(formats: string[]): void;
  amendLibrary(name: string, callback: (library: nunjucks.Environment) => void): void;
  addExtension(name: string, options: object): void;
  addFilter(name: string, filter: (value: never, ...args: never[]) => unknown): void;
  on(event: string, callback: (event: { results?: { outputPath: string }[]; directories: { output: string } }) => Promise<void>): void;
}

/** The news-archive plugin. Unique: the first `addPlugin` wins, so a build's options beat the config file's defaults. */
export function newsArchive(eleventyConfig: EleventyConfig, options: NewsArchiveOptions): void {
  // https://www.11ty.dev/docs/languages/nunjucks/#optional-global-nunjucks-environment-options
  // autoescape: every title, tag and name is escaped; only an article's body (sanitised) is printed with | safe.
  // throwOnUndefined: a template that prints a missing field fails the build instead of printing nothing.
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: true, trimBlocks: true, lstripBlocks: true });
  cacheNunjucksCompiles(eleventyConfig);
  // https://www.11ty.dev/docs/config/#template-formats: only Nunjucks pages; article bodies are data,
  // rendered by src/content/markdown.ts and never run through a template engine.
  eleventyConfig.setTemplateFormats(["njk"]);
  // https://www.11ty.dev/docs/data-global-custom/: `archive` is everything; `render` holds the
  // paginated pages to write this time (templates paginate over it; see src/render/render-plan.ts).
  const { archive } = options;
  let current: Archive | undefined = typeof archive === "function" ? undefined : archive;
  if (typeof archive === "function") {
    // Watch mode: load the content afresh before every build (https://www.11ty.dev/docs/events/).
    eleventyConfig.on("eleventy.before", async () => {
      current = await archive();
    });
    eleventyConfig.addGlobalData("archive", () => current);
    eleventyConfig.addGlobalData("render", () => (current ? everyPage(current) : undefined));
  } else {
    eleventyConfig.addGlobalData("archive", archive);
    eleventyConfig.addGlobalData("render", options.render ?? everyPage(archive));
  }
  // https://www.11ty.dev/docs/filters/: "/tags/" → "/archive/tags/". Eleventy's own `url` filter does
  // the same but tries `new URL()` first, which throws for every relative URL: 3 s of a 10,000-article build.
  const { pathPrefix } = options;
  eleventyConfig.addFilter("href", (url: string) => pathPrefix + url.replace(/^\//, ""));
  addDataFilters(eleventyConfig, () => current!.site);
  addPageMetaFilters(eleventyConfig, () => current!.site);
  // https://www.11ty.dev/docs/copy/
  eleventyConfig.addPassthroughCopy({ [options.publicDir]: "/" });
  // https://www.11ty.dev/docs/watch-serve/#add-your-own-watch-targets
  for (const target of options.watch) eleventyConfig.addWatchTarget(target);
}
newsArchive.eleventyPluginOptions = { unique: true };

// Filters that print machine-readable data. Each calls a pure function in src/ and, where the
// result is markup that function made safe, marks it so autoescape leaves it alone.
function addDataFilters(eleventyConfig: EleventyConfig, site: () => Site): void {
  const markSafe = (text: string) => new nunjucks.runtime.SafeString(text);
  // Nunjucks's own escaping (its autoescape), which its type declarations leave out.
  const escapeHtml = (nunjucks.lib as unknown as { escape: (text: string) => string }).escape;
  eleventyConfig.addFilter("absolute", (url: string) => absoluteUrl(site(), url));
  eleventyConfig.addFilter("xml", (text: string) => xmlText(String(text)));
  eleventyConfig.addFilter("rfc3339", (date: PublicationDate) => rfc3339(date));
  eleventyConfig.addFilter("lastChange", (article: ArticlePage) => lastChange(article));
  eleventyConfig.addFilter("jsonFeed", (feed: Feed) => markSafe(JSON.stringify(jsonFeed(site(), feed), null, 2)));
  // BibTeX, RIS and CSL-JSON, and the site's citation styles in its order: { id, name, html }.
  eleventyConfig.addFilter("cite", (article: ArticlePage) => {
    const citation = citeArticle(article, site());
    const styled = citationsOf(citation.input);
    return { ...citation, styled: citation.input.styles.map((id) => ({ id, name: CITATION_STYLES.find((style) => style.id === id)!.name, html: styled[id] })) };
  }),
  eleventyConfig.addFilter("citationMeta", (article: ArticlePage) => citationMeta(article, absoluteUrl(site(), article.url), site().language));
  // Sanitised when parsed (src/content/markdown.ts); the template marks it safe.
  eleventyConfig.addFilter("body", (article: ArticlePage) => bodyWithPhotos(article));
  eleventyConfig.addFilter("articleJsonLd", (article: ArticlePage) => markSafe(jsonLdScript(newsArticle(site(), article))));
  eleventyConfig.addFilter("breadcrumbJsonLd", (meta: PageMeta, url: string) =>
    markSafe(jsonLdScript(breadcrumbList(site(), meta.breadcrumbs, { label: meta.title, url }))),
  );
  // The interface's words (src/i18n/): `{{ "nav.latest" | t(ui) }}`, `{{ "article.moreFrom" | t(ui, { day: … }) }}`,
  // dates `{{ article.date | dateIn(ui) }}`; base.njk sets `ui` from the page's `pageLang` or the site's language.
  eleventyConfig.addFilter("uiLanguage", (tag: string) => uiLanguage(tag));
  // Catalogue text is the project's own HTML (it may hold markup, and prints "'" as written); the
  // values filled in are escaped, whatever they are.
  eleventyConfig.addFilter("t", (key: string, lang: UiLanguage, values: Record<string, string | number> = {}) =>
    markSafe(message(lang, key, Object.fromEntries(Object.entries(values).map(([name, value]) => [name, escapeHtml(String(value))])))),
  );
  eleventyConfig.addFilter("counting", (count: number, lang: UiLanguage, key: string) => counting(lang, key, count));
  eleventyConfig.addFilter("dateIn", (date: Pick<PublicationDate, "year" | "month" | "day">, lang: UiLanguage, form?: "day" | "month" | "monthDay") => formatDate(lang, date, form));
}

// Each page's `meta` (title, description, breadcrumbs, feed) comes from src/archive/page-meta.ts:
// `{% set meta = article | articleMeta %}`. Group pages name their kind in front matter (`groupKind: tags`).
function addPageMetaFilters(eleventyConfig: EleventyConfig, site: () => Site): void {
  eleventyConfig.addFilter("articleMeta", (article: ArticlePage) => articleMeta(site(), article));
  eleventyConfig.addFilter("homeMeta", (listing: ListingPage) => homeMeta(site(), listing));
  eleventyConfig.addFilter("periodMeta", (listing: PeriodListingPage) => periodMeta(site(), listing));
  eleventyConfig.addFilter("groupMeta", (listing: GroupListingPage, kind: GroupKind) => groupMeta(site(), kind, listing));
  eleventyConfig.addFilter("groupIndexMeta", (kind: GroupKind) => groupIndexMeta(site(), kind));
  eleventyConfig.addFilter("standaloneMeta", (page: "archive" | "search" | "not-found") => standaloneMeta(site(), page));
}

// Eleventy 3.1 compiles a Nunjucks template again for every page it renders, permalink included
// (its Nunjucks engine is not "cacheable"); with one template paginated over 10,000 articles that
// was most of the build. The same template language, on Eleventy's own Nunjucks environment (so
// every option and filter above applies), with each template compiled once per build.
// https://www.11ty.dev/docs/languages/custom/#overriding-an-existing-template-language
function cacheNunjucksCompiles(eleventyConfig: EleventyConfig): void {
  let environment: nunjucks.Environment | undefined;
  eleventyConfig.amendLibrary("njk", (library) => {
    environment = library;
  });
  const templates = new Map<string, nunjucks.Template>();
  const compile = (source: string, inputPath?: string) => {
    const key = `${inputPath ?? ""}\0${source}`;
    let template = templates.get(key);
    if (!template) {
      template = new nunjucks.Template(source, environment, inputPath, true);
      templates.set(key, template);
    }
    const compiled = template;
    return (data: object): Promise<string> =>
      new Promise((resolve, reject) => compiled.render(data, (error, result) => (error ? reject(error) : resolve(result ?? ""))));
  };
  eleventyConfig.addExtension("njk", {
    compile,
    compileOptions: { cache: true, permalink: compile },
  });
}
