/**
 * Eleventy's config file. `npm run build` and `npm start` load it and register the plugin first,
 * with their own options; run on its own it builds content/ into _site/ with defaults:
 *   npx tsx node_modules/@11ty/eleventy/cmd.cjs --config=.eleventy.ts --input=templates
 */
import { newsArchive } from "./src/render/plugin.ts";
import { loadArchiveOrThrow } from "./src/output/build.ts";
import { loadSiteSettings } from "./src/content/load.ts";

export default async function (eleventyConfig: { addPlugin(plugin: unknown, options: unknown): void }): Promise<void> {
  const site = await loadSiteSettings("content", process.cwd());
  eleventyConfig.addPlugin(newsArchive, {
    archive: () => loadArchiveOrThrow({ contentDir: "content", includeDrafts: false }),
    publicDir: "public",
    watch: ["content/", "public/"],
    pathPrefix: Array.isArray(site) ? "/" : site.pathPrefix,
  });
}
