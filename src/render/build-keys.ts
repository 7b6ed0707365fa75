/** The build-wide part of page keys (see render-plan.ts): what shapes every page of a kind besides its own record. */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { Archive, RenderSet } from "../archive/types.ts";
import { getCodeVersion } from "../content/parse-cache.ts";
import { sha256 } from "../shared/hash.ts";
import { TEMPLATES_DIR } from "../shared/project.ts";
import { TEMPLATE_OF } from "./render-plan.ts";

/**
 * Everything besides a page's own record that shapes it, per kind of page: code and dependencies,
 * site settings, mode, the shared templates of `_includes/` and the kind's own template; and
 * `all`, with every template, for the pages that are not paginated.
 */
export async function computeBuildKeys(archive: Pick<Archive, "site" | "includeDrafts">): Promise<{ all: string; kinds: Record<keyof RenderSet, string> }> {
  const templates = new Map<string, Uint8Array | string>();
  for (const name of (await readdir(TEMPLATES_DIR, { recursive: true })).sort()) {
    templates.set(name.split(path.sep).join("/"), await readFile(path.join(TEMPLATES_DIR, name)).catch(() => "")); // folders read as ""
  }
  const common = [await getCodeVersion(), JSON.stringify({ site: archive.site, includeDrafts: archive.includeDrafts })];
  const shared = [...templates].filter(([name]) => name.startsWith("_includes/")).flat();
  const kinds = Object.fromEntries(
    Object.entries(TEMPLATE_OF).map(([kind, template]) => [kind, sha256([...common, ...shared, template, templates.get(template) ?? ""])]),
  ) as Record<keyof RenderSet, string>;
  return { all: sha256([...common, ...[...templates].flat()]), kinds };
}
