/**
 * The commands: `build | serve | check | import | deploy`, run from an argument list with the
 * streams to write to, and answered with an exit code (the entry point is `src/cli.ts`; tests run
 * commands in-process through `runCommand`). Each command loads only its own modules. Exit codes:
 * 0 success, 1 content or site problems, 2 a usage mistake or a refusal (one line saying what is
 * wrong, one saying what to do), 70 a bug in news-archive.
 */
import { z } from "zod";
import { formatUserError, ioError, isIoError, UserError } from "../shared/errors.ts";
import { baseUrlFlag, parseFlags, pathFlag, wholeNumber, type FlagSpec } from "./flags.ts";
import { formatProblem, plural, summarizeErrors, type Problem } from "../shared/problems.ts";
import { formatCount, streamProgress, type TextOutput } from "../shared/progress.ts";
import { defaultCacheDir } from "../shared/project.ts";
import { inspect } from "node:util";

/** One command: its usage text, its flags and what it does with them. */
interface Command<Shape extends z.ZodRawShape> {
  summary: string;
  usage: string;
  flags: FlagSpec<Shape>;
  run(values: z.output<z.ZodObject<Shape>>, positionals: string[], io: Io): Promise<number>;
}

/** Where a command writes: results to stdout, problems and warnings to stderr. */
export interface Io {
  stdout: TextOutput;
  stderr: TextOutput;
}

function say(output: TextOutput, line: string): void {
  output.write(`${line}\n`);
}

function command<Shape extends z.ZodRawShape>(definition: Command<Shape>): Command<Shape> {
  return definition;
}

