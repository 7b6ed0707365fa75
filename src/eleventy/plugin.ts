/**
 * The Eleventy glue: hands the archive to the templates and fixes Nunjucks and copy settings.
 * With `.eleventy.ts`, the only code that sees `eleventyConfig`.
 */
import type { Archive } from "../archive.ts";

/** Options of the news-archive Eleventy plugin. */
export interface NewsArchiveOptions {
  /** The archive to render, or a function that loads it afresh for every build (preview). */
  archive: Archive | (() => Promise<Archive>);
  /** Folder of static files copied as they are to the output root. */
  publicDir: string;
  /** Folders whose changes should trigger a rebuild in watch mode. */
  watch: string[];
}

// The part of Eleventy's UserConfig this plugin uses (Eleventy ships no TypeScript types).
interface EleventyConfig {
  setNunjucksEnvironmentOptions(options: object): void;
  addGlobalData(name: string, data: unknown): void;
  addPassthroughCopy(mapping: Record<string, string>): void;
  addWatchTarget(target: string): void;
  setTemplateFormats(formats: string[]): void;
}

/** The news-archive plugin. Unique: the first `addPlugin` wins, so a build's options beat the config file's defaults. */
export function newsArchive(eleventyConfig: EleventyConfig, options: NewsArchiveOptions): void {
  // https://www.11ty.dev/docs/languages/nunjucks/#optional-global-nunjucks-environment-options
  // autoescape: every title, tag and name is escaped; only article.html (sanitised) is printed with | safe.
  // throwOnUndefined: a template that prints a missing field fails the build instead of printing nothing.
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: true, trimBlocks: true, lstripBlocks: true });
  // https://www.11ty.dev/docs/config/#template-formats: only Nunjucks pages; article bodies are data,
  // rendered by src/markdown.ts and never run through a template engine.
  eleventyConfig.setTemplateFormats(["njk"]);
  // https://www.11ty.dev/docs/data-global-custom/: a function is called again on every watch rebuild.
  eleventyConfig.addGlobalData("archive", options.archive);
  // https://www.11ty.dev/docs/copy/
  eleventyConfig.addPassthroughCopy({ [options.publicDir]: "/" });
  // https://www.11ty.dev/docs/watch-serve/#add-your-own-watch-targets
  for (const target of options.watch) eleventyConfig.addWatchTarget(target);
}
newsArchive.eleventyPluginOptions = { unique: true };
