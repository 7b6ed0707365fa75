/**
 * Problems as data, in the vfile-message style: `{ file, line, field, rule, message, severity, hint }`,
 * printed by one printer as `file:line: field: message` (and the hint, if any, on the next line).
 * Content problems, built-site problems (whose field is their rule) and import failures all use it.
 */

/** How serious a problem is: an error stops the build, a notice is printed and the build goes on. */
export type Severity = "error" | "notice";

/** One problem found in content, located at a 1-based line of a project-relative file. */
export interface Problem {
  /** Project-relative path with `/` separators, e.g. "content/articles/2013/x.md". */
  file: string;
  /** 1-based line in the file; the opening `---` is line 1; 1 when a field is missing. */
  line: number;
  /** Field path as written by editors: "title", "tags[1]", "body", "front matter". */
  field: string;
  /** What happened, the value received, then what to do. Ends with a full stop. */
  message: string;
  /** Stable identifier of the rule, for tests and tooling: "date/invalid", "field/unknown". */
  rule: string;
  severity: Severity;
  /** What to do, when the message alone does not say it. */
  hint?: string | undefined;
}

/** What a problem is made from; `severity` is "error" unless said otherwise. */
export type ProblemData = Omit<Problem, "severity"> & { severity?: Severity };

/** Makes a problem from its parts, named: `problem({ file, line, field, rule, message })`. */
export function problem(data: ProblemData): Problem {
  return { ...data, severity: data.severity ?? "error" };
}

/** Sorts problems by file, then line, then field, so output never depends on the order files were read. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      compareText(a.file, b.file) || a.line - b.line || compareText(a.field, b.field) || compareText(a.message, b.message),
  );
}

/** Formats one problem as `path:line: field: message`, then `  hint: …` when it has one. */
export function formatProblem(p: Problem): string {
  const line = `${p.file}:${p.line}: ${p.field}: ${p.message}`;
  return p.hint ? `${line}\n  hint: ${p.hint}` : line;
}

/** The closing line under a list of errors: "3 problems in 2 files. Nothing was built." */
export function summarizeErrors(errors: readonly Problem[]): string {
  const files = new Set(errors.map((e) => e.file)).size;
  return `${plural(errors.length, "problem")} in ${plural(files, "file")}. Nothing was built.`;
}

/** "1 article", "2 articles". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Code-point order: the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Quotes a received value for a message: strings in double quotes, other values by kind. */
export function show(value: unknown): string {
  if (typeof value === "string") {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return String(value);
}
