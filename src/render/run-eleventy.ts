/** Runs Eleventy from code: pages rendered into memory for a build, or watch mode for the preview. */
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { newsArchive, type NewsArchiveOptions } from "./plugin.ts";
import type { RenderSet } from "./render-plan.ts";
import { relativePath } from "../shared/files.ts";
import { PROJECT_ROOT, PUBLIC_DIR, TEMPLATES_DIR } from "../shared/project.ts";
import type { Archive } from "../archive/types.ts";


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
  const plugin = { archive, render, publicDir: PUBLIC_DIR, watch: [], pathPrefix: archive.site.pathPrefix };
  const eleventy = create(outDir, plugin, {});
  eleventy.disableLogger();
  const pages = (await eleventy.toJSON()) as { outputPath: string | false; content: string }[];
  return pages.flatMap((page) => (page.outputPath === false ? [] : [{ path: relativePath(outDir, path.resolve(page.outputPath)), content: page.content }]));
}

/** Watches content, templates and public files, rebuilding into `outDir` after each change. */
export async function watchSite(plugin: NewsArchiveOptions, outDir: string): Promise<void> {
  const eleventy = create(outDir, plugin, { runMode: "watch", quietMode: true });
  await eleventy.init();
  const rebuild = await eleventy.watch();
  // Eleventy 3.1 logs a deleted file but does not rebuild; a deleted article must leave the preview.
  eleventy.watcher?.on("unlink", (file) => void rebuild(file));
}

function create(outDir: string, plugin: NewsArchiveOptions, extra: object): Eleventy {
  // Eleventy resolves its input relative to the working directory.
  return new Eleventy(path.relative(process.cwd(), TEMPLATES_DIR) || ".", outDir, {
    // https://www.11ty.dev/docs/programmatic/
    configPath: path.join(PROJECT_ROOT, ".eleventy.ts"),
    quietMode: true,
    pathPrefix: plugin.pathPrefix, // for the dev server, which serves the site under it
    // Runs before .eleventy.ts, and the plugin is unique: this registration, with these options, is the one used.
    config: (eleventyConfig: { addPlugin(plugin: unknown, options: unknown): void }) => {
      eleventyConfig.addPlugin(newsArchive, plugin);
    },
    ...extra,
  });
}
