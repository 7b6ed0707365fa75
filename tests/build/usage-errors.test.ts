import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cp, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { ROOT, runCli, runCliProcess, tempDir, type RunResult } from "../helpers/run.ts";

const SAMPLE = path.join(ROOT, "tests/fixtures/sample");

/** Runs commands one after another, in order of the list. */
async function runAll(commands: string[][]): Promise<RunResult[]> {
  const results: RunResult[] = [];
  for (const args of commands) results.push(await runCli(args));
  return results;
}

test("ordinary mistakes are two lines, what is wrong and what to do, exit 2, with no stack trace and nothing done", async () => {
  const empty = await tempDir();
  const file = path.join(await tempDir(), "notes.txt");
  await writeFile(file, "not a folder\n");
  const out = path.join(await tempDir(), "never");
  const cases: [string[], string][] = [
    [["build", "--out", out, "--base-url", "notaurl"], `--base-url "notaurl": is not a URL; write the site's address, e.g. "https://example.org/archive/".`],
    [["build", "--out", out, "--base-url", "ftp://example.org/"], `--base-url "ftp://example.org/": is not an http(s) URL; write e.g. "https://example.org/archive/".`],
    [["build", "--out", out, "--base-url", "javascript:alert(1)"], `--base-url "javascript:alert(1)": is not an http(s) URL; write e.g. "https://example.org/archive/".`],
    [["build", "--out", out, "--base-url", "https://example.org/a/../../"], `--base-url "https://example.org/a/../../": its path "/a/../../" has a ".." segment; write the path itself, e.g. "/" or "/archive/".`],
    [["build", "--out", out, "--jobs", "0"], `--jobs "0": expected a whole number from 1 to 64, e.g. 2.`],
    [["build", "--out", out, "--jobs", "abc"], `--jobs "abc": expected a whole number from 1 to 64, e.g. 2.`],
    [["build", "--out", out, "--bogus"], `Unknown option '--bogus'`],
    [["build", "--out", out, "--content", "/nonexistent"], "The content folder /nonexistent does not exist or is not a folder."],
    [["check", "--out", "/missing"], "/missing is not a built site: it has no .manifest.json (or a broken one)."],
    [["check", "--out", empty], `${empty} is not a built site: it has no .manifest.json (or a broken one).`],
    [["import", "/missing.txt", "--into", out], "/missing.txt does not exist; nothing was imported."],
    [["import", "--into", out], "Give one or more text files or folders to import."],
    [["serve", "--out", out, "--port", "99999"], `--port "99999": expected a whole number from 1 to 65535, e.g. 8080.`],
    [["serve", "--out", out, "--port", "abc"], `--port "abc": expected a whole number from 1 to 65535, e.g. 8080.`],
    [["deploy", "--to", file], `Refusing --to ${file}: it is a file, not a folder; nothing was written.`],
    [["deploy", "--to", out, "--keep", "0"], `--keep "0": expected a whole number from 2 to 1000, e.g. 5.`],
    [["deploy", "--to", out, "--keep", "abc"], `--keep "abc": expected a whole number from 2 to 1000, e.g. 5.`],
    [["deploy", "--to", out, "--keep", "1"], `--keep "1": expected a whole number from 2 to 1000, e.g. 5.`],
    [["deploy"], "Say where to deploy: --to DIR."],
    [["deploy", "--to", out, "--rollback", "--list"], "--rollback, --release and --list are separate actions; give one."],
    [["publish"], `Unknown command "publish"; the commands are build, serve, check, import, deploy.`],
  ];
  const results = await runAll(cases.map(([args]) => args));
  results.forEach((result, i) => {
    const [args, message] = cases[i]!;
    const lines = result.stderr.split("\n");
    assert.equal(lines[0], message, args.join(" "));
    assert.equal(lines.length, 3, `${args.join(" ")}: a message and a hint\n${result.stderr}`);
    assert.match(lines[1]!, /^(See npm .+ --help\.|[A-Z].+\.)$/, args.join(" "));
    assert.equal(result.code, 2, args.join(" "));
  });
  const { existsSync } = await import("node:fs");
  assert.ok(!existsSync(out), "nothing was created");
});

