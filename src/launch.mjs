/**
 * The entry of every command (package.json's scripts): runs src/cli.ts compiled ahead of time.
 *
 * Running the TypeScript sources through tsx costs about 0.4 s at every start (its loader hooks,
 * and a transform per module). So the sources are compiled once by esbuild into one bundle, kept
 * in node_modules/.cache/news-archive-bin/<hash>/ and named by a hash of the sources, the lockfile
 * and Node's version: editing any source compiles it again at the next start. Each
 * src/**\/*-worker.ts is an entry of its own, for worker threads (src/shared/workers.ts). If
 * esbuild cannot compile, the sources run through tsx, as in the tests.
 *
 * Dependencies are bundled too: Node 20 resolves, reads and links each ES module apart, and
 * Eleventy alone is some 300 modules (0.4 s of a one-edit build). See `BUNDLED_DEPENDENCIES` for
 * how they keep working from the bundle, and `EXTERNAL` for the packages that stay outside.
 * Source maps are written but not loaded (that cost 0.12 s a start): NODE_OPTIONS=--enable-source-maps
 * makes a stack trace name the .ts sources.
 * Plain JavaScript: it runs before anything can be compiled.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SOURCES = readdirSync(path.join(ROOT, "src"), { recursive: true })
  .filter((name) => /\.(ts|mjs|json)$/.test(name)) // .json: the interface's catalogues (src/i18n/), bundled in
  .sort();

/** The bundle's folder, named by everything it is compiled from. */
function bundleDir() {
  const hash = createHash("sha256").update(`${process.version}\0${ROOT}\0`);
  for (const name of SOURCES) hash.update(`${name}\0`).update(readFileSync(path.join(ROOT, "src", name))).update("\0");
  if (existsSync(path.join(ROOT, "package-lock.json"))) hash.update(readFileSync(path.join(ROOT, "package-lock.json")));
  return path.join(ROOT, "node_modules/.cache/news-archive-bin", hash.digest("hex").slice(0, 16));
}

// Packages loaded from node_modules as usual: those that run binaries of their own (esbuild,
// pagefind, tsx), html-validate (loaded on demand by the check), Eleventy's dev server (never
// started: src/output/serve.ts serves the preview) and optional native modules.
const EXTERNAL = ["esbuild", "pagefind", "tsx", "html-validate", "playwright-core", "@11ty/eleventy-dev-server", "fsevents", "@11ty/eleventy-img", "sharp"];

// A bundled dependency that finds files beside itself through import.meta.url (Eleventy reads its
// package.json so, fdir requires through it) is given its own file's URL, not the bundle's; and
// CommonJS modules bundled into ES modules require Node's built-ins through a real `require`.
const BUNDLED_DEPENDENCIES = {
  name: "bundled-dependencies",
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/].*\.m?js$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!text.includes("import.meta.url")) return undefined; // loaded as esbuild would
      return { contents: text.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)), loader: "js" };
    });
  },
};
const REQUIRE = "import { createRequire as __newsArchiveCreateRequire } from 'node:module'; const require = __newsArchiveCreateRequire(import.meta.url);";

/** Compiles the sources into `dir` (written beside it, then renamed, so a start never sees half a bundle). */
async function compile(dir) {
  const { build } = await import("esbuild");
  const workers = SOURCES.filter((name) => name.endsWith("-worker.ts"));
  const staging = `${dir}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await build({
      entryPoints: Object.fromEntries(["cli.ts", ...workers].map((name) => [path.basename(name, ".ts"), path.join(ROOT, "src", name)])),
      outdir: staging,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: `node${process.versions.node.split(".")[0]}`,
      external: EXTERNAL,
      plugins: [BUNDLED_DEPENDENCIES],
      banner: { js: REQUIRE },
      outExtension: { ".js": ".mjs" },
      sourcemap: true,
      define: { NEWS_ARCHIVE_BUNDLED_FROM: JSON.stringify(ROOT) },
      logLevel: "silent",
    });
    renameSync(staging, dir);
    removeOldBundles(path.dirname(dir));
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(dir)) throw error; // another start may have put it there meanwhile
  }
}

// Bundles of earlier sources: kept a week, as a preview started before the edit may still load from one.
function removeOldBundles(parent) {
  const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
  for (const name of readdirSync(parent)) {
    const folder = path.join(parent, name);
    if (statSync(folder).mtimeMs < weekAgo) rmSync(folder, { recursive: true, force: true });
  }
}

let entry;
try {
  const dir = bundleDir();
  if (!existsSync(path.join(dir, "cli.mjs"))) await compile(dir);
  entry = path.join(dir, "cli.mjs");
} catch {
  const { register } = await import("tsx/esm/api");
  register();
  entry = path.join(ROOT, "src/cli.ts");
}
await import(pathToFileURL(entry).href);
