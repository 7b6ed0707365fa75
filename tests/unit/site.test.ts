import { test } from "node:test";
import assert from "node:assert/strict";
import { absoluteUrl, parseSite, prefixUrl, withBaseUrl, type Site } from "../../src/content/site.ts";
import { formatProblem, sortProblems } from "../../src/shared/problems.ts";

test("site.json is validated with defaults and a normalised prefix", () => {
  const site = parseSite("content/site.json", '{ "title": "Archive", "url": "https://example.org/", "pathPrefix": "archive" }') as Site;
  assert.deepEqual(site, { title: "Archive", description: "An archive of news articles.", language: "en", url: "https://example.org", pathPrefix: "/archive/", pageSize: 20 });
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
