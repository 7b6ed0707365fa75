/**
 * Build-speed benchmark: npm run bench -- --articles N [--runs R] [--seed S]
 * Builds one synthetic corpus (bench/corpus.ts) with news-archive (cold; again with nothing
 * changed; again after editing one article), checks it (cold, then with nothing changed), publishes
 * one edit (build, then deploy into a scratch folder), with plain Eleventy in the eleventy-base-blog pattern (bench/eleventy-baseline/),
 * and with Hugo when `hugo` is on PATH (bench/hugo-site/). Prints wall time and peak memory of
 * each whole process, median and range over the runs, and ratios.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import http from "node:http";
import { existsSync } from "node:fs";
import { appendFile, cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { writeCorpus } from "./corpus.ts";
import { defaultCacheDir } from "../src/shared/project.ts";
import { parseFlags, wholeNumber } from "../src/cli/flags.ts";
import { runScript } from "../src/shared/errors.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const TIME = "/usr/bin/time";

interface Sample {
  seconds: number;
  peakMiB: number;
  /** Our builds: the search-indexing step's own time, from the build's output; NaN for others. */
  searchSeconds: number;
}

/** Runs a command to completion, measuring wall time and the peak resident memory of its process. */
function measure(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Sample {
  const report = path.join(os.tmpdir(), `news-archive-bench-time-${process.pid}`);
  const useTime = existsSync(TIME);
  const started = performance.now();
  const result = useTime
    ? spawnSync(TIME, ["-f", "%M", "-o", report, command, ...args], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] })
    : spawnSync(command, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr?.toString() ?? ""}`);
  const peakKiB = useTime ? Number(execFileSync("tail", ["-n", "1", report]).toString().trim()) : NaN;
  const search = /^Indexed .* for search (?:\(.*\) )?in ([\d.]+) s\.$/m.exec(result.stdout?.toString() ?? "");
  return { seconds, peakMiB: peakKiB / 1024, searchSeconds: search ? Number(search[1]) : NaN };
}

/**
 * Starts a long-running command; resolves once `ready` matches its output (stdout and stderr
 * together), waiting at most `minutes` (the preview's first build is a cold build).
 */
async function startServer(command: string, args: string[], ready: RegExp, minutes = 5): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(command, args, { cwd: ROOT, env: process.env });
  let text = "";
  child.stdout!.on("data", (chunk) => (text += chunk));
  child.stderr!.on("data", (chunk) => (text += chunk));
  for (let i = 0; i < minutes * 1200 && !ready.test(text); i++) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(" ")} stopped:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!ready.test(text)) throw new Error(`${command} did not start in ${minutes} minutes:\n${text}`);
  return { child, output: () => text };
}

/**
 * Save → reload in the preview: appends to an article and times until the reload event reaches a
 * connected client, `saves` times; then gives the article another title each time (a save that
 * moves it: its neighbours, lists and related articles show the title). Seconds, one per save.
 */
async function previewLatency(corpus: string, file: string, saves: number): Promise<{ body: number[]; title: number[] }> {
  const out = path.join(path.dirname(corpus), "preview");
  const port = 18000 + (process.pid % 1000);
  const { child } = await startServer(process.execPath, [path.join(ROOT, "src/launch.mjs"), "serve", "--content", corpus, "--out", out, "--port", String(port)], /Preview at /, 60);
  try {
    let onReload: (() => void) | null = null;
    await new Promise<void>((resolve, reject) => {
      http.get(`http://127.0.0.1:${port}/__news-archive/events`, (res) => {
        res.on("data", (chunk: Buffer) => {
          if (chunk.toString().includes("event: reload")) onReload?.();
        });
        resolve();
      }).on("error", reject);
    });
    const timed = async (save: () => Promise<void>): Promise<number> => {
      // Let the previous save settle: its page update, then its search bundle (about a second at 10,000 articles).
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const reloaded = new Promise<void>((resolve) => (onReload = resolve));
      const started = performance.now();
      await save();
      await reloaded;
      return (performance.now() - started) / 1000;
    };
    const original = await readFile(file, "utf8");
    const body: number[] = [];
    const title: number[] = [];
    for (let i = 0; i < saves; i++) body.push(await timed(() => appendFile(file, `\nPreview edit ${i}.\n`)));
    for (let i = 0; i < saves; i++) title.push(await timed(() => writeFile(file, original.replace(/^title: "?(.*?)"?$/m, `title: "$1, retitled ${i}"`))));
    return { body, title };
  } finally {
    child.kill();
  }
}

