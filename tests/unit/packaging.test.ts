import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { builtinModules } from "node:module";
import path from "node:path";
import { ROOT } from "../helpers/run.ts";

/** The packages a source file imports (bare specifiers, type-only imports left out): "zod", "@11ty/eleventy". */
function importedPackages(source: string): string[] {
  const specifiers = [...source.matchAll(/^import (?!type )[^;]*?from "([^".][^"]*)";$/gm), ...source.matchAll(/import\("([^".][^"]*)"\)/g)].map((match) => match[1]!);
  return specifiers
    .filter((specifier) => !specifier.startsWith("node:") && !builtinModules.includes(specifier))
    .map((specifier) => (specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0]!));
}

test("everything the commands import at run time is a runtime dependency (npm ci --omit=dev is enough)", async () => {
  const pkg = JSON.parse(await readFile(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  const files = [".eleventy.ts", ...(await readdir(path.join(ROOT, "src"), { recursive: true })).filter((name) => /\.(ts|mjs)$/.test(name)).map((name) => path.join("src", name))];
  const missing: string[] = [];
  for (const file of files) {
    for (const name of importedPackages(await readFile(path.join(ROOT, file), "utf8"))) {
      if (!(name in pkg.dependencies)) missing.push(`${file} imports ${name}`);
    }
  }
  assert.deepEqual(missing, []);
});

test("the command line loads each command's modules only when that command runs", async () => {
  const eagerImports = (text: string) => [...text.matchAll(/^import (?!type )[^;]*?from "(\.[^"]+)";$/gm)].map((match) => match[1]).sort();
  assert.deepEqual(eagerImports(await readFile(path.join(ROOT, "src/cli.ts"), "utf8")), ["./cli/commands.ts"]);
  const commands = await readFile(path.join(ROOT, "src/cli/commands.ts"), "utf8");
  assert.deepEqual(eagerImports(commands), ["../shared/errors.ts", "../shared/problems.ts", "../shared/progress.ts", "../shared/project.ts", "./flags.ts"]);
  const lazy = [...commands.matchAll(/await import\("(\.[^"]+)"\)/g)].map((match) => match[1]).sort();
  assert.deepEqual([...new Set(lazy)], ["../import/run.ts", "../output/build.ts", "../output/check.ts", "../output/deploy.ts", "../output/manifest.ts", "../output/serve.ts"]);
});

test("the code version that keys the caches and pages covers every file of src/, not only the code", async () => {
  const { codeVersionOf } = await import("../../src/content/parse-cache.ts");
  const root = await mkdtemp(path.join(tmpdir(), "news-archive-code-"));
  try {
    await mkdir(path.join(root, "src/i18n"), { recursive: true });
    await writeFile(path.join(root, "src/a.ts"), "export const a = 1;\n");
    await writeFile(path.join(root, "src/i18n/en.json"), '{ "nav.latest": "Latest" }\n');
    await writeFile(path.join(root, "package-lock.json"), "{}\n");
    const before = await codeVersionOf(root);
    assert.equal(await codeVersionOf(root), before, "the same files, the same version");
    await writeFile(path.join(root, "src/i18n/en.json"), '{ "nav.latest": "Newest" }\n');
    const changedCatalogue = await codeVersionOf(root);
    assert.notEqual(changedCatalogue, before, "a catalogue changed");
    await writeFile(path.join(root, "src/style.csl"), "<style/>\n");
    assert.notEqual(await codeVersionOf(root), changedCatalogue, "a file added");
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
