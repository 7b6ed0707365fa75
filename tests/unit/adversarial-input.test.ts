import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { baseUrlProblem, parseSite, pathPrefixProblem } from "../../src/content/site.ts";
import { parseArticle } from "../../src/content/front-matter.ts";
import { parseNewsDate } from "../../src/content/dates.ts";
import { importPlainText, parseByline } from "../../src/import/plaintext.ts";
import { parseFlags, wholeNumber, baseUrlFlag } from "../../src/cli/flags.ts";
import { z } from "zod";

// The shapes that make backtracking regexes blow up: a long run of what a repeated group accepts,
// then one character that makes the whole match fail at the very end.
const RUN = fc.constantFrom("a", "/", "a/", " ", "\t", "-", "aa-", ".", "1", "'", ", ", " >", "\\", "%", "A.", "_", "é");
const TAIL = fc.constantFrom("!", "", "\u0000", "/..", " x", "\n", "#", "?");
const adversarial = fc.tuple(RUN, fc.integer({ min: 20_000, max: 100_000 }), TAIL).map(([run, times, tail]) => `x${run.repeat(Math.ceil(times / run.length))}${tail}`);

// Not a speed target (those live in npm run bench) but a hang detector: every call below answers
// a 100,000-character input in milliseconds, while an exponential regex needs seconds at 30
// characters (the old pathPrefix pattern took 34 s for 31) and a quadratic one seconds at 100,000
// (the old import paragraph join took 90 s for this test). The budget is generous, so a slow machine
// never trips it; a regression to exponential or quadratic time does.
const BUDGET_MS = 1_500;

function timed(label: string, work: () => unknown): void {
  const started = performance.now();
  work();
  const ms = performance.now() - started;
  assert.ok(ms < BUDGET_MS, `${label} took ${ms.toFixed(0)} ms`);
}

const FRONT_MATTER_FIELDS = ["title", "date", "author", "source", "original_url", "summary", "lang", "slug", "updated", "location", "dek", "tags"];
const SITE_FIELDS = ["title", "description", "language", "url", "pathPrefix"];

test("site.json settings, base URLs and path prefixes answer long hostile strings at once", () => {
  fc.assert(
    fc.property(adversarial, (value) => {
      for (const field of SITE_FIELDS) timed(`site.json ${field}`, () => parseSite("content/site.json", JSON.stringify({ title: "A", [field]: value })));
      timed("pathPrefixProblem", () => pathPrefixProblem(value));
      timed("baseUrlProblem", () => baseUrlProblem(`https://example.org/${value}`));
    }),
    { numRuns: 40 },
  );
  assert.match(pathPrefixProblem(`${"a".repeat(40)}!`) ?? "", /^is not a path/, "the input that used to hang is refused");
  assert.match(pathPrefixProblem("../../") ?? "", /^has a "\.\." segment/);
});

test("front matter fields and bodies answer long hostile strings at once", () => {
  fc.assert(
    fc.property(adversarial, fc.constantFrom(...FRONT_MATTER_FIELDS), (value, field) => {
      const text = `---\ntitle: T\ndate: 2013-04-06\nsource: S\n${field === "title" ? "titel" : field}: ${JSON.stringify(value)}\n---\nbody\n`;
      timed(`front matter ${field}`, () => parseArticle({ file: "a.md", bytes: new TextEncoder().encode(text), now: 0 }));
      timed("body", () => parseArticle({ file: "a.md", bytes: new TextEncoder().encode(`---\ntitle: T\ndate: 2013-04-06\nsource: S\n---\n${value}\n`), now: 0 }));
    }),
    { numRuns: 60 },
  );
});

test("import dumps, bylines, news dates and command-line flags answer long hostile strings at once", () => {
  const spec = { command: "npm run build", options: { jobs: { type: "string" as const }, "base-url": { type: "string" as const } }, schema: z.object({ jobs: wholeNumber(1, 64, 2).optional(), "base-url": baseUrlFlag.optional() }) };
  fc.assert(
    fc.property(adversarial, (value) => {
      timed("importPlainText", () => importPlainText(`${value}\nBy ${value}\nApril 6, 2013 ${value}\n\n${value}\n\nOriginal url: ${value}\n`, { file: "dump.txt", tags: [] }));
      timed("parseByline", () => parseByline(`By ${value}`));
      timed("parseNewsDate", () => parseNewsDate(value));
      timed("--jobs", () => assert.throws(() => parseFlags(["--jobs", value], spec)));
      timed("--base-url", () => assert.throws(() => parseFlags(["--base-url", `https://x.org/${value}`], spec)));
    }),
    { numRuns: 40 },
  );
});