const build = command({
  summary: "content/ → _site/ (production: no drafts, no future-dated articles)",
  usage: `npm run build [-- --content DIR --out DIR --drafts --base-url URL --no-cache --no-search --jobs N]
  --content DIR   the folder holding articles/ and site.json (default content)
  --out DIR       the output folder (default _site); a new, empty or earlier build folder only
  --drafts        include drafts and future-dated articles, marked
  --base-url URL  the site's address, e.g. https://example.org/archive/ (default: site.json)
  --no-cache      parse and render everything afresh
  --no-search     skip the search index (/search/ will not work)
  --jobs N        worker threads for parsing and search indexing (default: one per 2,500 changed files
                  and one per 1,000 pages to index, up to the cores)`,
  flags: {
    command: "npm run build",
    options: {
      content: { type: "string", default: "content" },
      out: { type: "string", default: "_site" },
      drafts: { type: "boolean", default: false },
      "base-url": { type: "string" },
      "no-cache": { type: "boolean", default: false },
      "no-search": { type: "boolean", default: false },
      jobs: { type: "string" },
    },
    schema: z.object({
      content: pathFlag,
      out: pathFlag,
      drafts: z.boolean(),
      "base-url": baseUrlFlag.optional(),
      "no-cache": z.boolean(),
      "no-search": z.boolean(),
      jobs: wholeNumber(1, 64, 2).optional(),
    }),
  },
  async run(values, _positionals, io) {
    const { build } = await import("../output/build.ts");
    const started = performance.now();
    const search = !values["no-search"];
    const result = await build({
      contentDir: values.content,
      outDir: values.out,
      includeDrafts: values.drafts,
      baseUrl: values["base-url"],
      cache: !values["no-cache"],
      search,
      jobs: values.jobs,
      progress: streamProgress(io.stdout),
    });
    printProblems(result.problems, io);
    if (!result.written) {
      say(io.stderr, summarizeErrors(result.problems.filter((p) => p.severity === "error")));
      return 1;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const { articles, pages, rendered, changes, upToDate, patched } = result.written;
    const reused = pages === rendered ? "" : `, ${pages - rendered} unchanged`;
    say(io.stdout, `Built ${plural(articles, "article")} into ${values.out}/ (${plural(pages, "page")}${reused}) in ${seconds} s.`);
    if (!search) say(io.stdout, "Search index: skipped (--no-search); /search/ will not work.");
    say(io.stdout, `Files against the previous build: ${changes.added.length} added, ${changes.changed.length} changed, ${changes.removed.length} removed.`);
    if (upToDate) say(io.stdout, "Up to date: nothing it is built from changed since the last build, so no file was read, rendered or written.");
    if (patched) say(io.stdout, "Patched: the edited articles keep their place in every list, so only their pages, the feeds that hold them and their search bundles were made again.");
    return 0;
  },
});

const serve = command({
  summary: "build with drafts into _preview/ and serve it with live reload",
  usage: `npm start [-- --content DIR --out DIR --port N --host ADDRESS]
  --content DIR   the folder holding articles/ and site.json (default content)
  --out DIR       the preview's own folder (default _preview); never a production build folder
  --port N        the port (default 8080, or the next free one; a port you name must be free)
  --host ADDRESS  the address to listen on (default 127.0.0.1: this machine only)`,
  flags: {
    command: "npm start",
    options: {
      content: { type: "string", default: "content" },
      out: { type: "string", default: "_preview" },
      port: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
    },
    schema: z.object({ content: pathFlag, out: pathFlag, port: wholeNumber(1, 65535, 8080).optional(), host: z.string().min(1) }),
  },
  async run(values, _positionals, io) {
    const { serve } = await import("../output/serve.ts");
    if (!["127.0.0.1", "localhost", "::1"].includes(values.host)) {
      say(io.stderr, `Warning: serving on ${values.host}, not just this machine: anyone who can reach it can read your drafts.`);
    }
    await serve({
      contentDir: values.content,
      outDir: values.out,
      host: values.host,
      port: values.port ?? 8080,
      exactPort: values.port !== undefined,
      onListening: (url) => say(io.stdout, `Preview at ${url} (drafts and scheduled articles shown; Ctrl+C to stop)`),
    });
    return new Promise<number>(() => {}); // runs until interrupted
  },
});

const check = command({
  summary: "HTML validity and link integrity of a built site",
  usage: `npm run check [-- --out DIR --base-url URL --no-cache --jobs N]
  --out DIR       the built site to check (default _site)
  --base-url URL  the address it is served from (default: the one it was built for)
  --no-cache      validate every file again, not only those whose bytes changed since a check
  --jobs N        worker threads for validating (default: the cores)`,
  flags: {
    command: "npm run check",
    options: { out: { type: "string", default: "_site" }, "base-url": { type: "string" }, "no-cache": { type: "boolean", default: false }, jobs: { type: "string" } },
    schema: z.object({ out: pathFlag, "base-url": baseUrlFlag.optional(), "no-cache": z.boolean(), jobs: wholeNumber(1, 64, 2).optional() }),
  },
  async run(values, _positionals, io) {
    const { checkSite, inOutput } = await import("../output/check.ts");
    const { readBuiltSite } = await import("../output/manifest.ts");
    const run = { cacheDir: defaultCacheDir(), fresh: values["no-cache"], jobs: values.jobs };
    const report = await checkSite(values.out, await readBuiltSite(values.out, values["base-url"]), run);
    printProblems(report.problems.map((p) => inOutput(p, values.out)), io);
    const pages = new Set(report.problems.map((p) => p.file)).size;
    const verdict = report.problems.length === 0 ? "no problems" : `${plural(report.problems.length, "problem")} in ${plural(pages, "page")}`;
    say(io.stdout, `Checked ${plural(report.pages, "page")} and ${plural(report.feeds, "feed and sitemap file")} in ${values.out}/ (HTML validity, XML well-formedness, links, fragments): ${verdict}.`);
    say(io.stdout, reuseLine(report));
    return report.problems.length === 0 ? 0 : 1;
  },
});

// What a check validated, and what it took from earlier checks.
function reuseLine(report: { pages: number; feeds: number; validated: number; unchanged: boolean }): string {
  if (report.unchanged) return `Nothing in the folder changed since its last check with these rules, so that check's result stands (npm run check -- --no-cache checks it all again).`;
  const reused = report.pages + report.feeds - report.validated;
  if (reused === 0) return `Validated every file; links and fragments checked across the site.`;
  if (report.validated === 0) return `Every file had these bytes at an earlier check and kept its results; links and fragments checked across the site.`;
  return `Validated ${plural(report.validated, "file")} with new bytes; the other ${formatCount(reused)} had these bytes at an earlier check and kept its results. Links and fragments checked across the site.`;
}

const importCommand = command({
  summary: "plain-text article dumps → articles/YYYY/<slug>.md",
  usage: `npm run import -- FILE_OR_DIR... [--into DIR] [--tag T]... [--source NAME] [--force] [--dry-run]
  FILE_OR_DIR     text dumps, or folders of them (.txt files, read recursively)
  --into DIR      where the articles go (default content/articles)
  --tag T         a tag for every imported article (repeatable)
  --source NAME   the publication, when the dump does not say
  --force         replace articles that exist (never done without it)
  --dry-run       say what would be written; write nothing`,
  flags: {
    command: "npm run import",
    allowPositionals: true,
    options: {
      into: { type: "string", default: "content/articles" },
      tag: { type: "string", multiple: true, default: [] },
      source: { type: "string" },
      force: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
    },
    schema: z.object({ into: pathFlag, tag: z.array(z.string().trim().min(1, { error: "a tag cannot be empty." })), source: z.string().trim().min(1).optional(), force: z.boolean(), "dry-run": z.boolean() }),
  },
  async run(values, positionals, io) {
    if (positionals.length === 0) throw new UserError({ message: "Give one or more text files or folders to import.", hint: "See npm run import -- --help." });
    const { runImport } = await import("../import/run.ts");
    const report = await runImport({
      inputs: positionals,
      into: values.into,
      tags: values.tag,
      source: values.source,
      force: values.force,
      dryRun: values["dry-run"],
      log: (line) => say(io.stdout, line),
      onProblem: (p) => say(io.stderr, formatProblem(p)),
      progress: (done, total) => {
        if (total > 300 && (done % 100 === 0 || done === total)) io.stderr.write(`reading ${done}/${total}\n`);
      },
    });
    return report.failed > 0 ? 1 : 0;
  },
});

const deploy = command({
  summary: "checked build → DIR/releases/<hash>/, then DIR/current switched to it atomically",
  usage: `npm run deploy -- --to DIR [--from _site] [--keep 5] [--base-url URL]
npm run deploy -- --to DIR --rollback | --release ID | --list
  --to DIR        the deploy folder: releases/, current (what the web server serves), history
  --from DIR      the build to deploy (default _site)
  --keep N        releases to keep, the live one included (default 5, at least 2)
  --base-url URL  the address for the link check (default: the one the build was made for)
  --rollback      switch current to the release before the live one (repeatable)
  --release ID    switch current to release ID, forward or back
  --list          list the releases, oldest first`,
  flags: {
    command: "npm run deploy",
    options: {
      to: { type: "string" },
      from: { type: "string", default: "_site" },
      keep: { type: "string", default: "5" },
      "base-url": { type: "string" },
      rollback: { type: "boolean", default: false },
      release: { type: "string" },
      list: { type: "boolean", default: false },
    },
    schema: z.object({
      to: pathFlag.optional(),
      from: pathFlag,
      keep: wholeNumber(2, 1000, 5),
      "base-url": baseUrlFlag.optional(),
      rollback: z.boolean(),
      release: z.string().optional(),
      list: z.boolean(),
    }),
  },
  async run(values, _positionals, io) {
    if (!values.to) throw new UserError({ message: "Say where to deploy: --to DIR.", hint: "See npm run deploy -- --help." });
    const to = values.to;
    const deployment = await import("../output/deploy.ts");
    if ([values.rollback, values.release !== undefined, values.list].filter(Boolean).length > 1) {
      throw new UserError({ message: "--rollback, --release and --list are separate actions; give one.", hint: "See npm run deploy -- --help." });
    }
    if (values.list) {
      for (const release of await deployment.listReleases(to)) {
        say(io.stdout, `${release.name}${release.live ? "  live" : ""}${release.complete ? "" : "  (incomplete: cannot be used)"}`);
      }
      return 0;
    }
    if (values.rollback || values.release !== undefined) {
      const release = values.rollback ? await deployment.rollback(to) : await deployment.switchToRelease(to, values.release!);
      say(io.stdout, `${values.rollback ? "Rolled back" : "Switched"}: ${to}/current → releases/${release}.`);
      return 0;
    }
    const result = await deployment.deploy({ from: values.from, to, keep: values.keep, baseUrl: values["base-url"] });
    const { added, changed, removed } = result.changes;
    say(io.stdout, reuseLine(result.check));
    say(io.stdout, `Deployed ${values.from}/ to ${to}/current → releases/${result.release} (${added.length} added, ${changed.length} changed, ${removed.length} removed; ${result.linked} files shared with the previous release).`);
    if (result.pruned.length > 0) say(io.stdout, `Pruned ${plural(result.pruned.length, "old release")}: ${result.pruned.join(", ")}.`);
    if (result.redirectMap) {
      say(io.stdout, `The redirects changed: reload nginx (nginx -s reload) to serve ${to}/current/${result.redirectMap} as 301s (see the README); until then the redirect pages send readers on.`);
    }
    return 0;
  },
});

const COMMANDS: Record<string, Command<z.ZodRawShape>> = {
  build,
  serve,
  check,
  import: importCommand,
  deploy,
} as unknown as Record<string, Command<z.ZodRawShape>>;

const USAGE = `Usage:\n${Object.values(COMMANDS)
  .map((c) => `  ${c.usage.split("\n")[0]}`)
  .join("\n")}\n\nCommands:\n${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(7)} ${c.summary}`)
  .join("\n")}\n\nnpm run <command> -- --help shows a command's flags. Exit codes: 0 done, 1 content or site problems, 2 a usage mistake or a refusal.`;

