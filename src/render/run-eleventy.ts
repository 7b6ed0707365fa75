/** Runs Eleventy from code: one build into a folder, or watch mode with the dev server. */
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { newsArchive, type NewsArchiveOptions } from "./plugin.ts";
import type { RenderSet } from "./render-plan.ts";
import { relativePath } from "../shared/files.ts";
import { PROJECT_ROOT, PUBLIC_DIR, TEMPLATES_DIR } from "../shared/project.ts";
import type { Archive } from "../archive/types.ts";


/** A page Eleventy wrote: its path inside the output folder and its text. */
export interface WrittenPage {
  path: string;
  content: string;
}

/** Builds the archive's pages (the paginated ones in `render`) into `outDir`; returns the pages Eleventy wrote. */
export async function writeSite(archive: Archive, render: RenderSet, outDir: string): Promise<WrittenPage[]> {
  const plugin = { archive, render, publicDir: PUBLIC_DIR, watch: [], pathPrefix: archive.site.pathPrefix };
  const eleventy = create(outDir, plugin, {});
  eleventy.disableLogger(); // its "Wrote N files" line per run would read like several builds; the build reports progress itself
  const [, pages] = (await eleventy.write()) as [unknown, { outputPath: string; content: string }[]];
  return pages.map((page) => ({ path: relativePath(outDir, path.resolve(page.outputPath)), content: page.content }));
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
