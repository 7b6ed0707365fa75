/** `npm run import`: reads text dumps, writes validated article files, never overwrites unless told. */
import { lstat, mkdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { parseArticle } from "../content/front-matter.ts";
import { UserError } from "../shared/errors.ts";
import { writeFileAtomically } from "../shared/atomic-write.ts";
import { decodeUtf8 } from "../shared/utf8.ts";
import { displayPath } from "../shared/files.ts";
import { walkFiles, type WalkResult } from "../content/walk.ts";
import { plural, problem, type Problem } from "../shared/problems.ts";
import { importPlainText, isImportFailure } from "./plaintext.ts";

/** What to import, and how. */
export interface ImportRunOptions {
  /** Files and folders (read recursively for .txt files). */
  inputs: string[];
  /** Folder receiving YYYY/<slug>.md, default content/articles. */
  into: string;
  tags: string[];
  source?: string | undefined;
  /** Replace existing files. */
  force: boolean;
  /** Report what would be written, write nothing. */
  dryRun: boolean;
  /** Where to print one line per file and the summary. */
  log: (line: string) => void;
  /** Where a file's problems go; the file is counted as failed and the others still go in. */
  onProblem: (problem: Problem) => void;
  /** Where to print progress on large batches (stderr). */
  progress?: ((done: number, total: number) => void) | undefined;
}

/** How each file ended. */
export interface ImportReport {
  imported: number;
  skipped: number;
  failed: number;
}

/** Imports every input; a file that fails is reported and the others still go in. */
export async function runImport(options: ImportRunOptions): Promise<ImportReport> {
  const shown = (file: string): string => displayPath(file);
  const intoStats = await stat(options.into).catch(() => null);
  if (intoStats && !intoStats.isDirectory()) {
    throw new UserError({ message: `--into ${options.into} is a file, not a folder; nothing was imported.`, hint: "Give the articles folder, e.g. --into content/articles." });
  }
  const report: ImportReport = { imported: 0, skipped: 0, failed: 0 };
  const files: string[] = [];
  for (const input of options.inputs) {
    const listed = await listTextFiles(input);
    files.push(...listed.files);
    for (const skipped of listed.skipped) {
      options.log(`skipped: ${shown(skipped.path)}: ${skipped.reason}`);
      report.skipped += 1;
    }
  }

  // Read and convert everything first, so that two inputs aiming at one file are both caught.
  const planned: { file: string; target: string; text: string }[] = [];
  const fail = (problems: Problem[]): void => {
    for (const p of problems) options.onProblem(p);
    report.failed += 1;
  };
  for (const [i, file] of files.entries()) {
    options.progress?.(i + 1, files.length);
    const raw = decodeUtf8(await readFile(file));
    if (raw === null) {
      fail([problem({ file: shown(file), line: 1, field: "file", rule: "import/encoding", message: "not valid UTF-8.", hint: `Convert it first, e.g. iconv -f latin1 -t utf-8 ${shown(file)} > converted.txt` })]);
      continue;
    }
    const result = importPlainText(raw, { file: shown(file), tags: options.tags, source: options.source });
    if (isImportFailure(result)) {
      fail(result.problems);
      continue;
    }
    // Every file written must pass the generator's own validation; its problems are the dump's.
    const target = path.join(options.into, result.path);
    const checked = parseArticle({ file: shown(target), bytes: new TextEncoder().encode(result.text), now: Number.MAX_SAFE_INTEGER });
    if (Array.isArray(checked)) {
      fail(checked.map((p) => ({ ...p, file: shown(file), line: 1, message: `the article it gives would not validate: ${p.message}` })));
      continue;
    }
    planned.push({ file, target, text: result.text });
  }

  const byTarget = new Map<string, typeof planned>();
  for (const entry of planned) byTarget.set(entry.target, [...(byTarget.get(entry.target) ?? []), entry]);
  for (const [target, entries] of byTarget) {
    if (entries.length > 1) {
      for (const entry of entries) {
        const others = entries.filter((other) => other !== entry).map((other) => shown(other.file)).join(", ");
        fail([problem({ file: shown(entry.file), line: 1, field: "title", rule: "import/same-target", message: `would write ${shown(target)}, as would ${others}.`, hint: "Import them separately, or change one's title." })]);
      }
      continue;
    }
    const { file, text } = entries[0]!;
    const exists = await lstat(target).then(() => true, () => false);
    if (exists && !options.force) {
      options.log(`skipped: exists: ${shown(file)} → ${shown(target)} (use --force to replace it)`);
      report.skipped += 1;
      continue;
    }
    if (options.dryRun) {
      options.log(`would import: ${shown(file)} → ${shown(target)}${exists ? " (replacing it)" : ""}`);
      report.imported += 1;
      continue;
    }
    await mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomically(target, text);
    options.log(`imported: ${shown(file)} → ${shown(target)}${exists ? " (replaced)" : ""}`);
    report.imported += 1;
  }

  const verb = options.dryRun ? "would be imported" : "imported";
  options.log(`${plural(report.imported, "file")} ${verb}, ${report.skipped} skipped, ${report.failed} failed.`);
  return report;
}

// A file as given (symlinks followed), or the .txt files of a folder; anything else is refused
// before a single file is written, since a mistyped path is a usage mistake.
async function listTextFiles(input: string): Promise<WalkResult> {
  const stats = await stat(input).catch((error: NodeJS.ErrnoException) => error);
  if (stats instanceof Error) {
    const reason = stats.code === "ENOENT" ? "does not exist" : stats.code === "ELOOP" ? "is a symlink loop" : `cannot be read (${stats.code})`;
    throw new UserError({ message: `${input} ${reason}; nothing was imported.`, hint: "Give text files, or folders of .txt files, to import." });
  }
  if (stats.isDirectory()) return walkFiles(input, { match: (name) => name.toLowerCase().endsWith(".txt"), confine: false });
  if (stats.isFile()) return { files: [input], skipped: [] };
  throw new UserError({ message: `${input} is not a regular file (a named pipe, socket or device); nothing was imported.`, hint: "Give text files, or folders of .txt files, to import." });
}