test("the real command line exits with the code and writes the two lines to stderr only", async () => {
  const result = await runCliProcess(["build", "--jobs", "0"]);
  assert.deepEqual(result, { code: 2, stdout: "", stderr: `--jobs "0": expected a whole number from 1 to 64, e.g. 2.\nSee npm run build -- --help.\n` });
  const help = await runCliProcess(["deploy", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: npm run deploy -- --to DIR/);
});

test("npm run bench refuses a count that is not a number", async () => {
  const result = await new Promise<RunResult>((resolve) => {
    execFile(process.execPath, ["--import", "tsx", path.join(ROOT, "bench/run.ts"), "--articles", "abc"], { cwd: ROOT }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
  assert.equal(result.stderr, `--articles "abc": expected a whole number from 1 to 1000000, e.g. 10000.\nSee npm run bench -- --help.\n`);
  assert.equal(result.code, 2);
  assert.equal(result.stdout, "", "no corpus was generated");
});

test("a dot segment in site.json's pathPrefix is a content problem on its line", async () => {
  const content = await tempDir();
  await cp(SAMPLE, content, { recursive: true });
  await writeFile(path.join(content, "site.json"), `{\n  "title": "Archive",\n  "pathPrefix": "../../"\n}\n`);
  const result = await runCli(["build", "--content", content, "--out", await tempDir()]);
  assert.equal(result.code, 1);
  assert.equal(result.stderr, `${content}/site.json:3: pathPrefix: "../../" has a ".." segment; write the path itself, e.g. "/" or "/archive/".\n1 problem in 1 file. Nothing was built.\n`);
});

test("every command has its own --help, and the command list says how to reach it", async () => {
  const [build, serve, check, importHelp, deploy, overview] = await runAll([
    ["build", "--help"], ["serve", "-h"], ["check", "--help"], ["import", "--help"], ["deploy", "--help"], ["--help"],
  ]);
  assert.match(build!.stdout, /^Usage: npm run build \[-- --content DIR --out DIR .*\]\n {2}--content DIR {3}the folder holding articles\//);
  assert.match(serve!.stdout, /^Usage: npm start .*\n(.*\n)* {2}--port N {8}the port \(default 8080/);
  assert.match(check!.stdout, /^Usage: npm run check .*\n(.*\n)* {2}--base-url URL {2}the address it is served from \(default: the one it was built for\)/);
  assert.match(importHelp!.stdout, /^Usage: npm run import -- FILE_OR_DIR\.\.\./);
  assert.match(deploy!.stdout, /\n {2}--release ID {4}switch current to release ID, forward or back\n/);
  for (const result of [build, serve, check, importHelp, deploy, overview]) assert.equal(result!.code, 0);
  assert.match(overview!.stdout, /npm run <command> -- --help shows a command's flags\. Exit codes: 0 done, 1 content or site problems, 2 a usage mistake or a refusal\./);
});

test("a build reports each phase on its own line with counts and times, and Eleventy's own lines are left out", async () => {
  const out = await tempDir();
  const result = await runCli(["build", "--content", SAMPLE, "--out", out]);
  assert.equal(result.code, 0, result.stderr);
  const articles = (await readdir(path.join(SAMPLE, "articles"), { recursive: true })).filter((name) => name.endsWith(".md")).length;
  const phases = result.stdout.split("\n").slice(0, 6).map((line) => line.replace(/\b\d+\b/, "N").replace(/[\d.]+ s\.$/, "T s."));
  assert.deepEqual(phases, [
    "Read N content files in T s.",
    "Parsed N articles in T s.",
    "Rendered N pages in T s.",
    "Wrote N changed files in T s.",
    "Indexed N pages for search (2 of 2 bundles; the others unchanged) in T s.",
    "Wrote the manifest of N files in T s.",
  ]);
  assert.match(result.stdout, new RegExp(`^Read ${articles} content files in .*\\nParsed ${articles} articles in`));
  assert.doesNotMatch(result.stdout, /\[11ty\]/);
});

test("check and deploy use the base URL the build recorded; a flag still overrides it", async () => {
  const out = await tempDir();
  assert.equal((await runCli(["build", "--content", SAMPLE, "--out", out, "--base-url", "https://example.org/archive/"])).code, 0);
  const recorded = await runCli(["check", "--out", out]);
  assert.equal(recorded.stderr, "");
  assert.equal(recorded.code, 0);
  const overridden = await runCli(["check", "--out", out, "--base-url", "https://example.org/"]);
  assert.equal(overridden.code, 1);
  assert.match(overridden.stderr, /link\/broken: href "\/archive\/css\/site\.css" points to no file/);
  const target = await tempDir();
  const deployed = await runCli(["deploy", "--from", out, "--to", target]);
  assert.equal(deployed.code, 0, deployed.stderr);
});
