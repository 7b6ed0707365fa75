/** Local preview: builds with drafts into its own folder and serves it with live reload. */
import { rm } from "node:fs/promises";
import { buildTime, loadArchiveOrThrow } from "./build.ts";
import { PUBLIC_DIR, serveSite } from "./eleventy/run.ts";
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
  await rm(options.outDir, { recursive: true, force: true }); // Eleventy's watch mode never deletes stale pages.
  const plugin = {
    archive: () => loadArchiveOrThrow({ contentDir: options.contentDir, includeDrafts: true }),
    publicDir: PUBLIC_DIR,
    watch: [options.contentDir, PUBLIC_DIR],
    pathPrefix: archive?.site.pathPrefix ?? "/",
  };
  await serveSite(plugin, options.outDir, options.port);
}
