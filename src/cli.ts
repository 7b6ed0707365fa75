/** The command line: `news-archive build | serve | check | import | deploy`. Content problems print as `path:line: field: message`. */
import { parseArgs } from "node:util";
import { build, BuildRefused } from "./build.ts";
import { serve } from "./serve.ts";
import { checkSite, formatSiteProblem } from "./check.ts";
import { loadSiteSettings } from "./load.ts";
import { runImport } from "./import/run.ts";
import { deploy, DeployRefused, rollback } from "./deploy.ts";
import { formatProblem, plural, summarizeErrors, type ContentProblem } from "./problems.ts";

const USAGE = `Usage:
  npm run build [-- --content DIR --out DIR --drafts --base-url URL --no-cache --no-search --jobs N]
  npm start [-- --content DIR --port N --host ADDRESS]
  npm run check [-- --out DIR --content DIR --base-url URL]
  npm run import -- FILE_OR_DIR... [--into DIR] [--tag T]... [--source NAME] [--force] [--dry-run]
  npm run deploy -- --to DIR [--keep 5] [--from _site] [--content DIR --base-url URL] | --to DIR --rollback

Commands:
  build   content/ → _site/ (production: no drafts, no future-dated articles)
  serve   build with drafts into _preview/ and serve it with live reload
  check   HTML validity and link integrity of a built site
  import  plain-text article dumps → articles/YYYY/<slug>.md
  deploy  checked build → DIR/releases/<hash>/, then DIR/current switched to it atomically`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case "build":
      return runBuild(rest);
    case "serve":
      return runServe(rest);
    case "check":
      return runCheck(rest);
    case "import":
      return runImportCommand(rest);
    case "deploy":
      return runDeploy(rest);
    case undefined:
    case "help":
    case "--help":
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
      return 2;
  }
}

async function runBuild(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      content: { type: "string", default: "content" },
      out: { type: "string", default: "_site" },
      drafts: { type: "boolean", default: false },
      "base-url": { type: "string" },
      "no-cache": { type: "boolean", default: false },
      "no-search": { type: "boolean", default: false },
      jobs: { type: "string" },
    },
  });
  const started = performance.now();
  const result = await build({
    contentDir: values.content,
    outDir: values.out,
    includeDrafts: values.drafts,
    baseUrl: values["base-url"],
    cache: !values["no-cache"],
    search: !values["no-search"],
    jobs: values.jobs === undefined ? undefined : Math.max(1, Number(values.jobs) || 1),
  });
  printProblems(result.problems);
  if (!result.written) {
    console.error(summarizeErrors(result.problems.filter((p) => p.severity === "error")));
    return 1;
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const { articles, pages, rendered, changes, search } = result.written;
  const reused = pages === rendered ? "" : `, ${pages - rendered} unchanged`;
  console.log(`Built ${plural(articles, "article")} into ${values.out}/ (${plural(pages, "page")}${reused}) in ${seconds} s.`);
  console.log(search ? `Search index: ${plural(search.pages, "page")} in ${(search.ms / 1000).toFixed(2)} s.` : "Search index: skipped (--no-search); /search/ will not work.");
  console.log(`Files against the previous build: ${changes.added.length} added, ${changes.changed.length} changed, ${changes.removed.length} removed.`);
  return 0;
}

async function runServe(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      content: { type: "string", default: "content" },
      out: { type: "string", default: "_preview" },
      port: { type: "string", default: "8080" },
      host: { type: "string", default: "127.0.0.1" },
    },
  });
  if (!["127.0.0.1", "localhost", "::1"].includes(values.host)) {
    console.warn(`Warning: serving on ${values.host}, not just this machine: anyone who can reach it can read your drafts.`);
  }
  await serve({
    contentDir: values.content,
    outDir: values.out,
    host: values.host,
    port: Number(values.port),
    onListening: (url) => console.log(`Preview at ${url} (drafts and scheduled articles shown; Ctrl+C to stop)`),
  });
  return new Promise<number>(() => {}); // runs until interrupted
}

async function runCheck(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      out: { type: "string", default: "_site" },
      content: { type: "string", default: "content" },
      "base-url": { type: "string" },
    },
  });
  const site = await loadSiteSettings(values.content, process.cwd(), values["base-url"]);
  if (Array.isArray(site)) {
    printProblems(site);
    return 1;
  }
  const report = await checkSite(values.out, { pathPrefix: site.pathPrefix, siteUrl: site.url });
  for (const p of report.problems) console.error(formatSiteProblem(p, values.out));
  const pages = new Set(report.problems.map((p) => p.page)).size;
  const verdict = report.problems.length === 0 ? "no problems" : `${plural(report.problems.length, "problem")} in ${plural(pages, "page")}`;
  console.log(`Checked ${plural(report.pages, "page")} and ${plural(report.feeds, "feed and sitemap file")} in ${values.out}/ (HTML validity, XML well-formedness, links, fragments): ${verdict}.`);
  return report.problems.length === 0 ? 0 : 1;
}

async function runImportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      into: { type: "string", default: "content/articles" },
      tag: { type: "string", multiple: true, default: [] },
      source: { type: "string" },
      force: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
    },
  });
  if (positionals.length === 0) {
    console.error(`Give one or more text files or folders to import.\n\n${USAGE}`);
    return 2;
  }
  const report = await runImport({
    inputs: positionals,
    into: values.into,
    tags: values.tag,
    source: values.source,
    force: values.force,
    dryRun: values["dry-run"],
    log: (line) => console.log(line),
    progress: (done, total) => {
      if (total > 300 && (done % 100 === 0 || done === total)) process.stderr.write(`reading ${done}/${total}\n`);
    },
  });
  return report.failed > 0 ? 1 : 0;
}

async function runDeploy(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      to: { type: "string" },
      from: { type: "string", default: "_site" },
      keep: { type: "string", default: "5" },
      rollback: { type: "boolean", default: false },
      content: { type: "string", default: "content" },
      "base-url": { type: "string" },
    },
  });
  if (!values.to) {
    console.error(`Say where to deploy: --to DIR.\n\n${USAGE}`);
    return 2;
  }
  if (values.rollback) {
    const release = await rollback(values.to);
    console.log(`Rolled back: ${values.to}/current → releases/${release}.`);
    return 0;
  }
  const site = await loadSiteSettings(values.content, process.cwd(), values["base-url"]);
  if (Array.isArray(site)) {
    printProblems(site);
    return 1;
  }
  const result = await deploy({ from: values.from, to: values.to, keep: Math.max(1, Number(values.keep) || 5), pathPrefix: site.pathPrefix, siteUrl: site.url });
  const { added, changed, removed } = result.changes;
  console.log(`Deployed ${values.from}/ to ${values.to}/current → releases/${result.release} (${added.length} added, ${changed.length} changed, ${removed.length} removed; ${result.linked} files shared with the previous release).`);
  if (result.pruned.length > 0) console.log(`Pruned ${plural(result.pruned.length, "old release")}: ${result.pruned.join(", ")}.`);
  return 0;
}

function printProblems(problems: readonly ContentProblem[]): void {
  for (const p of problems) console.error(formatProblem(p));
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof BuildRefused || error instanceof DeployRefused) {
    console.error(error.message);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