/** Save → rebuilt in `hugo server` (rendering to memory): from the write to its "Total in" line; seconds, one per save. */
async function hugoServerLatency(site: string, file: string, saves: number): Promise<number[]> {
  const { child, output } = await startServer("hugo", ["server", "--source", site, "--port", String(19000 + (process.pid % 1000)), "--disableLiveReload=false"], /Web Server is available/);
  try {
    const seconds: number[] = [];
    for (let i = 0; i < saves; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const seen = (output().match(/Total in \d+ ms/g) ?? []).length;
      const started = performance.now();
      await appendFile(file, `\nServer edit ${i}.\n`);
      while ((output().match(/Total in \d+ ms/g) ?? []).length === seen) await new Promise((resolve) => setTimeout(resolve, 5));
      seconds.push((performance.now() - started) / 1000);
    }
    return seconds;
  } finally {
    child.kill();
  }
}

/** The preview's save → reload times, then the others' (`hugo server`). */
function printLatencies(preview: { body: number[]; title: number[] }, others: [string, number[]][]): void {
  const rows: [string, number[]][] = [["news-archive preview (npm start)", preview.body], ["news-archive preview, the article retitled (it moves)", preview.title], ...others];
  console.log(`\nSave → reload, median of ${preview.body.length} saves (range):`);
  for (const [label, seconds] of rows) console.log(`  ${label}: ${median(seconds).toFixed(2)} s (${Math.min(...seconds).toFixed(2)}–${Math.max(...seconds).toFixed(2)})`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function summarize(samples: Sample[]): { time: number; memory: number; text: string } {
  const times = samples.map((s) => s.seconds);
  const memories = samples.map((s) => s.peakMiB);
  const time = median(times);
  const memory = median(memories);
  const range = samples.length > 1 ? ` (${Math.min(...times).toFixed(2)}–${Math.max(...times).toFixed(2)})` : "";
  return { time, memory, text: `${time.toFixed(2)} s${range} | ${Number.isNaN(memory) ? "n/a" : `${Math.round(memory)} MiB`}` };
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), {
    command: "npm run bench",
    options: {
      articles: { type: "string", default: "1000" },
      runs: { type: "string", default: "3" },
      seed: { type: "string", default: "1" },
      "skip-baselines": { type: "boolean", default: false },
      "preview-only": { type: "boolean", default: false },
    },
    schema: z.object({
      articles: wholeNumber(1, 1_000_000, 10_000),
      runs: wholeNumber(1, 100, 3),
      seed: wholeNumber(0, 1_000_000_000, 1),
      "skip-baselines": z.boolean(),
      "preview-only": z.boolean(),
    }),
  });
  if (flags.help) {
    console.log("Usage: npm run bench -- [--articles N (default 1000)] [--runs R (default 3)] [--seed S] [--skip-baselines] [--preview-only]");
    return;
  }
  const { values } = flags;
  const { articles, runs } = values;
  const work = path.join(os.tmpdir(), `news-archive-bench-${articles}-${values.seed}`);
  const corpus = path.join(work, "corpus");
  console.log(`Generating ${articles} articles (seed ${values.seed}) in ${corpus}/ ...`);
  await writeCorpus(corpus, articles, values.seed);

  const rows: [string, { time: number; memory: number; text: string }][] = [];
  const node = process.execPath;
  const cli = [path.join(ROOT, "src/launch.mjs"), "build", "--content", corpus, "--out", path.join(work, "ours")];
  const edited = path.join(corpus, "articles", (await firstYear(corpus)), await firstFile(corpus));
  if (values["preview-only"]) {
    // The preview alone (at 100,000 articles the rest takes hours): its first build is cold.
    await rm(path.join(work, "preview"), { recursive: true, force: true });
    const original = await readFile(edited, "utf8");
    const preview = await previewLatency(corpus, edited, runs);
    await writeFile(edited, original);
    console.log(`\n${articles} articles, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, Node ${process.version}`);
    printLatencies(preview, []);
    return;
  }
  const cold: Sample[] = [];
  const coldNoSearch: Sample[] = [];
  const noOp: Sample[] = [];
  const oneEdit: Sample[] = [];
  const rebuild: Sample[] = [];
  const coldBuild = async (args: string[]): Promise<Sample> => {
    await rm(defaultCacheDir(), { recursive: true, force: true }); // cold: nothing parsed before
    await rm(path.join(work, "ours"), { recursive: true, force: true });
    return measure(node, args, ROOT);
  };
  const edit = async (run: number, step: string): Promise<void> => {
    await appendFile(edited, `\nCorrection ${run}${step}: an earlier version misspelled a name.\n`);
  };
  for (let run = 0; run < runs; run++) {
    const original = await readFile(edited, "utf8");
    // Without search first: the like-for-like comparison with Hugo and plain Eleventy, which index nothing.
    coldNoSearch.push(await coldBuild([...cli, "--no-search"]));
    noOp.push(measure(node, [...cli, "--no-search"], ROOT));
    await edit(run, "a");
    oneEdit.push(measure(node, [...cli, "--no-search"], ROOT));
    await writeFile(edited, original);
    cold.push(await coldBuild(cli));
    await edit(run, "b");
    rebuild.push(measure(node, cli, ROOT));
    await writeFile(edited, original);
  }
  // Publishing (issue 15): the check, cold and with nothing changed, and one edit published, i.e.
  // built with search and deployed (the deploy checks the build again, from the check's cache).
  const site = path.join(work, "ours");
  const deployTo = path.join(work, "deployed");
  // As `npm run <name>` runs it, with the node options of its package.json script.
  const scripts = (JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const command = (name: string, ...args: string[]) => [...(/^node ((?:--\S+ )*)src\/launch\.mjs /.exec(scripts[name] ?? "")?.[1] ?? "").split(" ").filter(Boolean), path.join(ROOT, "src/launch.mjs"), name, ...args];
  await rm(deployTo, { recursive: true, force: true });
  measure(node, cli, ROOT); // the corpus as it is, after the last edit was undone
  const checkCold = [measure(node, command("check", "--out", site), ROOT)];
  const checkAgain: Sample[] = [];
  for (let run = 0; run < runs; run++) checkAgain.push(measure(node, command("check", "--out", site), ROOT));
  measure(node, command("deploy", "--from", site, "--to", deployTo), ROOT);
  const publish: Sample[] = [];
  for (let run = 0; run < runs; run++) {
    const original = await readFile(edited, "utf8");
    await edit(run, "c");
    const built = measure(node, cli, ROOT);
    const deployed = measure(node, command("deploy", "--from", site, "--to", deployTo), ROOT);
    publish.push({ seconds: built.seconds + deployed.seconds, peakMiB: Math.max(built.peakMiB, deployed.peakMiB), searchSeconds: built.searchSeconds });
    await writeFile(edited, original);
  }
  const previewFile = edited;
  const previewOriginal = await readFile(previewFile, "utf8");
  const preview = await previewLatency(corpus, previewFile, 3);
  await writeFile(previewFile, previewOriginal);
  rows.push(
    ["news-archive, cold build", summarize(cold)],
    ["news-archive, rebuild after editing one article", summarize(rebuild)],
    ["news-archive, cold build without the search index (--no-search)", summarize(coldNoSearch)],
    ["news-archive, no-op rebuild (--no-search)", summarize(noOp)],
    ["news-archive, rebuild after editing one article (--no-search)", summarize(oneEdit)],
    ["npm run check, cold (no earlier results)", summarize(checkCold)],
    ["npm run check, nothing changed", summarize(checkAgain)],
    ["publish one edited article: build with search, then deploy", summarize(publish)],
  );

  const latencies: [string, number[]][] = [];
  if (!values["skip-baselines"]) {
    const eleventyIn = path.join(work, "eleventy");
    await rm(eleventyIn, { recursive: true, force: true });
    await cp(path.join(ROOT, "bench/eleventy-baseline"), eleventyIn, { recursive: true });
    await cp(path.join(corpus, "articles"), path.join(eleventyIn, "posts"), { recursive: true });
    const eleventy: Sample[] = [];
    for (let run = 0; run < runs; run++) {
      await rm(path.join(eleventyIn, "_site"), { recursive: true, force: true });
      eleventy.push(measure(node, [path.join(ROOT, "node_modules/@11ty/eleventy/cmd.cjs"), "--quiet", "--config=eleventy.config.js"], eleventyIn));
    }
    rows.push(["plain Eleventy (eleventy-base-blog pattern)", summarize(eleventy)]);

    const hugo = spawnSync("hugo", ["version"]).status === 0;
    if (hugo) {
      const hugoIn = path.join(work, "hugo");
      await rm(hugoIn, { recursive: true, force: true });
      await cp(path.join(ROOT, "bench/hugo-site"), hugoIn, { recursive: true });
      await mkdir(path.join(hugoIn, "content"), { recursive: true });
      await cp(path.join(corpus, "articles"), path.join(hugoIn, "content/posts"), { recursive: true });
      const samples: Sample[] = [];
      const withSearch: Sample[] = []; // Hugo, then Pagefind's own CLI over Hugo's output
      for (let run = 0; run < runs; run++) {
        await rm(path.join(hugoIn, "public"), { recursive: true, force: true });
        const built = measure("hugo", ["--quiet", "--source", hugoIn], hugoIn);
        const indexed = measure(node, [path.join(ROOT, "node_modules/pagefind/lib/runner/bin.cjs"), "--site", path.join(hugoIn, "public")], hugoIn);
        samples.push(built);
        withSearch.push({ seconds: built.seconds + indexed.seconds, peakMiB: Math.max(built.peakMiB, indexed.peakMiB), searchSeconds: indexed.seconds });
      }
      rows.push([`Hugo (${spawnSync("hugo", ["version"]).stdout.toString().split(" ")[1] ?? "?"})`, summarize(samples)]);
      rows.push(["Hugo, then Pagefind over its output", summarize(withSearch)]);
      const hugoFile = path.join(hugoIn, "content/posts", path.relative(path.join(corpus, "articles"), edited));
      latencies.push(["hugo server", await hugoServerLatency(hugoIn, hugoFile, 3)]);
    } else {
      console.log("No hugo on PATH: the Hugo column is left out (Debian: apt-get install hugo).");
    }
  }

  const ours = rows[0]![1].time;
  const baseline = (name: string) => rows.find(([label]) => label.startsWith(name))?.[1].time;
  console.log(`\n${articles} articles, ${runs} run(s), ${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, Node ${process.version}\n`);
  console.log("| build | wall time, median (range) | peak memory | × Hugo | × plain Eleventy |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const [label, summary] of rows) {
    const ratio = (other: number | undefined) => (other ? `${(summary.time / other).toFixed(2)}` : "–");
    console.log(`| ${label} | ${summary.text} | ${ratio(baseline("Hugo"))} | ${ratio(baseline("plain Eleventy"))} |`);
  }
  console.log(`\nRebuild / cold: ${(rows[1]![1].time / ours).toFixed(2)}`);
  const hugoSearch = baseline("Hugo, then Pagefind");
  if (hugoSearch) console.log(`Cold build with search / (Hugo, then Pagefind): ${(ours / hugoSearch).toFixed(2)}`);
  printLatencies(preview, latencies);
  const searchStep = (samples: Sample[]) => `${median(samples.map((s) => s.searchSeconds)).toFixed(2)} s`;
  console.log(`Search index step (Pagefind; included in the times above): cold ${searchStep(cold)}, rebuild ${searchStep(rebuild)}`);
}

async function firstYear(corpus: string): Promise<string> {
  const { readdir } = await import("node:fs/promises");
  return (await readdir(path.join(corpus, "articles"))).sort()[0]!;
}

async function firstFile(corpus: string): Promise<string> {
  const { readdir } = await import("node:fs/promises");
  const year = await firstYear(corpus);
  return (await readdir(path.join(corpus, "articles", year))).sort()[0]!;
}

await runScript(main);