async function main(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    say(io.stdout, USAGE);
    return name === undefined ? 2 : 0;
  }
  const chosen = COMMANDS[name];
  if (!chosen || !Object.hasOwn(COMMANDS, name)) {
    throw new UserError({ message: `Unknown command ${JSON.stringify(name)}; the commands are ${Object.keys(COMMANDS).join(", ")}.`, hint: "See npm run build -- --help, or the README." });
  }
  const flags = parseFlags(rest, chosen.flags);
  if (flags.help) {
    say(io.stdout, `Usage: ${chosen.usage}\n\n${chosen.summary}.`);
    return 0;
  }
  return chosen.run(flags.values, flags.positionals, io);
}

function printProblems(problems: readonly Problem[], io: Io): void {
  for (const p of problems) say(io.stderr, formatProblem(p));
}

/** Runs `news-archive <argv>`; every failure becomes its exit code and lines on `io.stderr`. */
export async function runCommand(argv: string[], io: Io): Promise<number> {
  try {
    return await main(argv, io);
  } catch (caught) {
    const error = isIoError(caught) ? ioError(caught, { action: caught.syscall ?? "use" }) : caught;
    if (error instanceof UserError) {
      say(io.stderr, formatUserError(error));
      return error.exitCode;
    }
    say(io.stderr, "news-archive stopped on a bug (not a problem with your content or command). Please report it with this trace:");
    say(io.stderr, inspect(error));
    return 70;
  }
}
