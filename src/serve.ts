/** Local preview: builds with drafts into its own folder and serves it with live reload. */
import { rm } from "node:fs/promises";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { buildTime, eleventyOptions, loadArchiveOrThrow, PROJECT_ROOT } from "./build.ts";
import { loadArchive } from "./load.ts";
import { formatProblem } from "./problems.ts";

/** Where the preview reads from, writes to and listens. */
export interface ServeOptions {
  contentDir: string;
  /** Preview output; never the production `_site/`, so drafts cannot be deployed by mistake. */
  outDir: string;
  port: number;
}

/** Starts Eleventy's watch mode and dev server; resolves once it is listening. */
export async function serve(options: ServeOptions): Promise<void> {
  const { archive, problems } = await loadArchive({ contentDir: options.contentDir, root: process.cwd(), now: buildTime(), includeDrafts: true });
  for (const p of problems) console.error(formatProblem(p));
  const pathPrefix = archive?.site.pathPrefix ?? "/";

  await rm(options.outDir, { recursive: true, force: true }); // Eleventy's watch mode never deletes stale pages.
  const publicDir = path.join(PROJECT_ROOT, "public");
  const eleventy = new Eleventy(
    path.relative(process.cwd(), path.join(PROJECT_ROOT, "templates")) || ".",
    options.outDir,
    eleventyOptions(
      pathPrefix,
      {
        archive: () => loadArchiveOrThrow({ contentDir: options.contentDir, includeDrafts: true }),
        publicDir,
        watch: [options.contentDir, publicDir],
      },
      { runMode: "serve", quietMode: false },
    ),
  );
  await eleventy.watch();
  await eleventy.serve(options.port);
}
