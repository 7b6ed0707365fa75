import { test } from "node:test";
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { ROOT } from "../helpers/run.ts";

/** Every module of src/ with what it imports: project files (as "src/…" paths) and packages. Type-only imports count. */
async function importGraph(): Promise<Map<string, { files: string[]; packages: string[]; text: string }>> {
  const names = (await readdir(path.join(ROOT, "src"), { recursive: true })).filter((name) => name.endsWith(".ts") && !name.endsWith(".d.ts"));
  const graph = new Map<string, { files: string[]; packages: string[]; text: string }>();
  for (const name of names) {
    const file = path.posix.join("src", name.split(path.sep).join("/"));
    const text = await readFile(path.join(ROOT, file), "utf8");
    const specifiers = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom "([^"]+)";/gm), ...text.matchAll(/import\("([^"]+)"\)/g), ...text.matchAll(/new URL\("(\.[^"]+)", import\.meta\.url\)/g)].map((m) => m[1]!);
    graph.set(file, {
      files: specifiers.filter((s) => s.startsWith(".")).map((s) => path.posix.normalize(path.posix.join(path.posix.dirname(file), s))),
      packages: specifiers.filter((s) => !s.startsWith(".")),
      text,
    });
  }
  return graph;
}

const stageOf = (file: string): string => file.split("/")[1]!.replace(/\.ts$/, "");

// The pipeline, in order: a stage may import its own and earlier stages, never a later one.
const STAGES = ["shared", "content", "i18n", "archive", "render", "output", "import", "cli"];
// The loader is the content stage's door to the rest: it reads files and hands back the archive.
const ALLOWED_FORWARD = new Set(["src/content/load.ts → src/archive/archive.ts", "src/content/load.ts → src/archive/types.ts"]);
// Modules that touch the disk or the environment, at the edges of the data stages.
const EDGES = new Set(["src/content/load.ts", "src/content/parse-cache.ts", "src/content/walk.ts", "src/content/parse-worker.ts", "src/content/images.ts"]);

test("stages import only earlier stages", async () => {
  const wrong: string[] = [];
  for (const [file, { files }] of await importGraph()) {
    for (const target of files) {
      const edge = `${file} → ${target}`;
      if (STAGES.indexOf(stageOf(target)) > STAGES.indexOf(stageOf(file)) && !ALLOWED_FORWARD.has(edge)) wrong.push(edge);
    }
  }
  assert.deepEqual(wrong, []);
});

test("the data stages (content, the interface's words, archive, the import parser) use no file system, Eleventy, Nunjucks or environment", async () => {
  const wrong: string[] = [];
  for (const [file, { packages, text }] of await importGraph()) {
    const pure = (file.startsWith("src/content/") || file.startsWith("src/i18n/") || file.startsWith("src/archive/") || file === "src/import/plaintext.ts") && !EDGES.has(file);
    if (!pure) continue;
    for (const name of packages) if (/^(node:)?fs(\/|$)|^@11ty\/|^nunjucks$/.test(name)) wrong.push(`${file} imports ${name}`);
    if (/\bprocess\.env\b/.test(text)) wrong.push(`${file} reads process.env`);
  }
  assert.deepEqual(wrong, []);
});

test("only render/ imports Eleventy and Nunjucks", async () => {
  const wrong: string[] = [];
  for (const [file, { packages }] of await importGraph()) {
    if (!file.startsWith("src/render/") && packages.some((name) => /^@11ty\/eleventy$|^nunjucks$/.test(name))) wrong.push(file);
  }
  assert.deepEqual(wrong, []);
});

test("no import cycles, type-only imports included", async () => {
  const graph = await importGraph();
  const cycles: string[] = [];
  const state = new Map<string, "open" | "done">();
  const visit = (file: string, trail: string[]): void => {
    if (state.get(file) === "done") return;
    if (state.get(file) === "open") {
      cycles.push([...trail.slice(trail.indexOf(file)), file].join(" → "));
      return;
    }
    state.set(file, "open");
    for (const next of graph.get(file)?.files ?? []) visit(next, [...trail, file]);
    state.set(file, "done");
  };
  for (const file of graph.keys()) visit(file, []);
  assert.deepEqual(cycles, []);
});
