/**
 * Local preview: the site with drafts, built into its own folder as a build would (only what an
 * edit changed is rendered and written), rebuilt on every save in content/, public/ or templates/;
 * a small server on 127.0.0.1 serves it, reloads open pages after each rebuild, and shows content
 * problems in a banner while it keeps serving the last good site.
 */
import { watch } from "node:fs";
import { lstat, mkdir, readFile } from "node:fs/promises";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import sirv from "sirv";
import { buildTime, copyPublicFiles, refreshSearchIndex, writeOutput, writePages } from "./build.ts";
import { makeImages } from "./images.ts";
import { findImages } from "../content/images.ts";
import { joinRenderSets } from "../render/render-plan.ts";
import { PUBLIC_DIR, TEMPLATES_DIR } from "../shared/project.ts";
import { loadArchive, loadSiteSettings } from "../content/load.ts";
import { defaultCacheDir } from "../shared/project.ts";
import { formatProblem, plural } from "../shared/problems.ts";
import { silentProgress } from "../shared/progress.ts";
import { buildArchive, replaceArticle } from "../archive/archive.ts";
import { parseArticle } from "../content/front-matter.ts";
import { asOf, type Article } from "../content/article.ts";
import { displayPath, relativePath } from "../shared/files.ts";
import { UserError } from "../shared/errors.ts";
import { guardOutputFolder, writeMarker } from "./output-folder.ts";
import { DEFAULT_SITE } from "../content/site.ts";
import type { Archive, RenderSet } from "../archive/types.ts";

/** Where the preview reads from, writes to and listens. */
export interface ServeOptions {
  contentDir: string;
  /** Preview output; never the production `_site/`, so drafts cannot be deployed by mistake. */
  outDir: string;
  /** Interface to listen on: 127.0.0.1 unless asked otherwise. */
  host: string;
  /** The port; when it is busy, the next free one unless `exactPort`. */
  port: number;
  /** The port was asked for by name: a busy one is an error, not a reason to take another. */
  exactPort?: boolean;
  /** Called with the address once the server listens. */
  onListening?: (url: string) => void;
}

const EVENTS = "/__news-archive/events";
const CLIENT = "/__news-archive/reload.js";

// The preview's own script (never content): reloads on rebuild, shows problems in a banner. Text
// is set with textContent, so a hostile value in a message is shown, not run.
const CLIENT_SCRIPT = `(() => {
  const events = new EventSource(${JSON.stringify(EVENTS)});
  let banner;
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("problems", (event) => {
    const lines = JSON.parse(event.data);
    banner?.remove();
    banner = document.createElement("div");
    banner.setAttribute("role", "alert");
    banner.id = "news-archive-problems";
    banner.style.cssText = "position:fixed;inset:auto 0 0 0;z-index:2147483647;max-height:50vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#7a1212;color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
    banner.textContent = "Content problems: until they are fixed, the preview shows the last good build (or an empty site if there is none).\\n\\n" + lines.join("\\n");
    document.body.append(banner);
  });
})();
`;

