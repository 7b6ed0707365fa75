import { test } from "node:test";
import assert from "node:assert/strict";
import { absoluteUrl, parseSite, prefixUrl, withBaseUrl, type Site } from "../../src/content/site.ts";
import { formatProblem, sortProblems } from "../../src/shared/problems.ts";

test("site.json is validated with defaults and a normalised prefix", () => {
  const site = parseSite("content/site.json", '{ "title": "Archive", "url": "https://example.org/", "pathPrefix": "archive" }') as Site;
  assert.deepEqual(site, { title: "Archive", description: "An archive of news articles.", language: "en", url: "https://example.org", pathPrefix: "/archive/", pageSize: 20, citationStyles: ["apa", "mla", "chicago"] });
  assert.equal(prefixUrl(site, "/tags/"), "/archive/tags/");
  assert.equal(absoluteUrl(site, "/"), "https://example.org/archive/");
});

test("bad settings are reported with their lines", () => {
  const problems = parseSite("content/site.json", '{\n  "title": "A",\n  "url": "ftp://x",\n  "pagesize": 10\n}');
  assert.ok(Array.isArray(problems));
  assert.deepEqual(sortProblems(problems).map(formatProblem), [
    'content/site.json:3: url: "ftp://x" is not an http(s) origin; write e.g. "https://archive.example.org", and put any path in pathPrefix.',
    'content/site.json:4: pagesize: unknown setting; did you mean "pageSize"?',
  ]);
});

test("a base URL sets both the origin and the prefix", () => {
  const site = parseSite("s.json", '{ "title": "A" }') as Site;
  const moved = withBaseUrl(site, "https://example.org/archive/");
  assert.equal(moved.url, "https://example.org");
  assert.equal(moved.pathPrefix, "/archive/");
});

test("citationStyles names the styles to format, in order, or none; anything else is one line with its fix", () => {
  assert.deepEqual((parseSite("s.json", '{ "title": "A", "citationStyles": ["chicago", "apa"] }') as Site).citationStyles, ["chicago", "apa"]);
  assert.deepEqual((parseSite("s.json", '{ "title": "A", "citationStyles": [] }') as Site).citationStyles, []);
  const bad = (value: string): string[] => (parseSite("content/site.json", `{\n  "title": "A",\n  "citationStyles": ${value}\n}`) as Parameters<typeof formatProblem>[0][]).map(formatProblem);
  assert.deepEqual(bad('["apa", "harvard"]'), ['content/site.json:3: citationStyles: "harvard" is not a citation style; the styles are apa, mla, chicago.']);
  assert.deepEqual(bad('"apa"'), ['content/site.json:3: citationStyles: expected a list of citation styles, e.g. ["apa", "mla", "chicago"], or [] for none.']);
  assert.deepEqual(bad('["mla", "mla"]'), ["content/site.json:3: citationStyles: names a style twice."]);
});
