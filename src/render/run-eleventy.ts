/** Runs Eleventy from code: pages rendered into memory, for a build or the preview to write what changed. */
import path from "node:path";
import { newsArchive } from "./plugin.ts";
import { relativePath } from "../shared/files.ts";
import { loadBodies } from "../content/parse-cache.ts";
import { PUBLIC_DIR, TEMPLATES_DIR } from "../shared/project.ts";
import type { Archive, RenderSet } from "../archive/types.ts";


/** A rendered page: its path inside the output folder and its text. */
export interface RenderedPage {
  path: string;
  content: string;
}

/**
 * Renders the archive's pages (the paginated ones in `render`, and every page that is not
 * paginated) into memory, as they would be written into `outDir`; writes nothing and copies no
 * public file (the build writes only what changed).
 */
export async function renderSite(archive: Archive, render: RenderSet, outDir: string): Promise<RenderedPage[]> {
  // The pages that print bodies: articles, feed entries, and the site feed's (feed.json, not paginated).
  await loadBodies([...render.articles, ...render.feeds.flatMap((feed) => feed.items), ...(archive.feeds[0]?.items ?? [])], process.cwd());
  const plugin = { archive, render, publicDir: PUBLIC_DIR, watch: [], pathPrefix: archive.site.pathPrefix };
  // Eleventy resolves its input relative to the working directory.
  const Eleventy = await loadEleventy();
  const eleventy = new Eleventy(path.relative(process.cwd(), TEMPLATES_DIR) || ".", outDir, {
    // https://www.11ty.dev/docs/programmatic/. No config file (false): the plugin, registered here,
    // is all .eleventy.ts adds, and a compiled bundle (src/launch.mjs) could not import a .ts file.
    configPath: false,
    quietMode: true,
    config: (eleventyConfig: { addPlugin(plugin: unknown, options: unknown): void; benchmarks?: { config?: { setIsVerbose?(verbose: boolean): void } } }) => {
      eleventyConfig.addPlugin(newsArchive, plugin);
      // quietMode does not reach the benchmarks of filters, made before it is read: a slow filter
      // would print "[11ty] Benchmark …" into the build's output (Eleventy means quiet to silence
      // them: https://github.com/11ty/eleventy/issues/1484). The build reports its own times.
      eleventyConfig.benchmarks?.config?.setIsVerbose?.(false);
    },
  });
  eleventy.disableLogger();
  const pages = (await eleventy.toJSON()) as { outputPath: string | false; content: string }[];
  return pages.flatMap((page) => (page.outputPath === false ? [] : [{ path: relativePath(outDir, path.resolve(page.outputPath)), content: page.content }]));
}

/**
 * Eleventy, loaded once. Its module resolution hook, which busts the import cache of ESM config and
 * data files between Eleventy's own watch builds (https://github.com/11ty/eleventy/issues/3270), is
 * turned off first: this project has no such files and watches content itself (src/output/serve.ts),
 * and on Node 20 the hook starts a loader thread that every later import waits on (0.2 s a build).
 * A static import would run Eleventy's modules before this module could set the variable.
 */
function loadEleventy(): Promise<typeof import("@11ty/eleventy").default> {
  process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "1";
  return import("@11ty/eleventy").then((module) => module.default);
}