/** Starts watching and serving; resolves once the server listens. Runs until the process ends. */
export async function serve(options: ServeOptions): Promise<void> {
  const clients = new Set<http.ServerResponse>();
  let problems: string[] = [];
  let lastGood: Archive | undefined;
  const send = (event: string, data: unknown): void => {
    for (const client of clients) client.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };

  const outDir = await guardOutputFolder({ folder: options.outDir, flag: "--out", kind: "preview", contentDir: options.contentDir });
  await mkdir(outDir, { recursive: true }); // what an earlier preview wrote is kept: only what changed since is written
  await writeMarker(outDir, "preview");
  const site = await loadSiteSettings(options.contentDir, process.cwd()); // its problems are printed by rebuild()
  // Loads the content (only files changed since the last load are read) and writes what changed.
  // After a save, open pages reload first; then the search bundles whose pages changed are
  // indexed again (a year's articles: about a second at 10,000 articles, several at 100,000),
  // in the background: a save made meanwhile is shown at once, and indexed in one more round.
  let built = false;
  let records = new Map<string, Article>(); // what lastGood was built from, by file
  let writing: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(write: () => Promise<T>): Promise<T> => {
    const done = writing.then(write);
    writing = done.catch(() => undefined);
    return done;
  };
  let indexing: Promise<void> | null = null;
  let indexAgain = false;
  const indexable = (): boolean => lastGood !== undefined && problems.length === 0;
  const refreshSearch = (): void => {
    indexAgain = true;
    if (indexing) return;
    indexing = (async () => {
      while (indexAgain && indexable()) {
        indexAgain = false;
        await refreshSearchIndex(lastGood!, outDir, exclusive);
      }
    })()
      .catch((error: unknown) => console.error(`The preview could not update its search index: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        indexing = null;
        if (indexAgain && indexable()) refreshSearch(); // a save came as the last round ended
      });
  };
  const rebuild = async (changed: ReadonlySet<string> = new Set()): Promise<void> => {
    const wasBuilt = built;
    await exclusive(() => update(changed));
    if (wasBuilt) refreshSearch();
  };
  const update = async (changed: ReadonlySet<string>): Promise<void> => {
    if (built && lastGood && problems.length === 0 && (await quickUpdate(lastGood, changed))) {
      send("reload", null);
      return;
    }
    const result = await loadArchive({ contentDir: options.contentDir, root: process.cwd(), now: buildTime(), includeDrafts: true, cacheDir: defaultCacheDir() });
    const errors = result.problems.filter((p) => p.severity === "error").map(formatProblem);
    for (const line of result.problems.map(formatProblem)) console.error(line);
    problems = errors;
    if (result.archive) {
      lastGood = result.archive;
      records = new Map(result.articles.map((article) => [article.file, article]));
    } else {
      console.error(`${plural(errors.length, "problem")}: ${lastGood ? "the preview keeps showing the last good build" : "the preview shows an empty site with the problems"} until they are fixed.`);
    }
    if (result.archive || !built) {
      // Broken content at start: an empty site, so the server runs and the banner lists the problems.
      const archive = lastGood ?? buildArchive([], { site: Array.isArray(site) ? DEFAULT_SITE : site, includeDrafts: true }).archive;
      await writeOutput(archive, outDir, { kind: "preview", cacheDir: defaultCacheDir(), search: built ? "keep" : "write", progress: silentProgress });
      built = true;
    }
    if (problems.length > 0) send("problems", problems);
    else send("reload", null);
  };
  // Quick paths. A file of public/ (a stylesheet, a script) is copied. Saved articles that keep
  // their place (title, date, tags, names: see archive.ts's replaceArticle) are put into the
  // archive in memory, and only the pages that show them are rendered again. Saved, new or deleted
  // articles that move are parsed alone and the archive is arranged again from the records in
  // memory (`rearrange`). Anything else (a template, site.json, a problem) takes the full path,
  // which reads the content folder. True when a quick path did it all.
  const articlesDir = path.resolve(options.contentDir, "articles");
  const inside = (folder: string) => (file: string) => file.startsWith(`${folder}${path.sep}`);
  const quickUpdate = async (archive: Archive, changed: ReadonlySet<string>): Promise<boolean> => {
    const files = [...changed];
    if (files.length === 0) return false;
    const regularOrGone = async (file: string) => (await lstat(file).catch(() => null))?.isFile() ?? true;
    if (files.every(inside(PUBLIC_DIR)) && (await Promise.all(files.map(regularOrGone))).every(Boolean)) {
      await copyPublicFiles(outDir, files.map((file) => relativePath(PUBLIC_DIR, file)));
      return true;
    }
    const parsed = await reparse(files);
    if (!parsed) return false;
    if (await replaceInPlace(archive, parsed)) return true;
    return rearrange(archive, parsed);
  };
  // Saved articles that keep their place: put into the archive, and the pages that show them rendered.
  const replaceInPlace = async (archive: Archive, parsed: ReadonlyMap<string, Article | null>): Promise<boolean> => {
    const render: RenderSet[] = [];
    for (const [file, after] of parsed) {
      const before = records.get(file);
      const shows = before && after ? replaceArticle(archive, before, after) : null;
      if (!shows) return false; // the archive may be half updated: `rearrange` builds it again from the records
      // Its photos' pictures, when each photo's files are in the folder already (a new photo's are written by `rearrange`).
      const photos = await makeImages({ site: archive.site, articles: shows.articles }, process.cwd(), defaultCacheDir());
      await photos.done();
      for (const name of photos.files.keys()) if (!(await lstat(path.join(outDir, name)).catch(() => null))) return false;
      render.push(shows);
      records.set(file, after!);
    }
    await writePages(archive, outDir, joinRenderSets(render));
    return true;
  };
  // The saved article files parsed again: each one's record by its shown path, or null when it
  // is gone. Null when one is not an article file or not a valid one (the full path reports why).
  const reparse = async (files: readonly string[]): Promise<Map<string, Article | null> | null> => {
    if (files.length === 0 || !files.every((file) => inside(articlesDir)(file) && file.endsWith(".md"))) return null;
    const parsed = new Map<string, Article | null>();
    for (const file of files) {
      const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => (error.code === "ENOENT" ? null : undefined));
      if (bytes === undefined) return null;
      const record = bytes && parseArticle({ file: displayPath(file), bytes, now: buildTime() });
      if (Array.isArray(record)) return null;
      // Its photos found as a load finds them (a missing one is a problem the full path reports).
      const found: Article[] = record ? [record] : [];
      if ((await findImages(found, { root: process.cwd(), cacheDir: defaultCacheDir() })).length > 0) return null;
      parsed.set(displayPath(file), found[0] ?? null);
    }
    return parsed;
  };
  // Articles added, deleted or moved (a new title, date or tag): the archive is arranged again
  // from the records in memory, and the build's writer renders what changed. Reading and stat'ing
  // every file of the content folder and the parse cache is what it spares.
  const rearrange = async (archive: Archive, parsed: ReadonlyMap<string, Article | null>): Promise<boolean> => {
    const next = new Map(records);
    for (const [file, record] of parsed) {
      if (record) next.set(file, record);
      else next.delete(file);
    }
    const now = buildTime(); // as loadArchive does
    const result = buildArchive([...next.values()].map((record) => asOf(record, now)), { site: archive.site, includeDrafts: true, now });
    if (result.problems.some((p) => p.severity === "error")) return false;
    for (const line of result.problems.map(formatProblem)) console.error(line);
    lastGood = result.archive;
    records = next;
    await writeOutput(result.archive, outDir, { kind: "preview", cacheDir: defaultCacheDir(), search: "keep", progress: silentProgress });
    return true;
  };
  const files = sirv(outDir, { dev: true, etag: false });
  const allowed = allowedHosts(options.host);
  const server = http.createServer(async (req, res) => {
    // DNS rebinding: a page on evil.example whose name now points at 127.0.0.1 must not read the
    // preview (drafts included). Only requests addressed to this server by name or address pass.
    if (!allowed.has(hostName(req.headers.host))) {
      res.writeHead(403, { "content-type": "text/plain; charset=utf-8" });
      res.end(`This preview answers only requests for ${[...allowed].join(", ")}.\n`);
      return;
    }
    const url = new URL(req.url ?? "/", "http://preview.invalid");
    if (url.pathname === EVENTS) {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
      res.write(": connected\n\n");
      clients.add(res);
      if (problems.length > 0) res.write(`event: problems\ndata: ${JSON.stringify(problems)}\n\n`);
      req.on("close", () => clients.delete(res));
      return;
    }
    if (url.pathname === CLIENT) {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
      res.end(CLIENT_SCRIPT);
      return;
    }
    const page = await htmlFor(outDir, url.pathname);
    if (page) {
      res.writeHead(page.status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(page.html.replace(/<\/body>/i, `<script src="${CLIENT}" defer></script></body>`));
      return;
    }
    files(req, res, () => {
      res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
      res.end("Not found\n");
    });
  });
  // The port first, so a busy one is reported before a build; the address once the first build is there.
  const url = await listen(server, options.host, options.port, options.exactPort ?? false);
  await rebuild();
  watchForChanges([path.resolve(options.contentDir), PUBLIC_DIR, TEMPLATES_DIR], rebuild);
  console.log("Search is updated a moment after each save: the part of the index holding the saved article's year is made again.");
  options.onListening?.(url);
}

/** The HTML for a path: its page, or the 404 page with status 404; null for other files. */
async function htmlFor(outDir: string, pathname: string): Promise<{ status: number; html: string } | null> {
  let relative: string;
  try {
    relative = decodeURIComponent(pathname).replace(/^\/+/, "");
  } catch {
    return null;
  }
  if (relative.split("/").includes("..")) return null;
  const candidates = relative === "" || relative.endsWith("/") ? [`${relative}index.html`] : relative.endsWith(".html") ? [relative] : [`${relative}/index.html`];
  for (const candidate of candidates) {
    const html = await readFile(path.join(outDir, candidate), "utf8").catch(() => null);
    if (html !== null) return { status: 200, html };
  }
  if (path.extname(relative) !== "" && !relative.endsWith(".html")) return null;
  const notFound = await readFile(path.join(outDir, "404.html"), "utf8").catch(() => null);
  return notFound === null ? null : { status: 404, html: notFound };
}

/** The host names a request may be addressed to: the listening address, and this machine's names for itself. */
export function allowedHosts(host: string): Set<string> {
  const names = new Set(["localhost", "127.0.0.1", "::1", host.replace(/^\[|\]$/g, "").toLowerCase()]);
  if (host === "0.0.0.0" || host === "::") {
    for (const address of Object.values(os.networkInterfaces()).flat()) if (address) names.add(address.address.toLowerCase());
  }
  return names;
}

/** The host name of a Host header, without port or IPv6 brackets: "[::1]:8080" → "::1". */
export function hostName(header: string | undefined): string {
  if (!header) return "";
  const name = header.startsWith("[") ? header.slice(1, header.indexOf("]")) : header.split(":")[0]!;
  return name.toLowerCase().replace(/\.$/, "");
}

// Runs `rebuild` with the paths changed under `folders`: once a burst of saves has settled (editors
// write a file in several steps), and never twice at once; changes during a rebuild bring one more.
function watchForChanges(folders: string[], rebuild: (changed: ReadonlySet<string>) => Promise<void>): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let pending = new Set<string>();
  const run = (): void => {
    if (running || pending.size === 0) return;
    const changed = pending;
    pending = new Set();
    running = rebuild(changed)
      .catch((error: unknown) => console.error(`The preview could not rebuild: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        running = null;
        run();
      });
  };
  for (const folder of folders) {
    watch(folder, { recursive: true }, (_event, name) => {
      pending.add(name ? path.join(folder, name.toString()) : folder); // no name: something changed, take the full path
      clearTimeout(timer);
      timer = setTimeout(run, 30);
    });
  }
}

// The first free port from `port` on; the preview is for one person, so up to 20 tries.
async function listen(server: http.Server, host: string, port: number, exactPort: boolean): Promise<string> {
  for (let candidate = port; candidate < port + (exactPort ? 1 : 20); candidate++) {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      server.once("error", resolve);
      server.listen(candidate, host, () => {
        server.off("error", resolve);
        resolve(null);
      });
    });
    if (!error) {
      const address = server.address() as { port: number };
      return `http://${host.includes(":") ? `[${host}]` : host}:${address.port}/`;
    }
    if (error.code === "EADDRINUSE" && exactPort) throw new UserError({ message: `Port ${port} is in use by another program.`, hint: "Choose another with --port N, or leave --port out to take the next free one." });
    if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND") throw new UserError({ message: `Cannot listen on ${host}: it is not an address of this machine.`, hint: "Leave --host out to serve on 127.0.0.1." });
    if (error.code === "EACCES") throw new UserError({ message: `Port ${candidate} needs special permission.`, hint: "Choose a port from 1024 up with --port N." });
    if (error.code !== "EADDRINUSE") throw error;
  }
  throw new UserError({ message: `Ports ${port}–${port + 19} are all busy.`, hint: "Choose another with --port N." });
}
